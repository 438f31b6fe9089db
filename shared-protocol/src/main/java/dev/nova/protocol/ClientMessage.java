package dev.nova.protocol;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeName;
import java.util.Map;

/**
 * Everything a client (desktop app, external agent, script) may send to a server.
 * The list in {@code @JsonSubTypes} is the registry the codec decodes by; a test keeps it equal
 * to the permitted records.
 */
@JsonSubTypes({
    @JsonSubTypes.Type(ClientMessage.Auth.class),
    @JsonSubTypes.Type(ClientMessage.Subscribe.class),
    @JsonSubTypes.Type(ClientMessage.Unsubscribe.class),
    @JsonSubTypes.Type(ClientMessage.ChatMessage.class),
    @JsonSubTypes.Type(ClientMessage.History.class),
    @JsonSubTypes.Type(ClientMessage.LlmRequest.class),
    @JsonSubTypes.Type(ClientMessage.LlmCancel.class),
    @JsonSubTypes.Type(ClientMessage.CreateTask.class),
    @JsonSubTypes.Type(ClientMessage.TaskUpdate.class),
    @JsonSubTypes.Type(ClientMessage.AgentStatus.class),
    @JsonSubTypes.Type(ClientMessage.Ping.class),
    @JsonSubTypes.Type(ClientMessage.Threads.class),
    @JsonSubTypes.Type(ClientMessage.ThreadUpdate.class),
    @JsonSubTypes.Type(ClientMessage.MarkRead.class),
    @JsonSubTypes.Type(ClientMessage.Search.class),
    @JsonSubTypes.Type(ClientMessage.Regenerate.class),
    @JsonSubTypes.Type(ClientMessage.Models.class),
    @JsonSubTypes.Type(ClientMessage.ModelLoad.class),
    @JsonSubTypes.Type(ClientMessage.ModelUnload.class),
    @JsonSubTypes.Type(ClientMessage.ThreadImport.class),
    @JsonSubTypes.Type(ClientMessage.MessageDelete.class),
    @JsonSubTypes.Type(ClientMessage.Tools.class),
    @JsonSubTypes.Type(ClientMessage.ToolPolicyUpdate.class),
    @JsonSubTypes.Type(ClientMessage.ToolApproval.class),
})
public sealed interface ClientMessage extends Message {

    /** Authenticate this connection. */
    @JsonTypeName("auth")
    record Auth(@JsonProperty("api_key") String apiKey) implements ClientMessage {
        public Auth {
            Check.nonEmptyText("api_key", apiKey);
        }

        @Override
        public String toString() {
            return "Auth[api_key=<redacted>]";
        }
    }

    /** Join a channel; with {@code since}, first replay what was missed after that offset. */
    @JsonTypeName("subscribe")
    record Subscribe(@JsonProperty("channel") String channel, @JsonProperty("since") Since since)
            implements ClientMessage {
        public Subscribe {
            Check.name("channel", channel);
        }
    }

    @JsonTypeName("unsubscribe")
    record Unsubscribe(@JsonProperty("channel") String channel) implements ClientMessage {
        public Unsubscribe {
            Check.name("channel", channel);
        }
    }

    /**
     * A message to the frame's channel, or to the assistant when the channel is null.
     * {@code message_id} is the client's idempotency key: a retry with the same id is stored once.
     * {@code model} picks the model that answers a message to the assistant (else the server's default).
     * {@code edit_of} (assistant threads only) asks a stored question of the sender's again, edited:
     * the new question and its answer are a new branch of the thread from that question on; the
     * earlier branch is kept and can be shown again (see {@link Exchanges#branch}).
     */
    @JsonTypeName("chat_message")
    record ChatMessage(
            @JsonProperty("content") String content,
            @JsonProperty("thread_id") String threadId,
            @JsonProperty("message_id") String messageId,
            @JsonProperty("model") String model,
            @JsonProperty("edit_of") String editOf) implements ClientMessage {
        public ChatMessage {
            Check.nonEmptyText("content", content);
            Check.optionalName("thread_id", threadId);
            Check.optionalName("message_id", messageId);
            Check.optionalNonEmptyText("model", model);
            Check.optionalName("edit_of", editOf);
        }

        public ChatMessage(String content, String threadId, String messageId) {
            this(content, threadId, messageId, null, null);
        }

        public ChatMessage(String content, String threadId, String messageId, String model) {
            this(content, threadId, messageId, model, null);
        }
    }

