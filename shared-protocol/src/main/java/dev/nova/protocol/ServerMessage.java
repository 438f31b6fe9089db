package dev.nova.protocol;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeName;
import java.util.List;

/**
 * Everything a server sends to its clients. The list in {@code @JsonSubTypes} is the registry
 * the codec decodes by; a test keeps it equal to the permitted records.
 */
@JsonSubTypes({
    @JsonSubTypes.Type(ServerMessage.ConnectionSuccess.class),
    @JsonSubTypes.Type(ServerMessage.AuthFailure.class),
    @JsonSubTypes.Type(ServerMessage.SubscriptionSuccess.class),
    @JsonSubTypes.Type(ServerMessage.UnsubscriptionSuccess.class),
    @JsonSubTypes.Type(ServerMessage.ChatMessage.class),
    @JsonSubTypes.Type(ServerMessage.History.class),
    @JsonSubTypes.Type(ServerMessage.LlmChunk.class),
    @JsonSubTypes.Type(ServerMessage.TaskUpdate.class),
    @JsonSubTypes.Type(ServerMessage.AgentStatus.class),
    @JsonSubTypes.Type(ServerMessage.AgentAction.class),
    @JsonSubTypes.Type(ServerMessage.Pong.class),
    @JsonSubTypes.Type(ServerMessage.ServerStatus.class),
    @JsonSubTypes.Type(ServerMessage.Error.class),
    @JsonSubTypes.Type(ServerMessage.Threads.class),
    @JsonSubTypes.Type(ServerMessage.ThreadUpdate.class),
    @JsonSubTypes.Type(ServerMessage.Search.class),
    @JsonSubTypes.Type(ServerMessage.Models.class),
    @JsonSubTypes.Type(ServerMessage.ModelStatus.class),
    @JsonSubTypes.Type(ServerMessage.ThreadImport.class),
    @JsonSubTypes.Type(ServerMessage.MessageDelete.class),
    @JsonSubTypes.Type(ServerMessage.Tools.class),
    @JsonSubTypes.Type(ServerMessage.ToolCall.class),
})
public sealed interface ServerMessage extends Message {

    /** Protocol version spoken by this codec. */
    int PROTOCOL_VERSION = 1;

    @JsonTypeName("connection_success")
    record ConnectionSuccess(
            @JsonProperty("client_id") String clientId,
            @JsonProperty("session_id") String sessionId,
            @JsonProperty("server_version") String serverVersion,
            @JsonProperty("protocol") Integer protocol,
            @JsonProperty("heartbeat_s") Integer heartbeatS) implements ServerMessage {
        public ConnectionSuccess {
            Check.name("client_id", clientId);
            Check.name("session_id", sessionId);
            Check.nonEmptyText("server_version", serverVersion);
            Check.required("protocol", protocol);
            Check.between("protocol", protocol, 1, Integer.MAX_VALUE);
            Check.required("heartbeat_s", heartbeatS);
            Check.between("heartbeat_s", heartbeatS, 1, 3600);
        }
    }

    /** Authentication was refused; the server closes with 4001 next. */
    @JsonTypeName("auth_failure")
    record AuthFailure(@JsonProperty("reason") String reason) implements ServerMessage {
        public AuthFailure {
            Check.nonEmptyText("reason", reason);
        }
    }

    /**
     * Joined {@code channel}, whose newest offset is {@code offset} in {@code epoch}.
     * {@code recovered} tells whether every message asked for with {@code since} follows.
     */
    @JsonTypeName("subscription_success")
    record SubscriptionSuccess(
            @JsonProperty("channel") String channel,
            @JsonProperty("offset") Long offset,
            @JsonProperty("epoch") String epoch,
            @JsonProperty("recovered") Boolean recovered) implements ServerMessage {
        public SubscriptionSuccess {
            Check.name("channel", channel);
            Check.atLeast("offset", offset, 0);
            Check.name("epoch", epoch);
            Check.required("recovered", recovered);
        }
    }

    @JsonTypeName("unsubscription_success")
    record UnsubscriptionSuccess(@JsonProperty("channel") String channel) implements ServerMessage {
        public UnsubscriptionSuccess {
            Check.name("channel", channel);
        }
    }

