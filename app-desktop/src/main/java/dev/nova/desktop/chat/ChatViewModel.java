package dev.nova.desktop.chat;

import dev.nova.desktop.net.Outgoing;
import dev.nova.protocol.ClientMessage;
import dev.nova.protocol.ServerMessage;
import dev.nova.protocol.ServerMessage.ChatMessage;
import dev.nova.protocol.ServerMessage.LlmChunk;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The conversation with the assistant. Frames arrive on the network thread and are queued;
 * {@link #flush()} applies them on the UI thread once per pulse, so a stream of hundreds of
 * tokens a second becomes one text update per answer per pulse. Stop cancels the generation
 * upstream and keeps the partial answer, marked stopped.
 */
public final class ChatViewModel {
    private final Outgoing out;
    private final String threadId;
    private final ObservableList<MessageItem> messages = FXCollections.observableArrayList();
    private final ReadOnlyBooleanWrapper answering = new ReadOnlyBooleanWrapper();

    // filled by the network thread, drained by flush(); guarded by `queue`
    private final Deque<Object> queue = new ArrayDeque<>();
    private final Map<String, Batch> openBatches = new HashMap<>();
    // UI thread only
    private final Map<String, MessageItem> streaming = new HashMap<>();

    /** Pieces of one answer that arrived since the last pulse. */
    private static final class Batch {
        final String requestId;
        final StringBuilder text = new StringBuilder();
        final StringBuilder thinking = new StringBuilder();
        LlmChunk last;
        String agentId;
        String error;

        Batch(String requestId) {
            this.requestId = requestId;
        }
    }

    public ChatViewModel(Outgoing out, String threadId) {
        this.out = out;
        this.threadId = threadId;
    }

    public ObservableList<MessageItem> messages() {
        return messages;
    }

    /** True while an answer streams: the view shows Stop instead of Send. */
    public ReadOnlyBooleanProperty answering() {
        return answering.getReadOnlyProperty();
    }

    // ---- network thread

    public void received(ChatMessage m) {
        synchronized (queue) {
            queue.addLast(m);
            openBatches.clear(); // later pieces must land after this message
        }
    }

    public void received(LlmChunk chunk) {
        String id = chunk.requestId() == null ? "" : chunk.requestId();
        synchronized (queue) {
            Batch b = openBatches.get(id);
            if (b == null) {
                b = new Batch(id);
                openBatches.put(id, b);
                queue.addLast(b);
            }
            if (b.agentId == null) {
                b.agentId = chunk.agentId();
            }
            b.text.append(chunk.chunk());
            if (chunk.reasoning() != null) {
                b.thinking.append(chunk.reasoning());
            }
            if (chunk.isFinal()) {
                b.last = chunk;
                openBatches.remove(id);
            }
        }
    }

    /** An error about a streamed answer ({@code request_id} set): shown on that answer. */
    public void received(ServerMessage.Error error) {
        if (error.requestId() == null) {
            return;
        }
        synchronized (queue) {
            Batch b = openBatches.get(error.requestId());
            if (b == null) {
                b = new Batch(error.requestId());
                openBatches.put(error.requestId(), b);
                queue.addLast(b);
            }
            b.error = error.message();
        }
    }

    // ---- UI thread

    /** Applies what arrived since the last call; the view calls it once per pulse. */
    public void flush() {
        while (true) {
            Object next;
            synchronized (queue) {
                next = queue.pollFirst();
                if (next instanceof Batch b) {
                    openBatches.remove(b.requestId, b);
                }
            }
            if (next == null) {
                break;
            }
            if (next instanceof Batch b) {
                apply(b);
            } else {
                apply((ChatMessage) next);
            }
        }
        answering.set(!streaming.isEmpty());
    }

    public void send(String text) {
        if (text == null || text.isBlank()) {
            return;
        }
        out.send(null, new ClientMessage.ChatMessage(text.strip(), threadId, null));
    }

    /** The prompt templates the composer offers besides a plain chat with the assistant. */
    public static final java.util.List<String> TEMPLATES = java.util.List.of("parsing_analysis", "summarize",
            "explain_code", "plan");

    /**
     * Runs {@code text} through a prompt template ({@code llm_request}): the answer streams like any
     * other, but is not kept in the thread's history.
     */
    public void send(String text, String template) {
        if (template == null || template.equals("chat")) {
            send(text);
            return;
        }
        if (text == null || text.isBlank()) {
            return;
        }
        MessageItem question = new MessageItem("you \u00b7 " + template, false);
        question.text().set(text.strip());
        messages.add(question);
        out.send(null, new ClientMessage.LlmRequest(text.strip(), template, java.util.Map.of(),
                "r-" + java.util.UUID.randomUUID().toString().substring(0, 12), null));
    }

    /** Stops every answer that is streaming (Esc). */
    public void stop() {
        streaming.keySet().forEach(id -> out.send(null, new ClientMessage.LlmCancel(id)));
    }

    /** Asks the last question again. */
    public void regenerate() {
        for (int i = messages.size() - 1; i >= 0; i--) {
            MessageItem m = messages.get(i);
            if (!m.fromAssistant()) {
                send(m.text().get());
                return;
            }
        }
    }

    /** Shows a page of stored messages (oldest first) before everything already shown. */
    public void showHistory(List<ChatMessage> page) {
        List<MessageItem> items = page.stream().map(ChatViewModel::item).toList();
        messages.addAll(0, items);
    }

    private void apply(Batch b) {
        MessageItem item = streaming.get(b.requestId);
        if (item == null) {
            item = new MessageItem(b.agentId != null ? b.agentId : "assistant", true);
            item.streaming().set(true);
            streaming.put(b.requestId, item);
            messages.add(item);
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
        if (b.last != null) {
            item.stats().set(b.last.stats());
            item.model().set(b.last.model());
            item.streaming().set(false);
            item.finish().set(b.last.finishReason()); // last: the view redraws on it, with the figures set
            streaming.remove(b.requestId);
        }
    }

    private void apply(ChatMessage m) {
        if (Boolean.TRUE.equals(m.isFinal())) {
            // The stored answer: it completes the streamed item showing the same text, if there is one.
            for (int i = messages.size() - 1; i >= 0; i--) {
                MessageItem shown = messages.get(i);
                if (shown.fromAssistant() && shown.messageId() == null && !shown.streaming().get()
                        && shown.text().get().equals(m.content())) {
                    shown.stored(m.messageId(), m.offset());
                    shown.finish().set(m.finishReason());
                    return;
                }
            }
        }
        messages.add(item(m));
    }

    private static MessageItem item(ChatMessage m) {
        MessageItem item = new MessageItem(m.sender(), Boolean.TRUE.equals(m.isFinal()) || "assistant".equals(m.sender()));
        item.text().set(m.content());
        item.stored(m.messageId(), m.offset());
        item.finish().set(m.finishReason());
        item.model().set(m.model());
        item.stats().set(m.stats());
        return item;
    }
}
