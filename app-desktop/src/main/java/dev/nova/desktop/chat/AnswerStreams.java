package dev.nova.desktop.chat;

import dev.nova.desktop.chat.ChatInbox.Batch;
import dev.nova.desktop.chat.ChatInbox.TaskLink;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The answers streaming in (UI thread): which conversation each belongs to, the bubble it grows
 * in, and the old answer a regenerated one replaces. Answers keep streaming while another
 * conversation is open and show up, grown, when their own is opened again.
 */
final class AnswerStreams {
    private final List<MessageItem> shown;
    private final Supplier<ConversationKey> open;
    private final Map<String, MessageItem> streaming = new HashMap<>();
    /** Which conversation each answer belongs to, by request id. */
    private final Map<String, ConversationKey> answerOf = new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, ConversationKey> eldest) {
            return size() > 1000; // a question whose answer never came must not be kept forever
        }
    };
    /** The answer a regenerated one replaces on screen, by the new answer's request id. */
    private final Map<String, MessageItem> replacing = new HashMap<>();
    /** The thread of each running task planned from a question; other tasks' work shows on the board only. */
    private final Map<String, ConversationKey> taskThread = new HashMap<>();

    /** {@code shown}: the open conversation's messages; {@code open}: which conversation that is. */
    AnswerStreams(List<MessageItem> shown, Supplier<ConversationKey> open) {
        this.shown = shown;
        this.open = open;
    }

    /** An answer with {@code requestId} will stream into {@code key}. */
    void expect(String requestId, ConversationKey key) {
        answerOf.put(requestId, key);
    }

    void link(TaskLink link) {
        if (link.threadId() != null) {
            taskThread.put(link.taskId(), ConversationKey.thread(link.threadId()));
        } else {
            taskThread.remove(link.taskId());
        }
    }

    /** Asks {@code requestId} anew, its answer to take {@code oldAnswer}'s place; false while it streams. */
    boolean again(String requestId, MessageItem oldAnswer) {
        if (streaming.containsKey(requestId)) {
            return false;
        }
        answerOf.put(requestId, open.get());
        if (oldAnswer != null) {
            replacing.put(requestId, oldAnswer);
        }
        return true;
    }

    /** The request ids of the answers streaming in the open conversation. */
    List<String> streamingHere() {
        return streaming.keySet().stream().filter(id -> isOpen(answerOf.get(id))).toList();
    }

    /** Shows the answers still streaming in {@code key} (it was just opened). */
    void showIn(ConversationKey key) {
        streaming.forEach((id, item) -> {
            if (key.equals(answerOf.get(id))) {
                shown.add(item);
            }
        });
    }

    /** Applies what arrived of one answer; true when it ended (its figures are in). */
    boolean apply(Batch b) {
        MessageItem item = streaming.get(b.requestId);
        if (item == null && b.holdsNoWork() && !answerOf.containsKey(b.requestId)) {
            return false; // only an error about an answer that is not under way (a stop crossing its end)
        }
        if (item == null) {
            item = start(b);
            if (item == null) {
                return false;
            }
        }
        if (b.text.length() > 0) {
            item.text().set(item.text().get() + b.text);
        }
        if (b.thinking.length() > 0) {
            item.thinking().set(item.thinking().get() + b.thinking);
        }
        if (b.error != null) {
            item.error().set(b.error);
        }
        b.calls.values().forEach(item::toolCall);
        if (b.last == null) {
            return false;
        }
        item.stats().set(b.last.stats());
        item.model().set(b.last.model());
        item.streaming().set(false);
        item.finish().set(b.last.finishReason()); // last: the view redraws on it, with the figures set
        streaming.remove(b.requestId);
        answerOf.remove(b.requestId);
        return true;
    }

    /** The bubble of an answer's first piece, shown where it belongs; null for a board task's work. */
    private MessageItem start(Batch b) {
        ConversationKey key = answerOf.get(b.requestId);
        if (key == null && b.taskId != null) {
            key = taskThread.get(b.taskId);
            if (key == null) {
                return null; // a task made on the board: its work shows there, not in a conversation
            }
        }
        if (key == null && b.threadId != null) {
            key = ConversationKey.thread(b.threadId); // a call shown again after a reconnect or a restart
        }
        if (key == null) {
            key = open.get(); // an answer nobody announced belongs where the person is looking
        }
        answerOf.put(b.requestId, key);
        MessageItem item = new MessageItem(b.agentId != null ? b.agentId : "assistant", true);
        item.streaming().set(true);
        if (b.requestId.startsWith("answer-")) {
            item.replyTo(b.requestId.substring("answer-".length()));
        }
        streaming.put(b.requestId, item);
        MessageItem old = replacing.remove(b.requestId);
        int at = old == null ? -1 : shown.indexOf(old);
        if (at >= 0) {
            shown.set(at, item); // a regenerated answer takes the old one's place
        } else if (isOpen(key)) {
            shown.add(item);
        }
        return item;
    }

    private boolean isOpen(ConversationKey key) {
        return key != null && key.equals(open.get());
    }
}