    /**
     * A stored chat message. Answers from the assistant also carry {@code is_final},
     * {@code response}, {@code model}, {@code finish_reason} and {@code stats}; an answer the
     * agents worked out also carries their {@code work} (the plan, each step's text), one whose
     * model called tools the calls ({@code tool_calls}). A question asked again edited carries
     * {@code edit_of}: the first version's {@code message_id}.
     */
    @JsonTypeName("chat_message")
    record ChatMessage(
            @JsonProperty("content") String content,
            @JsonProperty("thread_id") String threadId,
            @JsonProperty("message_id") String messageId,
            @JsonProperty("offset") Long offset,
            @JsonProperty("sender") String sender,
            @JsonProperty("created_at") String createdAt,
            @JsonProperty("is_final") Boolean isFinal,
            @JsonProperty("response") String response,
            @JsonProperty("model") String model,
            @JsonProperty("finish_reason") FinishReason finishReason,
            @JsonProperty("stats") Stats stats,
            @JsonProperty("reply_to") String replyTo,
            @JsonProperty("error") String error,
            @JsonProperty("work") List<AgentWork> work,
            @JsonProperty("edit_of") String editOf,
            @JsonProperty("tool_calls") List<ToolUse> toolCalls) implements ServerMessage {
        public ChatMessage {
            Check.optionalName("edit_of", editOf);
            Check.text("content", content);
            Check.name("thread_id", threadId);
            Check.name("message_id", messageId);
            Check.atLeast("offset", offset, 0);
            Check.name("sender", sender);
            Timestamps.checkOptional("created_at", createdAt);
            Check.optionalName("reply_to", replyTo);
            Check.optionalNonEmptyText("error", error);
            if (work != null && work.stream().anyMatch(java.util.Objects::isNull)) {
                throw Check.invalid("work", "must hold agent work objects, not null");
            }
            work = work == null || work.isEmpty() ? null : List.copyOf(work);
            if (toolCalls != null && toolCalls.stream().anyMatch(java.util.Objects::isNull)) {
                throw Check.invalid("tool_calls", "must hold tool call objects, not null");
            }
            toolCalls = toolCalls == null || toolCalls.isEmpty() ? null : List.copyOf(toolCalls);
        }

        /** A message without tool calls (every one but an answer whose model called tools). */
        public ChatMessage(String content, String threadId, String messageId, Long offset, String sender,
                           String createdAt, Boolean isFinal, String response, String model, FinishReason finishReason,
                           Stats stats, String replyTo, String error, List<AgentWork> work, String editOf) {
            this(content, threadId, messageId, offset, sender, createdAt, isFinal, response, model, finishReason, stats,
                    replyTo, error, work, editOf, null);
        }

        /** A message that is not an edit of an earlier question. */
        public ChatMessage(String content, String threadId, String messageId, Long offset, String sender,
                           String createdAt, Boolean isFinal, String response, String model, FinishReason finishReason,
                           Stats stats, String replyTo, String error, List<AgentWork> work) {
            this(content, threadId, messageId, offset, sender, createdAt, isFinal, response, model, finishReason, stats,
                    replyTo, error, work, null);
        }

        /** This message at another offset (the stores give a message its place). */
        public ChatMessage withOffset(long at) {
            return new ChatMessage(content, threadId, messageId, at, sender, createdAt, isFinal, response, model,
                    finishReason, stats, replyTo, error, work, editOf, toolCalls);
        }

        /** An answer without the agents' work (every answer not planned by the coordinator). */
        public ChatMessage(String content, String threadId, String messageId, Long offset, String sender,
                           String createdAt, Boolean isFinal, String response, String model, FinishReason finishReason,
                           Stats stats, String replyTo, String error) {
            this(content, threadId, messageId, offset, sender, createdAt, isFinal, response, model, finishReason, stats,
                    replyTo, error, null);
        }

        /** An answer without {@code reply_to} or {@code error} (as stored before they existed). */
        public ChatMessage(String content, String threadId, String messageId, Long offset, String sender,
                           String createdAt, Boolean isFinal, String response, String model, FinishReason finishReason,
                           Stats stats) {
            this(content, threadId, messageId, offset, sender, createdAt, isFinal, response, model, finishReason, stats,
                    null, null);
        }

        /** A plain (non-assistant) message. */
        public static ChatMessage of(String content, String threadId, String messageId, long offset,
                                     String sender, String createdAt) {
            return new ChatMessage(content, threadId, messageId, offset, sender, createdAt,
                    null, null, null, null, null, null, null, null);
        }
    }