    /**
     * Answers the sender's stored question {@code message_id} (in their assistant stream) again:
     * Regenerate, or Retry after a failed or stopped answer. The new answer streams with request
     * id {@code answer-<message_id>} and is stored with {@code reply_to} set; it replaces the
     * earlier answers to that question, in the thread's context and on screen.
     */
    @JsonTypeName("regenerate")
    record Regenerate(
            @JsonProperty("message_id") String messageId,
            @JsonProperty("model") String model) implements ClientMessage {
        public Regenerate {
            Check.name("message_id", messageId);
            Check.optionalNonEmptyText("model", model);
        }
    }

    /** Page backwards through the frame's channel, or through a thread. */
    @JsonTypeName("history")
    record History(
            @JsonProperty("thread_id") String threadId,
            @JsonProperty("before") Long before,
            @JsonProperty("limit") Integer limit) implements ClientMessage {
        public static final int MAX_LIMIT = 500;

        public History {
            Check.optionalName("thread_id", threadId);
            Check.optionalAtLeast("before", before, 0);
            Check.between("limit", limit, 1, MAX_LIMIT);
        }
    }

    /** Stream an LLM answer to {@code content}, shaped by a prompt template. */
    @JsonTypeName("llm_request")
    record LlmRequest(
            @JsonProperty("content") String content,
            @JsonProperty("template") String template,
            @JsonProperty("metadata") Map<String, Object> metadata,
            @JsonProperty("request_id") String requestId,
            @JsonProperty("model") String model) implements ClientMessage {
        public LlmRequest {
            Check.nonEmptyText("content", content);
            Check.name("template", template);
            metadata = Check.object(Check.required("metadata", metadata));
            Check.optionalName("request_id", requestId);
            Check.optionalNonEmptyText("model", model);
        }
    }

    /** Stop a streaming answer, upstream included. */
    @JsonTypeName("llm_cancel")
    record LlmCancel(@JsonProperty("request_id") String requestId) implements ClientMessage {
        public LlmCancel {
            Check.name("request_id", requestId);
        }
    }

    @JsonTypeName("create_task")
    record CreateTask(
            @JsonProperty("task_type") String taskType,
            @JsonProperty("content") String content,
            @JsonProperty("title") String title) implements ClientMessage {
        public CreateTask {
            Check.name("task_type", taskType);
            Check.nonEmptyText("content", content);
            Check.optionalNonEmptyText("title", title);
        }
    }

    /** An agent moving a task along. */
    @JsonTypeName("task_update")
    record TaskUpdate(
            @JsonProperty("task_id") String taskId,
            @JsonProperty("status") TaskStatus status,
            @JsonProperty("agent_id") String agentId,
            @JsonProperty("result") String result,
            @JsonProperty("error") String error) implements ClientMessage {
        public TaskUpdate {
            Check.name("task_id", taskId);
            Check.required("status", status);
            Check.optionalName("agent_id", agentId);
        }
    }

    /** An agent reporting its own presence. */
    @JsonTypeName("agent_status")
    record AgentStatus(
            @JsonProperty("agent_id") String agentId,
            @JsonProperty("status") AgentState status,
            @JsonProperty("name") String name,
            @JsonProperty("role") String role) implements ClientMessage {
        public AgentStatus {
            Check.name("agent_id", agentId);
            Check.required("status", status);
            Check.optionalNonEmptyText("name", name);
            Check.optionalNonEmptyText("role", role);
        }
    }

    @JsonTypeName("ping")
    record Ping() implements ClientMessage {}

    /** List the sender's assistant threads and the channels they can read, with unread counts. */
    @JsonTypeName("threads")
    record Threads() implements ClientMessage {}

