package dev.nova.desktop.chat;

import dev.nova.protocol.Exchanges;
import dev.nova.protocol.ServerMessage.ChatMessage;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** How a page of stored messages is shown together with what is on screen. */
final class HistoryPages {
    private HistoryPages() {}

    /**
     * A page as it is shown: each question followed by the answer that counts for it (the last one
     * stored for it, as the server sends the model), earlier answers to it left out.
     */
    static List<ChatMessage> current(List<ChatMessage> page) {
        List<ChatMessage> out = new ArrayList<>(page.size());
        for (Exchanges.Exchange e : Exchanges.of(page)) {
            if (e.question() != null) {
                out.add(e.question());
            }
            if (e.answer() != null) {
                out.add(e.answer());
            }
        }
        return out;
    }

    /** The ids of a page's messages. */
    static Set<String> ids(List<ChatMessage> page) {
        Set<String> ids = new HashSet<>();
        page.forEach(m -> ids.add(m.messageId()));
        return ids;
    }

    /**
     * The newest page, {@code branch} (its messages on the versions chosen), merged with what is
     * on screen: the page's messages first (edited questions knowing their versions), then what is
     * shown and newer or not stored yet, then what is still on its way ({@code waiting}).
     * {@code ids} are the page's message ids ({@link #ids}).
     */
    static List<MessageItem> merge(List<ChatMessage> page, Set<String> ids, List<ChatMessage> branch,
                                   List<MessageItem> shown, List<MessageItem> waiting) {
        List<MessageItem> merged = new ArrayList<>(page.size() + 8);
        long newest = page.stream().mapToLong(ChatMessage::offset).max().orElse(-1);
        Map<String, List<String>> versions = Exchanges.versionsByRoot(page); // one pass, not one per question
        for (ChatMessage m : branch) {
            MessageItem item = MessageItem.of(m);
            String root = m.editOf() != null ? m.editOf() : m.messageId();
            List<String> versionIds = versions.get(root);
            if (versionIds != null && !item.fromAssistant()) {
                item.versions(root, versionIds);
            }
            merged.add(item);
        }
        for (MessageItem s : shown) {
            if (s.sentAs() != null && ids.contains(s.sentAs())) {
                continue; // sent while away and in the page now: shown once, from the page
            }
            if (s.messageId() == null || (!ids.contains(s.messageId()) && s.offset() > newest)) {
                merged.add(s);
            }
        }
        for (MessageItem w : waiting) {
            if (!merged.contains(w)) {
                merged.add(w); // still on its way: after what is stored
            }
        }
        return merged;
    }
}