    /** One page of stored chat messages, oldest first; {@code has_more} when older ones exist. */
    @JsonTypeName("history")
    record History(
            @JsonProperty("thread_id") String threadId,
            @JsonProperty("messages") List<ChatMessage> messages,
            @JsonProperty("has_more") Boolean hasMore) implements ServerMessage {
        public History {
            Check.optionalName("thread_id", threadId);
            messages = List.copyOf(Check.required("messages", messages));
            Check.required("has_more", hasMore);
        }
    }

    /**
     * One piece of a streamed answer. The last one has {@code is_final: true},
     * {@code finish_reason} and {@code stats}. {@code reasoning} carries a reasoning model's
     * thinking, kept apart from the answer. {@code task_id}/{@code agent_id} tag agent work.
     */
    @JsonTypeName("llm_chunk")
    record LlmChunk(
            @JsonProperty("chunk") String chunk,
            @JsonProperty("is_final") Boolean isFinal,
            @JsonProperty("request_id") String requestId,
            @JsonProperty("reasoning") String reasoning,
            @JsonProperty("finish_reason") FinishReason finishReason,
            @JsonProperty("stats") Stats stats,
            @JsonProperty("model") String model,
            @JsonProperty("task_id") String taskId,
            @JsonProperty("agent_id") String agentId) implements ServerMessage {
        public LlmChunk {
            Check.text("chunk", chunk);
            Check.required("is_final", isFinal);
            Check.optionalName("request_id", requestId);
            Check.optionalName("task_id", taskId);
            Check.optionalName("agent_id", agentId);
        }

        public static LlmChunk piece(String requestId, String chunk) {
            return new LlmChunk(chunk, false, requestId, null, null, null, null, null, null);
        }
    }

    /** A task entered the board or moved on it; {@code thread_id} names the assistant thread it is a step of. */
    @JsonTypeName("task_update")
    record TaskUpdate(
            @JsonProperty("task_id") String taskId,
            @JsonProperty("status") TaskStatus status,
            @JsonProperty("agent_id") String agentId,
            @JsonProperty("title") String title,
            @JsonProperty("task_type") String taskType,
            @JsonProperty("content") String content,
            @JsonProperty("result") String result,
            @JsonProperty("error") String error,
            @JsonProperty("created_at") String createdAt,
            @JsonProperty("updated_at") String updatedAt,
            @JsonProperty("elapsed_ms") Long elapsedMs,
            @JsonProperty("tokens") Long tokens,
            @JsonProperty("thread_id") String threadId,
            @JsonProperty("tool_calls") List<ToolUse> toolCalls) implements ServerMessage {
        public TaskUpdate {
            toolCalls = toolCalls == null || toolCalls.isEmpty() ? null : List.copyOf(toolCalls);
            Check.optionalName("thread_id", threadId);
            Check.name("task_id", taskId);
            Check.required("status", status);
            Check.optionalName("agent_id", agentId);
            Check.optionalName("task_type", taskType);
            Timestamps.checkOptional("created_at", createdAt);
            Timestamps.checkOptional("updated_at", updatedAt);
            Check.optionalAtLeast("elapsed_ms", elapsedMs, 0);
            Check.optionalAtLeast("tokens", tokens, 0);
        }

        /** A task whose agent called no tools. */
        public TaskUpdate(String taskId, TaskStatus status, String agentId, String title, String taskType, String content,
                          String result, String error, String createdAt, String updatedAt, Long elapsedMs, Long tokens,
                          String threadId) {
            this(taskId, status, agentId, title, taskType, content, result, error, createdAt, updatedAt, elapsedMs, tokens,
                    threadId, null);
        }
    }

    @JsonTypeName("agent_status")
    record AgentStatus(
            @JsonProperty("agent_id") String agentId,
            @JsonProperty("status") AgentState status,
            @JsonProperty("name") String name,
            @JsonProperty("role") String role,
            @JsonProperty("task_id") String taskId) implements ServerMessage {
        public AgentStatus {
            Check.name("agent_id", agentId);
            Check.required("status", status);
            Check.optionalName("task_id", taskId);
        }
    }

    /** A step an agent takes: planned, assigned, started, finished, failed... */
    @JsonTypeName("agent_action")
    record AgentAction(
            @JsonProperty("agent_id") String agentId,
            @JsonProperty("action") String action,
            @JsonProperty("task_id") String taskId,
            @JsonProperty("detail") String detail) implements ServerMessage {
        public AgentAction {
            Check.name("agent_id", agentId);
            Check.name("action", action);
            Check.optionalName("task_id", taskId);
        }
    }