    /**
     * Changes one of the sender's assistant threads: rename ({@code title}), delete
     * ({@code deleted: true}), pin or unpin ({@code pinned}), put it in a folder ({@code folder};
     * the empty string takes it out), or set how the assistant answers in it ({@code settings},
     * replacing the earlier settings whole; an empty object goes back to the server's defaults).
     * Fields left out are left as they are; at least one must be given.
     */
    @JsonTypeName("thread_update")
    record ThreadUpdate(
            @JsonProperty("thread_id") String threadId,
            @JsonProperty("title") String title,
            @JsonProperty("deleted") Boolean deleted,
            @JsonProperty("pinned") Boolean pinned,
            @JsonProperty("folder") String folder,
            @JsonProperty("settings") ThreadSettings settings) implements ClientMessage {
        public static final int MAX_TITLE = 200;
        public static final int MAX_FOLDER = 100;

        public ThreadUpdate {
            Check.name("thread_id", threadId);
            Check.optionalShortText("title", title, MAX_TITLE);
            checkFolder(folder);
            if (title == null && !Boolean.TRUE.equals(deleted) && pinned == null && folder == null && settings == null) {
                throw Check.invalid("title", "give title, deleted: true, pinned, folder or settings");
            }
        }

        /** Rename ({@code title}) or delete ({@code deleted: true}). */
        public ThreadUpdate(String threadId, String title, Boolean deleted) {
            this(threadId, title, deleted, null, null, null);
        }

        public static ThreadUpdate pin(String threadId, boolean pinned) {
            return new ThreadUpdate(threadId, null, null, pinned, null, null);
        }

        /** Into {@code folder}; the empty string: out of any folder. */
        public static ThreadUpdate file(String threadId, String folder) {
            return new ThreadUpdate(threadId, null, null, null, folder, null);
        }

        public static ThreadUpdate settings(String threadId, ThreadSettings settings) {
            return new ThreadUpdate(threadId, null, null, null, null, settings);
        }

        /** A folder name: at most {@value #MAX_FOLDER} characters, not only spaces; empty for none. */
        static void checkFolder(String folder) {
            if (folder == null || folder.isEmpty()) {
                return;
            }
            Check.shortText("folder", folder, MAX_FOLDER);
            if (folder.isBlank()) {
                throw Check.invalid("folder", "must not be only spaces (the empty string takes the thread out of its folder)");
            }
        }
    }

    /**
     * Everything up to {@code offset} of the frame's channel, or of an assistant thread when the
     * channel is null, has been read: it no longer counts as unread.
     */
    @JsonTypeName("mark_read")
    record MarkRead(
            @JsonProperty("thread_id") String threadId,
            @JsonProperty("offset") Long offset) implements ClientMessage {
        public MarkRead {
            Check.optionalName("thread_id", threadId);
            Check.atLeast("offset", offset, 0);
        }
    }

    /** Find messages whose text contains {@code query} (case-insensitive) in everything the sender can read. */
    @JsonTypeName("search")
    record Search(
            @JsonProperty("query") String query,
            @JsonProperty("limit") Integer limit) implements ClientMessage {
        public static final int MAX_QUERY = 200;
        public static final int MAX_LIMIT = 100;

        public Search {
            Check.shortText("query", query, MAX_QUERY);
            Check.between("limit", limit, 1, MAX_LIMIT);
        }
    }

    /** List the models the server's model server has: downloaded and loaded, with their sizes and contexts. */
    @JsonTypeName("models")
    record Models() implements ClientMessage {}

    /**
     * Load a model into the model server's memory (LM Studio); its progress comes as
     * {@code model_status} frames to the sender.
     */
    @JsonTypeName("model_load")
    record ModelLoad(@JsonProperty("model") String model) implements ClientMessage {
        public ModelLoad {
            Check.shortText("model", model, ThreadSettings.MAX_MODEL);
        }
    }

    /** Unload a model from the model server's memory (every loaded instance of it); admins only. */
    @JsonTypeName("model_unload")
    record ModelUnload(@JsonProperty("model") String model) implements ClientMessage {
        public ModelUnload {
            Check.shortText("model", model, ThreadSettings.MAX_MODEL);
        }
    }

