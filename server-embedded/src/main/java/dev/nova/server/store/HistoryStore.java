package dev.nova.server.store;

import dev.nova.protocol.AgentWork;
import dev.nova.protocol.FinishReason;
import dev.nova.protocol.ServerMessage.ChatMessage;
import dev.nova.protocol.Stats;
import dev.nova.protocol.ToolUse;
import dev.nova.server.config.RetentionRule;
import java.time.Instant;
import java.util.List;

/**
 * Chat history per stream (a channel, or a person's assistant stream): messages with offsets
 * that increase by one per stored message, and an epoch that changes only when the stream's
 * history was lost. The embedded store keeps it in SQLite; a Redis store can replace it.
 */
public interface HistoryStore {

    /** The stream's epoch and newest offset (0 before the first message); created on first use. */
    StreamHead head(String stream);

    /**
     * Stores a message under the stream's next offset. When {@code clientMessageId} was already
     * used by the same sender in this stream, nothing is stored and the original comes back
     * with {@code duplicate} set.
     */
    Appended append(String stream, NewMessage message);

    /** The stored message {@code messageId} of the stream, if it is there. */
    java.util.Optional<ChatMessage> find(String stream, String messageId);

    /** Messages with offsets above {@code after}, oldest first, at most {@code max}. */
    List<ChatMessage> after(String stream, long after, int max);

    /**
     * The newest {@code limit} messages below offset {@code before} (all when null), optionally
     * of one thread, oldest first; {@code hasMore} when older ones exist.
     */
    Page before(String stream, String threadId, Long before, int limit);

    /** The lowest offset still stored, or head + 1 when the stream is empty. */
    long oldest(String stream);

    /**
     * Applies an operator's retention rule to a channel: removes every message but the newest
     * {@code rule.maxMessages()} stored ones (counted, whatever their offsets) and every message
     * created before {@code now - rule.maxAge()}; returns how many went. Offsets are not reused.
     * Never called for an assistant stream: a person's threads are kept until they delete them.
     */
    int trim(String stream, RetentionRule rule, Instant now);

    /** Every stream that holds or held messages, except assistant streams (those start with {@code @}). */
    java.util.Set<String> channelStreams();

    /**
     * Deletes these stored messages of {@code stream} (given with their offsets, as read); returns
     * how many went. Offsets are not reused, as after a trim.
     */
    int delete(String stream, java.util.Collection<ChatMessage> messages);

    record StreamHead(String epoch, long offset) {}

    record NewMessage(String threadId, String sender, String content, String clientMessageId, Instant createdAt,
                      Answer answer, String editOf) {
        public NewMessage(String threadId, String sender, String content, String clientMessageId, Instant createdAt) {
            this(threadId, sender, content, clientMessageId, createdAt, null, null);
        }

        public NewMessage(String threadId, String sender, String content, String clientMessageId, Instant createdAt,
                          Answer answer) {
            this(threadId, sender, content, clientMessageId, createdAt, answer, null);
        }
    }

    /**
     * What an assistant's answer also records: the model that answered, why it ended, its figures,
     * the question it answers ({@code replyTo}), when it failed, why ({@code error}), and for a
     * multi-step request the agents' {@code work} (empty for any other answer), and the tools its
     * model called ({@code toolCalls}).
     */
    record Answer(String model, FinishReason finishReason, Stats stats, String replyTo, String error,
                  List<AgentWork> work, List<ToolUse> toolCalls) {
        public Answer {
            work = work == null ? List.of() : List.copyOf(work);
            toolCalls = toolCalls == null ? List.of() : List.copyOf(toolCalls);
        }

        public Answer(String model, FinishReason finishReason, Stats stats, String replyTo, String error,
                      List<AgentWork> work) {
            this(model, finishReason, stats, replyTo, error, work, List.of());
        }

        public Answer(String model, FinishReason finishReason, Stats stats, String replyTo, String error) {
            this(model, finishReason, stats, replyTo, error, List.of());
        }

        public Answer(String model, FinishReason finishReason, Stats stats) {
            this(model, finishReason, stats, null, null);
        }
    }

    record Appended(ChatMessage message, boolean duplicate) {}

    record Page(List<ChatMessage> messages, boolean hasMore) {}
}