    @JsonTypeName("pong")
    record Pong() implements ServerMessage {}

    /**
     * The server's own state changed (addition): {@code degraded} when what it stores messages in
     * (Redis, on a team of nodes) is not reachable - messages sent now are refused, not stored -
     * and {@code ok} when it is back; a client then asks for what it missed as after a reconnect.
     * Sent to every connection when it changes, and after {@code connection_success} while degraded.
     */
    @JsonTypeName("server_status")
    record ServerStatus(
            @JsonProperty("status") ServerState status,
            @JsonProperty("detail") String detail) implements ServerMessage {
        public ServerStatus {
            Check.required("status", status);
            Check.optionalNonEmptyText("detail", detail);
        }
    }

    /**
     * The frame named by {@code ref_type} (and {@code request_id}, when it had one) could not be
     * served; the connection stays open unless a close follows. {@code retry_after_ms} says when
     * trying again can succeed ({@code rate_limited}).
     */
    @JsonTypeName("error")
    record Error(
            @JsonProperty("code") ErrorCode code,
            @JsonProperty("message") String message,
            @JsonProperty("ref_type") String refType,
            @JsonProperty("request_id") String requestId,
            @JsonProperty("retry_after_ms") Long retryAfterMs) implements ServerMessage {
        public Error {
            Check.required("code", code);
            Check.nonEmptyText("message", message);
            Check.optionalName("ref_type", refType);
            Check.optionalName("request_id", requestId);
            Check.optionalAtLeast("retry_after_ms", retryAfterMs, 0);
        }

        public Error(ErrorCode code, String message, String refType, String requestId) {
            this(code, message, refType, requestId, null);
        }

        public static Error of(ProtocolException e, String refType) {
            return new Error(e.code(), e.getMessage(), refType, null);
        }
    }

    /**
     * The sidebar: the person's assistant threads, newest activity first, and the channels they
     * can read that hold messages, except those they left: those are in {@code left_channels}
     * (absent when none), for joining again. {@code unread} counts others' messages after their read mark.
     */
    @JsonTypeName("threads")
    record Threads(
            @JsonProperty("threads") List<ThreadInfo> threads,
            @JsonProperty("channels") List<ChannelInfo> channels,
            @JsonProperty("left_channels") List<ChannelInfo> leftChannels) implements ServerMessage {
        public Threads {
            threads = List.copyOf(Check.required("threads", threads));
            channels = List.copyOf(Check.required("channels", channels));
            leftChannels = leftChannels == null || leftChannels.isEmpty() ? null : List.copyOf(leftChannels);
        }

        /** The channels the person left that they may join again (the join dialog offers them); empty for none. */
        public List<ChannelInfo> left() {
            return leftChannels == null ? List.of() : leftChannels;
        }
    }

    /**
     * An assistant thread changed (sent to every connection of its owner): what changed, as in the
     * client's {@code thread_update}; {@code settings} is the thread's whole settings after it.
     */
    @JsonTypeName("thread_update")
    record ThreadUpdate(
            @JsonProperty("thread_id") String threadId,
            @JsonProperty("title") String title,
            @JsonProperty("deleted") Boolean deleted,
            @JsonProperty("pinned") Boolean pinned,
            @JsonProperty("folder") String folder,
            @JsonProperty("settings") ThreadSettings settings) implements ServerMessage {
        public ThreadUpdate {
            Check.name("thread_id", threadId);
            Check.optionalShortText("title", title, ClientMessage.ThreadUpdate.MAX_TITLE);
            ClientMessage.ThreadUpdate.checkFolder(folder);
        }

        /** A thread renamed or deleted. */
        public ThreadUpdate(String threadId, String title, Boolean deleted) {
            this(threadId, title, deleted, null, null, null);
        }
    }

    /** Messages containing {@code query}, newest first; {@code channel} is absent for assistant threads. */
    @JsonTypeName("search")
    record Search(
            @JsonProperty("query") String query,
            @JsonProperty("results") List<SearchHit> results) implements ServerMessage {
        public Search {
            Check.text("query", query);
            results = List.copyOf(Check.required("results", results));
        }
    }

