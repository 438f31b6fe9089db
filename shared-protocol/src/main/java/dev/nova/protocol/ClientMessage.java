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
     */
    @JsonTypeName("chat_message")
    record ChatMessage(
            @JsonProperty("content") String content,
            @JsonProperty("thread_id") String threadId,
            @JsonProperty("message_id") String messageId,
            @JsonProperty("model") String model) implements ClientMessage {
        public ChatMessage {
            Check.nonEmptyText("content", content);
            Check.optionalName("thread_id", threadId);
            Check.optionalName("message_id", messageId);
            Check.optionalNonEmptyText("model", model);
        }

        public ChatMessage(String content, String threadId, String messageId) {
            this(content, threadId, messageId, null);
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

    /** Rename ({@code title}) or delete ({@code deleted: true}) one of the sender's assistant threads. */
    @JsonTypeName("thread_update")
    record ThreadUpdate(
            @JsonProperty("thread_id") String threadId,
            @JsonProperty("title") String title,
            @JsonProperty("deleted") Boolean deleted) implements ClientMessage {
        public static final int MAX_TITLE = 200;

        public ThreadUpdate {
            Check.name("thread_id", threadId);
            Check.optionalShortText("title", title, MAX_TITLE);
            if (title == null && !Boolean.TRUE.equals(deleted)) {
                throw Check.invalid("title", "required unless deleted is true");
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
}
