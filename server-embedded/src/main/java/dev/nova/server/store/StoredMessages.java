package dev.nova.server.store;

import dev.nova.protocol.ServerMessage.ChatMessage;
import dev.nova.protocol.Timestamps;
import dev.nova.server.store.HistoryStore.Answer;
import dev.nova.server.store.HistoryStore.NewMessage;

/**
 * A stored message as the protocol carries it, the one mapping every store adapter uses: an
 * assistant's answer is final ({@code is_final}, {@code response}) and carries its model, reason,
 * figures, question, error and the agents' work; anything else carries none of them.
 */
public final class StoredMessages {
    private StoredMessages() {}

    /** {@code m} as stored under {@code messageId} at {@code offset}. */
    public static ChatMessage of(NewMessage m, String messageId, long offset) {
        return of(m.content(), m.threadId(), messageId, offset, m.sender(), Timestamps.format(m.createdAt()),
                m.answer(), m.editOf());
    }

    public static ChatMessage of(String content, String thread, String id, long offset, String sender, String createdAt,
                                 Answer a, String editOf) {
        if (a == null) {
            return new ChatMessage(content, thread, id, offset, sender, createdAt, null, null, null, null, null, null,
                    null, null, editOf);
        }
        return new ChatMessage(content, thread, id, offset, sender, createdAt, true, content, a.model(),
                a.finishReason(), a.stats(), a.replyTo(), a.error(), a.work(), editOf, a.toolCalls());
    }
}
