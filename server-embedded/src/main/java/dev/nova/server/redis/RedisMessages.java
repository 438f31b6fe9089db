package dev.nova.server.redis;

import dev.nova.protocol.ServerMessage.ChatMessage;
import dev.nova.protocol.Timestamps;
import dev.nova.server.store.HistoryStore.Answer;
import dev.nova.server.store.HistoryStore.NewMessage;

/** A stored message as the protocol carries it, the same as the embedded store gives. */
final class RedisMessages {
    private RedisMessages() {}

    static ChatMessage message(NewMessage m, String messageId, long offset) {
        Answer a = m.answer();
        String at = Timestamps.format(m.createdAt());
        if (a == null) {
            return new ChatMessage(m.content(), m.threadId(), messageId, offset, m.sender(), at, null, null, null, null,
                    null, null, null, null, m.editOf());
        }
        return new ChatMessage(m.content(), m.threadId(), messageId, offset, m.sender(), at, true, m.content(),
                a.model(), a.finishReason(), a.stats(), a.replyTo(), a.error(), a.work(), m.editOf());
    }
}