    /**
     * Stores messages from elsewhere (a ChatGPT export, a Nova export) in one of the sender's
     * assistant threads, as they were, without asking the assistant: {@code role} user is the
     * sender's, assistant the assistant's. A long thread comes in several frames, in order; each
     * message's {@code message_id} makes a second import of the same file store nothing twice.
     * {@code title} (first frame) names the thread. Answered with {@code thread_import}.
     */
    @JsonTypeName("thread_import")
    record ThreadImport(
            @JsonProperty("thread_id") String threadId,
            @JsonProperty("title") String title,
            @JsonProperty("messages") java.util.List<Imported> messages) implements ClientMessage {
        public static final int MAX_MESSAGES = 200;

        public ThreadImport {
            Check.name("thread_id", threadId);
            Check.optionalShortText("title", title, ThreadUpdate.MAX_TITLE);
            Check.required("messages", messages);
            if (messages.isEmpty() || messages.size() > MAX_MESSAGES) {
                throw Check.invalid("messages", "must hold 1 to " + MAX_MESSAGES + " messages");
            }
            if (messages.stream().anyMatch(java.util.Objects::isNull)) {
                throw Check.invalid("messages", "must hold message objects, not null");
            }
            messages = java.util.List.copyOf(messages);
        }

        /** One message to store: who wrote it (user or assistant), its text, its idempotency key, when and by which model. */
        public record Imported(
                @JsonProperty("role") String role,
                @JsonProperty("content") String content,
                @JsonProperty("message_id") String messageId,
                @JsonProperty("created_at") String createdAt,
                @JsonProperty("model") String model) {
            public Imported {
                if (!"user".equals(role) && !"assistant".equals(role)) {
                    throw Check.invalid("role", "must be user or assistant");
                }
                Check.nonEmptyText("content", content);
                Check.name("message_id", messageId);
                Timestamps.checkOptional("created_at", createdAt);
                Check.optionalShortText("model", model, ThreadSettings.MAX_MODEL);
            }

            public boolean fromAssistant() {
                return "assistant".equals(role);
            }
        }
    }

    /**
     * Deletes one of the messages in the sender's assistant threads; a question goes with the
     * answers to it. Answered with {@code message_delete} to every connection of the sender.
     */
    @JsonTypeName("message_delete")
    record MessageDelete(@JsonProperty("message_id") String messageId) implements ClientMessage {
        public MessageDelete {
            Check.name("message_id", messageId);
        }
    }

    /** Asks for the MCP servers the server is configured with, their state and their tools; answered with {@code tools}. */
    @JsonTypeName("tools")
    record Tools() implements ClientMessage {}

    /**
     * Sets whether one tool runs without asking ({@code allow}), asks each time ({@code ask}) or
     * never runs ({@code never}), for the sender; an admin sets it for everyone with
     * {@code for_everyone}. Answered with {@code tools}.
     */
    @JsonTypeName("tool_policy")
    record ToolPolicyUpdate(
            @JsonProperty("server") String server,
            @JsonProperty("tool") String tool,
            @JsonProperty("policy") ToolPolicy policy,
            @JsonProperty("for_everyone") Boolean forEveryone) implements ClientMessage {
        public ToolPolicyUpdate {
            Check.name("server", server);
            Check.shortText("tool", tool, ToolUse.MAX_TOOL);
            Check.required("policy", policy);
        }
    }

    /**
     * A person's answer to a tool call waiting for approval ({@code tool_call} with status
     * {@code pending_approval}): {@code allow_once}, {@code allow_always} (this tool, for them, from
     * now on) or {@code deny}, with an optional {@code reason} the model is told.
     */
    @JsonTypeName("tool_approval")
    record ToolApproval(
            @JsonProperty("call_id") String callId,
            @JsonProperty("decision") ToolDecision decision,
            @JsonProperty("reason") String reason) implements ClientMessage {
        public static final int MAX_REASON = 2000;

        public ToolApproval {
            Check.name("call_id", callId);
            Check.required("decision", decision);
            Check.optionalShortText("reason", reason, MAX_REASON);
        }

        /** A person's decision as typed: the reason only with a denial, trimmed, at most {@link #MAX_REASON}. */
        public static ToolApproval of(String callId, ToolDecision decision, String reason) {
            String why = decision == ToolDecision.DENY && reason != null && !reason.isBlank() ? reason.strip() : null;
            return new ToolApproval(callId, decision, why != null && why.length() > MAX_REASON
                    ? why.substring(0, MAX_REASON) : why);
        }
    }
}
