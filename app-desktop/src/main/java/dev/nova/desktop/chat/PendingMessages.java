package dev.nova.desktop.chat;

import dev.nova.protocol.ServerMessage.ChatMessage;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What this person sent, per conversation, that the server has not acknowledged yet, oldest
 * first. A message is matched to its stored copy by the id it was sent with, so a resend after a
 * reconnect or a page of history that holds it shows it once.
 */
final class PendingMessages {
    private final Map<ConversationKey, List<MessageItem>> unsent = new HashMap<>();

    void add(ConversationKey key, MessageItem item) {
        unsent.computeIfAbsent(key, k -> new ArrayList<>()).add(item);
    }

    /**
     * The pending message of {@code me} in {@code key} that {@code m} stores, no longer pending:
     * the one sent with its id, else (a server that gives its own ids) the oldest with its text.
     */
    MessageItem acknowledged(ConversationKey key, ChatMessage m, String me) {
        List<MessageItem> waiting = unsent.get(key);
        if (waiting == null || !me.equals(m.sender())) {
            return null;
        }
        int match = -1;
        for (int i = 0; i < waiting.size() && match < 0; i++) {
            if (m.messageId().equals(waiting.get(i).sentAs())) {
                match = i;
            }
        }
        for (int i = 0; i < waiting.size() && match < 0; i++) {
            if (waiting.get(i).text().get().equals(m.content())) {
                match = i; // a server that stored it under an id of its own
            }
        }
        if (match < 0) {
            return null;
        }
        MessageItem item = waiting.remove(match);
        if (waiting.isEmpty()) {
            unsent.remove(key);
        }
        return item;
    }

    /** What is still on its way in {@code key}, now that the messages {@code stored} are known stored. */
    List<MessageItem> stillWaiting(ConversationKey key, Set<String> stored) {
        List<MessageItem> waiting = unsent.get(key);
        if (waiting == null) {
            return List.of();
        }
        waiting.removeIf(w -> stored.contains(w.sentAs()));
        if (waiting.isEmpty()) {
            unsent.remove(key);
        }
        return List.copyOf(waiting);
    }
}
