package dev.nova.desktop.chat;

import dev.nova.desktop.net.Outgoing;
import dev.nova.protocol.ClientMessage;
import dev.nova.protocol.Exchanges;
import dev.nova.protocol.ServerMessage;
import dev.nova.protocol.ServerMessage.ChatMessage;
import dev.nova.protocol.ServerMessage.LlmChunk;
import dev.nova.protocol.ThreadSettings;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The open conversation: an assistant thread or a channel. Frames arrive on the network thread
 * and are queued; {@link #flush(long)} applies them on the UI thread at most 30 times a second, so
 * a stream of hundreds of tokens a second becomes one text update per answer per frame shown. Stop cancels the
 * generation upstream and keeps the partial answer, marked stopped. Answers keep streaming while
 * another conversation is open and show up, grown, when their own is opened again.
 */
public final class ChatViewModel {
    /** How many stored messages opening a conversation shows. */
    public static final int PAGE = 100;

    private final Outgoing out;
    private final ObservableList<MessageItem> messages = FXCollections.observableArrayList();
    private final ReadOnlyBooleanWrapper answering = new ReadOnlyBooleanWrapper();
    private final ReadOnlyBooleanWrapper olderAvailable = new ReadOnlyBooleanWrapper();
    private final ReadOnlyObjectWrapper<MessageItem> focused = new ReadOnlyObjectWrapper<>();
    /** A message to show (a search hit) that is not on screen yet; -1 for none. */
    private long focusOffset = -1;
    private int focusPages;
    /** How many pages back a search hit is looked for before giving up. */
    static final int FOCUS_PAGES = 20;
    private final ReadOnlyObjectWrapper<ConversationKey> conversation = new ReadOnlyObjectWrapper<>();
    private final javafx.beans.property.StringProperty model = new javafx.beans.property.SimpleStringProperty();
    private final javafx.beans.property.ObjectProperty<ThreadSettings> threadSettings =
            new javafx.beans.property.SimpleObjectProperty<>(ThreadSettings.DEFAULTS);
    private final javafx.beans.property.StringProperty title = new javafx.beans.property.SimpleStringProperty();

    // filled by the network thread, drained by flush(); guarded by `queue`
    private final Deque<Object> queue = new ArrayDeque<>();
    private final Map<String, Batch> openBatches = new HashMap<>();
    // UI thread only
    private final Map<String, MessageItem> streaming = new HashMap<>();
    /** Which conversation each answer belongs to, by request id. */
    private final Map<String, ConversationKey> answerOf = new java.util.LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, ConversationKey> eldest) {
            return size() > 1000; // a question whose answer never came must not be kept forever
        }
    };
    /** Messages this person sent per conversation that the server has not acknowledged yet, oldest first. */
    private final Map<ConversationKey, List<MessageItem>> unsent = new HashMap<>();
    /** Every stored message of the open conversation this window has seen, other versions' too (for the exports). */
    private final Map<String, ChatMessage> known = new java.util.LinkedHashMap<>();
    /** The answer a regenerated one replaces on screen, by the new answer's request id. */
    private final Map<String, MessageItem> replacing = new HashMap<>();
    /** The thread of each running task planned from a question; other tasks' work shows on the board only. */
    private final Map<String, ConversationKey> taskThread = new HashMap<>();

    /** Pieces of one answer that arrived since the last pulse. */
    private static final class Batch {
        final String requestId;
        final StringBuilder text = new StringBuilder();
        final StringBuilder thinking = new StringBuilder();
        LlmChunk last;
        String agentId;
        String taskId;
        String error;
        /** The thread it answers in, when a tool call said so (it may come before any text). */
        String threadId;
        /** Tool calls' latest states since the last pulse, by call id, in the order they came. */
        final Map<String, dev.nova.protocol.ToolUse> calls = new java.util.LinkedHashMap<>();

        Batch(String requestId) {
            this.requestId = requestId;
        }
    }

    /** A stored message and the channel it came on (null: the person's assistant stream). */
    private record Incoming(String channel, ChatMessage message) {}

    /** A task that is a step of a question asked in an assistant thread, or (thread null) no longer running. */
    private record TaskLink(String taskId, String threadId) {}

    /** Who this person is on the server (their messages' sender), once connected. */
    private volatile String me = "me";

    /** Who this window is connected as (own messages are shown apart in channels). */
    public String me() {
        return me;
    }

    /** Shows the assistant thread {@code threadId}; call {@link #open} to load its history. */
    public ChatViewModel(Outgoing out, String threadId) {
        this.out = out;
        this.conversation.set(ConversationKey.thread(threadId));
    }

    public ObservableList<MessageItem> messages() {
        return messages;
    }

    /** True while an answer streams in the open conversation: the view shows Stop instead of Send. */
    public ReadOnlyBooleanProperty answering() {
        return answering.getReadOnlyProperty();
    }

    /** The server holds messages older than the oldest shown: the view offers to show them. */
    public ReadOnlyBooleanProperty olderAvailable() {
        return olderAvailable.getReadOnlyProperty();
    }

    /** The message the view scrolls to and marks (a search hit that was opened). */
    public ReadOnlyObjectProperty<MessageItem> focused() {
        return focused.getReadOnlyProperty();
    }

    /**
     * Shows the stored message at {@code offset} of the open conversation: at once when it is on
     * screen, else after paging back to it (at most {@link #FOCUS_PAGES} pages).
     */
    public void focus(long offset) {
        focusOffset = offset;
        focusPages = 0;
        focused.set(null);
        if (!findFocus() && !messages.isEmpty() && olderAvailable.get()) {
            focusPages++;
            loadOlder();
        }
    }

    /** Marks the awaited message when it is shown; true when found (or nothing is awaited). */
    private boolean findFocus() {
        if (focusOffset < 0) {
            return true;
        }
        for (MessageItem m : messages) {
            if (m.messageId() != null && m.offset() == focusOffset) {
                focusOffset = -1;
                focused.set(m);
                return true;
            }
        }
        return false;
    }

    /** After a page arrived: mark the awaited message, or page further back for it. */
    private void pursueFocus() {
        if (!findFocus() && olderAvailable.get() && focusPages < FOCUS_PAGES && oldestShown() > focusOffset) {
            focusPages++;
            loadOlder();
        } else if (focusOffset >= 0 && !olderAvailable.get()) {
            focusOffset = -1; // not there any more (deleted, or trimmed from history)
        }
    }

    /** Asks for the page of messages before the oldest shown. */
    public void loadOlder() {
        long oldest = oldestShown();
        if (oldest > 0) {
            ConversationKey key = conversation.get();
            out.send(key.channel(), new ClientMessage.History(key.threadId(), oldest, PAGE));
        }
    }

    /** The offset of the oldest stored message shown, or -1. */
    private long oldestShown() {
        for (MessageItem m : messages) {
            if (m.messageId() != null) {
                return m.offset();
            }
        }
        return -1;
    }

    public ReadOnlyObjectProperty<ConversationKey> conversation() {
        return conversation.getReadOnlyProperty();
    }

    /** Connected as {@code identity}: the name on what this person asks, as on their stored messages. */
    public void connectedAs(String identity) {
        me = identity;
    }

    /** The composer's hint for the open conversation: a channel has people in it, not an assistant to stop. */
    public javafx.beans.binding.StringBinding composerHint() {
        return javafx.beans.binding.Bindings.createStringBinding(() -> hintFor(conversation.get()), conversation);
    }

    static String hintFor(ConversationKey key) {
        return key.isChannel() ? "Message #" + key.channel() + " - Enter sends, Shift+Enter for a new line"
                : "Ask anything - Enter sends, Shift+Enter for a new line, Esc stops";
    }

    /** The open conversation's title, as the sidebar shows it (exports are named after it). */
    public javafx.beans.property.StringProperty title() {
        return title;
    }

    /** The model that answers what is sent to the assistant from now on; null or blank: the server's default. */
    public javafx.beans.property.StringProperty model() {
        return model;
    }

    /** The open thread's own settings (its model comes before {@link #model()}). */
    public javafx.beans.property.ObjectProperty<ThreadSettings> threadSettings() {
        return threadSettings;
    }

    private String chosenModel() {
        ThreadSettings own = threadSettings.get();
        if (own != null && own.model() != null) {
            return own.model();
        }
        String m = model.get();
        return m == null || m.isBlank() ? null : m.strip();
    }

    // ---- network thread

    /** A stored message to the person's assistant stream. */
    public void received(ChatMessage m) {
        received(null, m);
    }

    /** A stored message that came on {@code channel} (null: the person's assistant stream). */
    public void received(String channel, ChatMessage m) {
        synchronized (queue) {
            queue.addLast(new Incoming(channel, m));
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
                b.taskId = chunk.taskId();
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

    /**
     * A tool call of an answer changed (asked, waiting for approval, running, done): shown in the
     * answer, which it may start (a model that calls a tool first writes no text before it).
     */
    public void received(ServerMessage.ToolCall call) {
        if (call.requestId() == null) {
            return; // a task's call: shown on the board
        }
        synchronized (queue) {
            Batch b = openBatches.get(call.requestId());
            if (b == null) {
                b = new Batch(call.requestId());
                openBatches.put(call.requestId(), b);
                queue.addLast(b);
            }
            b.threadId = call.threadId();
            b.taskId = call.taskId(); // an agent's call: with its task's bubble, or on the board only
            b.calls.put(call.call().callId(), call.call());
        }
    }

    /** Allows or denies a call waiting for this person (a card in the conversation). */
    public void decide(String callId, dev.nova.protocol.ToolDecision decision, String reason) {
        out.send(null, ClientMessage.ToolApproval.of(callId, decision, reason));
    }

    /** A task moved: the work of one planned from a question streams into that question's thread. */
    public void received(ServerMessage.TaskUpdate u) {
        String thread = u.status().isClosed() ? null : u.threadId();
        synchronized (queue) {
            queue.addLast(new TaskLink(u.taskId(), thread));
        }
    }

    // ---- UI thread

    /**
     * Shortest time between two updates of the screen from {@link #flush(long)}: 30 a second reads
     * as smooth streaming and costs the FX thread half what one per 60 Hz pulse does.
     */
    public static final long FLUSH_INTERVAL_NANOS = 33_000_000L;
    private long lastFlush = Long.MIN_VALUE / 2;

    /** Called by the view on every pulse ({@code now} from the pulse): applies at most every {@link #FLUSH_INTERVAL_NANOS}. */
    public void flush(long now) {
        if (now - lastFlush >= FLUSH_INTERVAL_NANOS) {
            lastFlush = now;
            flush();
        }
    }

    /** Applies what arrived since the last call. */
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
            } else if (next instanceof TaskLink link) {
                if (link.threadId() != null) {
                    taskThread.put(link.taskId(), ConversationKey.thread(link.threadId()));
                } else {
                    taskThread.remove(link.taskId());
                }
            } else {
                apply((Incoming) next);
            }
        }
        answering.set(streaming.keySet().stream().anyMatch(id -> isOpen(answerOf.get(id))));
        if (meterStale) {
            meterStale = false;
            updateContextMeter();
        }
    }

    /** An answer ended or arrived since the meter was last worked out (UI thread). */
    private boolean meterStale;

    private final javafx.beans.property.ReadOnlyStringWrapper contextMeter = new javafx.beans.property.ReadOnlyStringWrapper("");

    /**
     * The composer's context meter: how much of the model's context the open thread took with its
     * last answer ("Context 180 / 256 tokens, 22 earlier messages left out"); empty when the model
     * server does not say.
     */
    public javafx.beans.property.ReadOnlyStringProperty contextMeter() {
        return contextMeter.getReadOnlyProperty();
    }

    private void updateContextMeter() {
        for (int i = messages.size() - 1; i >= 0; i--) {
            dev.nova.protocol.Stats s = messages.get(i).stats().get();
            if (s != null && s.contextTokens() != null) {
                long left = s.leftOut() == null ? 0 : s.leftOut();
                contextMeter.set("Context " + (s.promptTokens() == null ? "?" : s.promptTokens()) + " / " + s.contextTokens()
                        + " tokens" + (left == 0 ? "" : ", " + MessageItem.leftOut(left)));
                return;
            }
        }
        contextMeter.set("");
    }

    /**
     * Shows another conversation: its answers still streaming at once, then its newest stored
     * messages when they arrive.
     */
    public void open(ConversationKey key) {
        conversation.set(key);
        known.clear();
        chosenVersions.clear();
        editing.set(null);
        messages.clear();
        olderAvailable.set(false);
        focused.set(null);
        focusOffset = -1;
        streaming.forEach((id, item) -> {
            if (key.equals(answerOf.get(id))) {
                messages.add(item);
            }
        });
        answering.set(!messages.isEmpty());
        updateContextMeter();
        reload();
    }

    /** Asks for the open conversation's newest messages again (after a reconnect: fills what was missed). */
    public void reload() {
        ConversationKey key = conversation.get();
        out.send(key.channel(), new ClientMessage.History(key.threadId(), null, PAGE));
    }

    /**
     * A page of stored messages that came on {@code channel}: when it is the open conversation's,
     * it is shown - before what is shown when it is all older (a "show older" page), else with what
     * is already on screen and newer (or not stored yet) kept after it.
     */
    public void showHistory(String channel, ServerMessage.History page) {
        ConversationKey key = conversation.get();
        boolean ours = channel != null ? channel.equals(key.channel())
                : key.channel() == null && key.threadId().equals(page.threadId());
        if (!ours) {
            return;
        }
        page.messages().forEach(m -> known.put(m.messageId(), m));
        long oldest = oldestShown();
        List<ChatMessage> latest = current(Exchanges.branch(page.messages(), chosenVersions));
        if (!page.messages().isEmpty() && oldest >= 0 && page.messages().get(page.messages().size() - 1).offset() < oldest) {
            messages.addAll(0, latest.stream().map(ChatViewModel::item).toList());
            olderAvailable.set(page.hasMore());
            pursueFocus();
            return;
        }
        olderAvailable.set(page.hasMore());
        List<MessageItem> merged = new ArrayList<>(page.messages().size() + 8);
        Set<String> ids = new HashSet<>();
        long newest = -1;
        for (ChatMessage m : page.messages()) {
            ids.add(m.messageId());
            newest = Math.max(newest, m.offset());
        }
        Map<String, List<String>> versions = Exchanges.versionsByRoot(page.messages()); // one pass, not one per question
        for (ChatMessage m : latest) {
            MessageItem item = item(m);
            String root = m.editOf() != null ? m.editOf() : m.messageId();
            List<String> versionIds = versions.get(root);
            if (versionIds != null && !item.fromAssistant()) {
                item.versions(root, versionIds);
            }
            merged.add(item);
        }
        // what was sent while away and is in the page now: stored, shown once, from the page
        List<MessageItem> waitingHere = unsent.getOrDefault(key, new ArrayList<>());
        waitingHere.removeIf(w -> ids.contains(w.sentAs()));
        if (waitingHere.isEmpty()) {
            unsent.remove(key);
        }
        for (MessageItem shown : messages) {
            if (shown.sentAs() != null && ids.contains(shown.sentAs())) {
                continue;
            }
            if (shown.messageId() == null || (!ids.contains(shown.messageId()) && shown.offset() > newest)) {
                merged.add(shown);
            }
        }
        for (MessageItem waiting : waitingHere) {
            if (!merged.contains(waiting)) {
                merged.add(waiting); // still on its way: after what is stored
            }
        }
        messages.setAll(merged);
        updateContextMeter();
        pursueFocus();
    }

    public void send(String text) {
        if (text == null || text.isBlank()) {
            return;
        }
        ConversationKey key = conversation.get();
        // Shown at once as pending (a clock), then as sent when the server's echo comes back.
        MessageItem item = new MessageItem(me, false);
        item.text().set(text.strip());
        item.pending().set(true);
        String id = "c-" + UUID.randomUUID().toString().substring(0, 12);
        item.sentAs(id);
        unsent.computeIfAbsent(key, k -> new ArrayList<>()).add(item);
        messages.add(item);
        // The client's message id makes a resend after a reconnect idempotent on the server.
        MessageItem edited = editing.get();
        editing.set(null);
        out.send(key.channel(), new ClientMessage.ChatMessage(text.strip(), key.threadId(),
                id, key.isChannel() ? null : chosenModel(),
                edited == null || key.isChannel() ? null : edited.messageId()));
    }

    private final javafx.beans.property.ObjectProperty<MessageItem> editing = new javafx.beans.property.SimpleObjectProperty<>();
    /** The version of each edited question shown, by first version's id; the latest when absent. */
    private final Map<String, String> chosenVersions = new HashMap<>();

    /** The question being edited: what is sent next asks it again, edited, as a new branch. */
    public javafx.beans.property.ObjectProperty<MessageItem> editing() {
        return editing;
    }

    /** Deletes a stored message of an assistant thread (a question with its answers); the server says which went. */
    public void deleteMessage(MessageItem m) {
        if (m != null && m.messageId() != null && !conversation.get().isChannel()) {
            out.send(null, new ClientMessage.MessageDelete(m.messageId()));
        }
    }

    /** UI thread: messages were deleted, here or on another device. */
    public void deleted(ServerMessage.MessageDelete gone) {
        Set<String> ids = new HashSet<>(gone.messageIds());
        messages.removeIf(m -> m.messageId() != null && ids.contains(m.messageId()));
        updateContextMeter();
    }

    /** Edits one of this person's stored questions to the assistant (the view puts its text in the composer). */
    public void edit(MessageItem question) {
        if (question != null && !question.fromAssistant() && question.messageId() != null
                && !conversation.get().isChannel() && me.equals(question.sender())) {
            editing.set(question);
        }
    }

    /** Shows the branch of another version of an edited question ({@code step} -1: the one before, +1: after). */
    public void showVersion(MessageItem question, int step) {
        List<String> ids = question.versions();
        int at = ids.indexOf(question.messageId()) + step;
        if (question.versionRoot() == null || at < 0 || at >= ids.size()) {
            return;
        }
        chosenVersions.put(question.versionRoot(), ids.get(at));
        reload();
    }

    /**
     * The pending message of this person in {@code key} that {@code m} stores: the one sent with
     * its id, else (a server that gives its own ids) the oldest with its text.
     */
    private MessageItem acknowledged(ConversationKey key, ChatMessage m) {
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

    /**
     * Every stored message of the open conversation seen so far, oldest first: the branch on
     * screen and the other versions of edited questions with what was answered to them.
     */
    public List<ChatMessage> storedMessages() {
        return known.values().stream().sorted(java.util.Comparator.comparingLong(ChatMessage::offset)).toList();
    }

    /** The prompt templates the composer offers besides a plain chat with the assistant. */
    public static final List<String> TEMPLATES = List.of("parsing_analysis", "summarize", "explain_code", "plan");

    /**
     * Runs {@code text} through a prompt template: sent as the question {@code /<template> <text>},
     * which the server answers with that template and keeps in the thread like any question and
     * answer ({@code plan}: the agents plan it). In a channel, text is always sent as a message.
     */
    public void send(String text, String template) {
        if (template == null || template.equals("chat") || conversation.get().isChannel()
                || text == null || text.isBlank()) {
            send(text);
            return;
        }
        send("/" + template + " " + text.strip());
    }

    /** Stops every answer streaming in the open conversation (Esc). */
    public void stop() {
        streaming.keySet().stream().filter(id -> isOpen(answerOf.get(id)))
                .forEach(id -> out.send(null, new ClientMessage.LlmCancel(id)));
    }

    /**
     * Asks the last question again (assistant threads only: in a channel it would repeat a
     * message). The question is not sent again: the server answers the stored one anew, and the
     * new answer takes the old one's place.
     */
    public void regenerate() {
        if (conversation.get().isChannel()) {
            return;
        }
        for (int i = messages.size() - 1; i >= 0; i--) {
            MessageItem m = messages.get(i);
            if (!m.fromAssistant() && m.messageId() != null) {
                again(m.messageId(), answerAfter(i));
                return;
            }
        }
    }

    /** Retry: asks the question that {@code answer} (failed or stopped) answers again. */
    public void retry(MessageItem answer) {
        int at = messages.indexOf(answer);
        String question = answer.replyTo();
        for (int i = at - 1; question == null && i >= 0; i--) {
            MessageItem m = messages.get(i);
            if (!m.fromAssistant() && m.messageId() != null) {
                question = m.messageId();
            }
        }
        if (question != null && !conversation.get().isChannel()) {
            again(question, answer);
        }
    }

    private MessageItem answerAfter(int question) {
        for (int i = question + 1; i < messages.size(); i++) {
            if (messages.get(i).fromAssistant()) {
                return messages.get(i);
            }
        }
        return null;
    }

    private void again(String questionId, MessageItem oldAnswer) {
        String requestId = "answer-" + questionId;
        if (streaming.containsKey(requestId)) {
            return; // being answered right now
        }
        answerOf.put(requestId, conversation.get());
        if (oldAnswer != null) {
            replacing.put(requestId, oldAnswer);
        }
        out.send(null, new ClientMessage.Regenerate(questionId, chosenModel()));
    }

    private boolean isOpen(ConversationKey key) {
        return key != null && key.equals(conversation.get());
    }

    private void apply(Batch b) {
        MessageItem item = streaming.get(b.requestId);
        if (item == null && b.text.length() == 0 && b.thinking.length() == 0 && b.calls.isEmpty() && b.last == null
                && !answerOf.containsKey(b.requestId)) {
            return; // only an error about an answer that is not under way (a stop crossing its end): nothing to show
        }
        if (item == null) {
            ConversationKey key = answerOf.get(b.requestId);
            if (key == null && b.taskId != null) {
                key = taskThread.get(b.taskId);
                if (key == null) {
                    return; // a task made on the board: its work shows there, not in a conversation
                }
            }
            if (key == null && b.threadId != null) {
                key = ConversationKey.thread(b.threadId); // a call shown again after a reconnect or a restart
            }
            if (key == null) {
                key = conversation.get(); // an answer nobody announced belongs where the person is looking
            }
            answerOf.put(b.requestId, key);
            item = new MessageItem(b.agentId != null ? b.agentId : "assistant", true);
            item.streaming().set(true);
            if (b.requestId.startsWith("answer-")) {
                item.replyTo(b.requestId.substring("answer-".length()));
            }
            streaming.put(b.requestId, item);
            MessageItem old = replacing.remove(b.requestId);
            int at = old == null ? -1 : messages.indexOf(old);
            if (at >= 0) {
                messages.set(at, item); // a regenerated answer takes the old one's place
            } else if (isOpen(key)) {
                messages.add(item);
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
        if (b.last != null) {
            item.stats().set(b.last.stats());
            meterStale = true;
            item.model().set(b.last.model());
            item.streaming().set(false);
            item.finish().set(b.last.finishReason()); // last: the view redraws on it, with the figures set
            streaming.remove(b.requestId);
            answerOf.remove(b.requestId);
        }
    }

    private void apply(Incoming in) {
        ChatMessage m = in.message();
        ConversationKey key = ConversationKey.of(in.channel(), m.threadId());
        if (m.editOf() != null && isOpen(key)) {
            chosenVersions.remove(m.editOf()); // the new version's branch is shown
            reload();
        }
        if (in.channel() == null && !Boolean.TRUE.equals(m.isFinal())) {
            // the assistant's answer to it streams next, or the coordinator's plan for it
            answerOf.put("answer-" + m.messageId(), key);
            answerOf.put("plan-" + m.messageId(), key);
        }
        if (isOpen(key)) {
            known.put(m.messageId(), m);
        }
        MessageItem mine = Boolean.TRUE.equals(m.isFinal()) ? null : acknowledged(key, m);
        if (mine != null) {
            mine.stored(m.messageId(), m.offset());
            mine.createdAt(m.createdAt());
            mine.pending().set(false);
            if (isOpen(key) && !messages.contains(mine)) {
                messages.add(mine);
            }
            return;
        }
        if (!isOpen(key)) {
            return;
        }
        int from = Math.max(0, messages.size() - 50);
        for (int i = messages.size() - 1; i >= from; i--) {
            if (m.messageId().equals(messages.get(i).messageId())) {
                return; // already shown (it was in a page of history)
            }
        }
        if (m.work() != null) {
            // The agents' streamed work is kept with the answer, shown folded under it: their live bubbles go.
            messages.removeIf(shown -> shown.fromAssistant() && shown.messageId() == null && !shown.streaming().get()
                    && !"assistant".equals(shown.sender()));
        }
        if (Boolean.TRUE.equals(m.isFinal())) {
            // The stored answer: it completes the streamed item showing the same text, if there is one.
            for (int i = messages.size() - 1; i >= 0; i--) {
                MessageItem shown = messages.get(i);
                if (shown.fromAssistant() && shown.messageId() == null && !shown.streaming().get()
                        && shown.text().get().equals(m.content())) {
                    shown.stored(m.messageId(), m.offset());
                    if (m.toolCalls() != null) {
                        shown.toolCalls().set(m.toolCalls()); // as kept: every call's last state
                    }
                    shown.finish().set(m.finishReason());
                    return;
                }
            }
        }
        messages.add(item(m));
        meterStale = true;
    }

    private static MessageItem item(ChatMessage m) {
        MessageItem item = new MessageItem(m.sender(), Boolean.TRUE.equals(m.isFinal()) || "assistant".equals(m.sender()));
        item.text().set(m.content());
        item.stored(m.messageId(), m.offset());
        item.createdAt(m.createdAt());
        item.finish().set(m.finishReason());
        item.model().set(m.model());
        item.stats().set(m.stats());
        item.error().set(m.error());
        item.replyTo(m.replyTo());
        item.work().set(m.work() == null ? List.of() : m.work());
        item.toolCalls().set(m.toolCalls() == null ? List.of() : m.toolCalls());
        return item;
    }

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
}