    /**
     * The models of the server's model server. {@code api} says how it was asked: {@code lmstudio}
     * (LM Studio's native API: every downloaded model with its state; {@code can_load} and
     * {@code can_unload} true) or {@code openai} (an OpenAI-compatible server such as llama.cpp's
     * or Ollama's: the models it serves, no state, no load or unload). {@code error} says why the
     * list is empty when the model server could not be asked.
     */
    @JsonTypeName("models")
    record Models(
            @JsonProperty("api") String api,
            @JsonProperty("can_load") Boolean canLoad,
            @JsonProperty("can_unload") Boolean canUnload,
            @JsonProperty("models") List<ModelInfo> models,
            @JsonProperty("error") String error) implements ServerMessage {
        public Models {
            Check.name("api", api);
            models = List.copyOf(Check.required("models", models));
            Check.optionalNonEmptyText("error", error);
        }
    }

    /**
     * A model's load or unload, as it goes: {@code loading} (with {@code progress} from 0 to 1 when
     * the model server reports it), then {@code loaded} (with {@code load_time_s}), or
     * {@code not_loaded} after an unload, or {@code failed} with {@code error}.
     */
    @JsonTypeName("model_status")
    record ModelStatus(
            @JsonProperty("model") String model,
            @JsonProperty("state") ModelState state,
            @JsonProperty("progress") Double progress,
            @JsonProperty("load_time_s") Double loadTimeS,
            @JsonProperty("error") String error) implements ServerMessage {
        public ModelStatus {
            Check.nonEmptyText("model", model);
            Check.required("state", state);
            Check.optionalNonNegative("progress", progress);
            if (progress != null && progress > 1) {
                throw Check.invalid("progress", "must be from 0 to 1");
            }
            Check.optionalNonNegative("load_time_s", loadTimeS);
            Check.optionalNonEmptyText("error", error);
            if (state == ModelState.FAILED && error == null) {
                throw Check.invalid("error", "required when the state is failed");
            }
        }
    }

    /** One {@code thread_import} frame stored: how many of its messages were new, and how many were there already. */
    @JsonTypeName("thread_import")
    record ThreadImport(
            @JsonProperty("thread_id") String threadId,
            @JsonProperty("stored") Integer stored,
            @JsonProperty("duplicates") Integer duplicates) implements ServerMessage {
        public ThreadImport {
            Check.name("thread_id", threadId);
            Check.required("stored", stored);
            Check.between("stored", stored, 0, ClientMessage.ThreadImport.MAX_MESSAGES);
            Check.required("duplicates", duplicates);
            Check.between("duplicates", duplicates, 0, ClientMessage.ThreadImport.MAX_MESSAGES);
        }
    }

    /** Messages of an assistant thread were deleted (sent to every connection of its owner). */
    @JsonTypeName("message_delete")
    record MessageDelete(
            @JsonProperty("thread_id") String threadId,
            @JsonProperty("message_ids") List<String> messageIds) implements ServerMessage {
        public MessageDelete {
            Check.name("thread_id", threadId);
            Check.required("message_ids", messageIds);
            if (messageIds.isEmpty() || messageIds.stream().anyMatch(id -> id == null || !Check.isName(id))) {
                throw Check.invalid("message_ids", "must hold one or more message ids");
            }
            messageIds = List.copyOf(messageIds);
        }
    }

    /** The MCP servers the server is configured with, how each is doing, and their tools with their policies. */
    @JsonTypeName("tools")
    record Tools(@JsonProperty("servers") List<ToolServer> servers) implements ServerMessage {
        public Tools {
            servers = List.copyOf(Check.required("servers", servers));
        }
    }

    /**
     * A tool call's life, sent to every connection of the person whose answer (or task) it is:
     * {@code pending_approval} (until one of them answers with {@code tool_approval}), then
     * {@code running}, then {@code succeeded} or {@code failed}; or {@code denied}. The answer it
     * belongs to streams as {@code request_id}, in thread {@code thread_id} or for task {@code task_id}.
     */
    @JsonTypeName("tool_call")
    record ToolCall(
            @JsonProperty("call") ToolUse call,
            @JsonProperty("request_id") String requestId,
            @JsonProperty("thread_id") String threadId,
            @JsonProperty("task_id") String taskId) implements ServerMessage {
        public ToolCall {
            Check.required("call", call);
            Check.optionalName("request_id", requestId);
            Check.optionalName("thread_id", threadId);
            Check.optionalName("task_id", taskId);
        }
    }
}
