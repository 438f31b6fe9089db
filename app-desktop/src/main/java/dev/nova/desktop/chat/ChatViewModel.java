package dev.nova.desktop.chat;

import dev.nova.desktop.chat.ChatInbox.Batch;
import dev.nova.desktop.chat.ChatInbox.Incoming;
import dev.nova.desktop.chat.ChatInbox.TaskLink;
import dev.nova.desktop.net.Outgoing;
import dev.nova.protocol.ClientMessage;
import dev.nova.protocol.Exchanges;
import dev.nova.protocol.ServerMessage;
import dev.nova.protocol.ServerMessage.ChatMessage;
import dev.nova.protocol.ServerMessage.LlmChunk;
import dev.nova.protocol.ThreadSettings;
import dev.nova.protocol.ToolDecision;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.StringBinding;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The open conversation: an assistant thread or a channel. Frames arrive on the network thread
 * into a {@link ChatInbox}; {@link #flush(long)} applies them on the UI thread at most 30 times a
 * second. The jobs are split: {@link AnswerStreams} (answers growing, stop, regenerate),
 * {@link PendingMessages} (what was sent and not stored yet), {@link HistoryPages} (pages merged
 * with what is shown), {@link SearchFocus} (paging back to a hit) and {@link ContextMeter}; this
 * class holds the open conversation and the composer, and gives the view one face.
 */
public final class ChatViewModel {
    /** How many stored messages opening a conversation shows. */
    public static final int PAGE = 100;
    /**
     * Shortest time between two updates of the screen from {@link #flush(long)}: 30 a second reads
     * as smooth streaming and costs the FX thread half what one per 60 Hz pulse does.
     */
    public static final long FLUSH_INTERVAL_NANOS = 33_000_000L;
    /** The prompt templates the composer offers besides a plain chat with the assistant. */
    public static final List<String> TEMPLATES = List.of("parsing_analysis", "summarize", "explain_code", "plan");

    private final Outgoing out;
    private final ObservableList<MessageItem> messages = FXCollections.observableArrayList();
    private final ReadOnlyBooleanWrapper answering = new ReadOnlyBooleanWrapper();
    private final ReadOnlyBooleanWrapper olderAvailable = new ReadOnlyBooleanWrapper();
    private final ReadOnlyObjectWrapper<ConversationKey> conversation = new ReadOnlyObjectWrapper<>();
    private final StringProperty model = new SimpleStringProperty();
    private final ObjectProperty<ThreadSettings> threadSettings = new SimpleObjectProperty<>(ThreadSettings.DEFAULTS);
    private final StringProperty title = new SimpleStringProperty();
    private final ObjectProperty<MessageItem> editing = new SimpleObjectProperty<>();
    /** The version of each edited question shown, by first version's id; the latest when absent. */
    private final Map<String, String> chosenVersions = new HashMap<>();
    /** Every stored message of the open conversation this window has seen, other versions' too (for the exports). */
    private final Map<String, ChatMessage> known = new LinkedHashMap<>();

    private final ChatInbox inbox = new ChatInbox();
    private final AnswerStreams answers = new AnswerStreams(messages, conversation::get);
    private final PendingMessages pending = new PendingMessages();
    private final SearchFocus focus = new SearchFocus();
    private final ContextMeter meter = new ContextMeter();
    /** An answer ended or arrived since the meter was last worked out (UI thread). */
    private boolean meterStale;
    private long lastFlush = Long.MIN_VALUE / 2;

    /** Who this person is on the server (their messages' sender), once connected. */
    private volatile String me = "me";

    /** Shows the assistant thread {@code threadId}; call {@link #open} to load its history. */
    public ChatViewModel(Outgoing out, String threadId) {
        this.out = out;
        this.conversation.set(ConversationKey.thread(threadId));
    }

    // ---- what the view binds to

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
        return focus.focused();
    }

    public ReadOnlyObjectProperty<ConversationKey> conversation() {
        return conversation.getReadOnlyProperty();
    }

    /** See {@link ContextMeter}. */
    public ReadOnlyStringProperty contextMeter() {
        return meter.text();
    }

    /** The composer's hint for the open conversation: a channel has people in it, not an assistant to stop. */
    public StringBinding composerHint() {
        return Bindings.createStringBinding(() -> hintFor(conversation.get()), conversation);
    }

    static String hintFor(ConversationKey key) {
        return key.isChannel() ? "Message #" + key.channel() + " - Enter sends, Shift+Enter for a new line"
                : "Ask anything - Enter sends, Shift+Enter for a new line, Esc stops";
    }

    /** The open conversation's title, as the sidebar shows it (exports are named after it). */
    public StringProperty title() {
        return title;
    }

    /** The model that answers what is sent to the assistant from now on; null or blank: the server's default. */
    public StringProperty model() {
        return model;
    }

    /** The open thread's own settings (its model comes before {@link #model()}). */
    public ObjectProperty<ThreadSettings> threadSettings() {
        return threadSettings;
    }

    /** The question being edited: what is sent next asks it again, edited, as a new branch. */
    public ObjectProperty<MessageItem> editing() {
        return editing;
    }

    /** Who this window is connected as (own messages are shown apart in channels). */
    public String me() {
        return me;
    }

    /** Connected as {@code identity}: the name on what this person asks, as on their stored messages. */
    public void connectedAs(String identity) {
        me = identity;
    }

    /**
     * Every stored message of the open conversation seen so far, oldest first: the branch on
     * screen and the other versions of edited questions with what was answered to them.
     */
    public List<ChatMessage> storedMessages() {
        return known.values().stream().sorted(Comparator.comparingLong(ChatMessage::offset)).toList();
    }

    // ---- network thread

    /** A stored message to the person's assistant stream. */
    public void received(ChatMessage m) {
        received(null, m);
    }

    /** A stored message that came on {@code channel} (null: the person's assistant stream). */
    public void received(String channel, ChatMessage m) {
        inbox.message(channel, m);
    }

    public void received(LlmChunk chunk) {
        inbox.chunk(chunk);
    }

    /** An error about a streamed answer ({@code request_id} set): shown on that answer. */
    public void received(ServerMessage.Error error) {
        inbox.error(error);
    }

    /**
     * A tool call of an answer changed (asked, waiting for approval, running, done): shown in the
     * answer, which it may start (a model that calls a tool first writes no text before it).
     */
    public void received(ServerMessage.ToolCall call) {
        inbox.toolCall(call);
    }

    /** A task moved: the work of one planned from a question streams into that question's thread. */
    public void received(ServerMessage.TaskUpdate u) {
        inbox.task(u);
    }

    // ---- UI thread

    /** Called by the view on every pulse ({@code now} from the pulse): applies at most every {@link #FLUSH_INTERVAL_NANOS}. */
    public void flush(long now) {
        if (now - lastFlush >= FLUSH_INTERVAL_NANOS) {
            lastFlush = now;
            flush();
        }
    }

    /** Applies what arrived since the last call. */
    public void flush() {
        for (Object next = inbox.take(); next != null; next = inbox.take()) {
            if (next instanceof Batch b) {
                meterStale |= answers.apply(b);
            } else if (next instanceof TaskLink link) {
                answers.link(link);
            } else {
                apply((Incoming) next);
            }
        }
        answering.set(!answers.streamingHere().isEmpty());
        if (meterStale) {
            meterStale = false;
            meter.update(messages);
        }
    }

    /** Shows another conversation: its answers still streaming at once, then its newest stored messages. */
    public void open(ConversationKey key) {
        conversation.set(key);
        known.clear();
        chosenVersions.clear();
        editing.set(null);
        messages.clear();
        olderAvailable.set(false);
        focus.clear();
        answers.showIn(key);
        answering.set(!messages.isEmpty());
        meter.update(messages);
        reload();
    }

    /** Asks for the open conversation's newest messages again (after a reconnect: fills what was missed). */
    public void reload() {
        ConversationKey key = conversation.get();
        out.send(key.channel(), new ClientMessage.History(key.threadId(), null, PAGE));
    }

    /** Asks for the page of messages before the oldest shown. */
    public void loadOlder() {
        long oldest = oldestShown();
        if (oldest > 0) {
            ConversationKey key = conversation.get();
            out.send(key.channel(), new ClientMessage.History(key.threadId(), oldest, PAGE));
        }
    }

    /** Shows the stored message at {@code offset} of the open conversation, paging back to it if needed. */
    public void focus(long offset) {
        if (focus.start(offset, messages, olderAvailable.get())) {
            loadOlder();
        }
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
        List<ChatMessage> stored = page.messages();
        stored.forEach(m -> known.put(m.messageId(), m));
        long oldest = oldestShown();
        List<ChatMessage> branch = HistoryPages.current(Exchanges.branch(stored, chosenVersions));
        olderAvailable.set(page.hasMore());
        if (!stored.isEmpty() && oldest >= 0 && stored.get(stored.size() - 1).offset() < oldest) {
            messages.addAll(0, branch.stream().map(MessageItem::of).toList());
        } else {
            Set<String> ids = HistoryPages.ids(stored);
            messages.setAll(HistoryPages.merge(stored, ids, branch, messages, pending.stillWaiting(key, ids)));
            meter.update(messages);
        }
        if (focus.pursue(messages, olderAvailable.get(), oldestShown())) {
            loadOlder();
        }
    }

    /** Sends {@code text}: shown at once as pending, then as sent when the server's echo comes back. */
    public void send(String text) {
        if (text == null || text.isBlank()) {
            return;
        }
        ConversationKey key = conversation.get();
        MessageItem item = new MessageItem(me, false);
        item.text().set(text.strip());
        item.pending().set(true);
        // The client's message id makes a resend after a reconnect idempotent on the server.
        String id = "c-" + UUID.randomUUID().toString().substring(0, 12);
        item.sentAs(id);
        pending.add(key, item);
        messages.add(item);
        MessageItem edited = editing.get();
        editing.set(null);
        out.send(key.channel(), new ClientMessage.ChatMessage(text.strip(), key.threadId(),
                id, key.isChannel() ? null : chosenModel(),
                edited == null || key.isChannel() ? null : edited.messageId()));
    }

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

    /** Allows or denies a call waiting for this person (a card in the conversation). */
    public void decide(String callId, ToolDecision decision, String reason) {
        out.send(null, ClientMessage.ToolApproval.of(callId, decision, reason));
    }

    /** Deletes a stored message of an assistant thread (a question with its answers); the server says which went. */
    public void deleteMessage(MessageItem m) {
        if (m != null && m.messageId() != null && !conversation.get().isChannel()) {
            out.send(null, new ClientMessage.MessageDelete(m.messageId()));
        }
    }

    /** Messages were deleted, here or on another device. */
    public void deleted(ServerMessage.MessageDelete gone) {
        Set<String> ids = new HashSet<>(gone.messageIds());
        messages.removeIf(m -> m.messageId() != null && ids.contains(m.messageId()));
        meter.update(messages);
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

    /** Stops every answer streaming in the open conversation (Esc). */
    public void stop() {
        answers.streamingHere().forEach(id -> out.send(null, new ClientMessage.LlmCancel(id)));
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
        if (answers.again("answer-" + questionId, oldAnswer)) {
            out.send(null, new ClientMessage.Regenerate(questionId, chosenModel()));
        }
    }

    private String chosenModel() {
        ThreadSettings own = threadSettings.get();
        if (own != null && own.model() != null) {
            return own.model();
        }
        String m = model.get();
        return m == null || m.isBlank() ? null : m.strip();
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

    private boolean isOpen(ConversationKey key) {
        return key.equals(conversation.get());
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
            answers.expect("answer-" + m.messageId(), key);
            answers.expect("plan-" + m.messageId(), key);
        }
        if (isOpen(key)) {
            known.put(m.messageId(), m);
        }
        MessageItem mine = Boolean.TRUE.equals(m.isFinal()) ? null : pending.acknowledged(key, m, me);
        if (mine != null) {
            mine.stored(m.messageId(), m.offset());
            mine.createdAt(m.createdAt());
            mine.pending().set(false);
            if (isOpen(key) && !messages.contains(mine)) {
                messages.add(mine);
            }
            return;
        }
        if (!isOpen(key) || shownRecently(m.messageId())) {
            return;
        }
        if (m.work() != null) {
            // The agents' streamed work is kept with the answer, shown folded under it: their live bubbles go.
            messages.removeIf(shown -> shown.fromAssistant() && shown.messageId() == null && !shown.streaming().get()
                    && !"assistant".equals(shown.sender()));
        }
        if (Boolean.TRUE.equals(m.isFinal()) && completesStreamed(m)) {
            return;
        }
        messages.add(MessageItem.of(m));
        meterStale = true;
    }

    /** Already shown (it was in a page of history). */
    private boolean shownRecently(String messageId) {
        int from = Math.max(0, messages.size() - 50);
        for (int i = messages.size() - 1; i >= from; i--) {
            if (messageId.equals(messages.get(i).messageId())) {
                return true;
            }
        }
        return false;
    }

    /** The stored answer completes the streamed item showing the same text, if there is one. */
    private boolean completesStreamed(ChatMessage m) {
        for (int i = messages.size() - 1; i >= 0; i--) {
            MessageItem shown = messages.get(i);
            if (shown.fromAssistant() && shown.messageId() == null && !shown.streaming().get()
                    && shown.text().get().equals(m.content())) {
                shown.stored(m.messageId(), m.offset());
                if (m.toolCalls() != null) {
                    shown.toolCalls().set(m.toolCalls()); // as kept: every call's last state
                }
                shown.finish().set(m.finishReason());
                return true;
            }
        }
        return false;
    }
}
