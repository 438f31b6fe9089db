package dev.nova.desktop.chat;

import dev.nova.protocol.AgentWork;
import dev.nova.protocol.FinishReason;
import dev.nova.protocol.Stats;
import dev.nova.protocol.ToolUse;
import java.util.List;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

/** One message in the conversation view: a person's, or the assistant's (possibly still streaming). */
public final class MessageItem {
    private final String sender;
    private final boolean fromAssistant;
    private final StringProperty text = new SimpleStringProperty("");
    private final StringProperty thinking = new SimpleStringProperty("");
    private final BooleanProperty streaming = new SimpleBooleanProperty();
    private final ObjectProperty<FinishReason> finish = new SimpleObjectProperty<>();
    private final StringProperty model = new SimpleStringProperty();
    private final ObjectProperty<Stats> stats = new SimpleObjectProperty<>();
    private final StringProperty error = new SimpleStringProperty();
    private final BooleanProperty pending = new SimpleBooleanProperty();
    private final BooleanProperty workShown = new SimpleBooleanProperty();
    private final ObjectProperty<java.util.List<AgentWork>> work = new SimpleObjectProperty<>(java.util.List.of());
    private final ObjectProperty<List<ToolUse>> toolCalls = new SimpleObjectProperty<>(List.of());
    private String messageId;
    private String sentAs;
    private volatile java.time.Instant createdAt;
    private long offset = -1;
    private volatile String replyTo;

    MessageItem(String sender, boolean fromAssistant) {
        this.sender = sender;
        this.fromAssistant = fromAssistant;
    }

    /** A stored message as shown. */
    static MessageItem of(dev.nova.protocol.ServerMessage.ChatMessage m) {
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

    public String sender() {
        return sender;
    }

    /** How the sender is shown: people by name, the assistant and agents capitalized. */
    public String displayName() {
        if (!fromAssistant) {
            return sender;
        }
        return capitalized(sender, "Assistant");
    }

    /** An agent's or the assistant's id as a name: "researcher" -> "Researcher"; {@code ifEmpty} for none. */
    static String capitalized(String id, String ifEmpty) {
        return id == null || id.isEmpty() ? ifEmpty : Character.toUpperCase(id.charAt(0)) + id.substring(1);
    }

    /** "22 earlier messages left out" (the thread did not fit the model's context). */
    static String leftOut(long n) {
        return n + (n == 1 ? " earlier message" : " earlier messages") + " left out";
    }

    public boolean fromAssistant() {
        return fromAssistant;
    }

    public StringProperty text() {
        return text;
    }

    /** A reasoning model's thinking, shown apart from the answer. */
    public StringProperty thinking() {
        return thinking;
    }

    public BooleanProperty streaming() {
        return streaming;
    }

    /** How the answer ended: stop, length, cancelled (stopped by the person) or error. */
    public ObjectProperty<FinishReason> finish() {
        return finish;
    }

    public StringProperty model() {
        return model;
    }

    public ObjectProperty<Stats> stats() {
        return stats;
    }

    /** Sent by this person, not yet acknowledged by the server (it is queued while the connection is down). */
    public BooleanProperty pending() {
        return pending;
    }

    /** Why the answer failed, in the server's words (e.g. LM Studio is not reachable). */
    public StringProperty error() {
        return error;
    }

    /** Whether the agents' work is shown unfolded (the person opened it). */
    public BooleanProperty workShown() {
        return workShown;
    }

    /** The agents' work behind an answer to a multi-step request (the plan, each step), shown folded; empty for others. */
    public ObjectProperty<java.util.List<AgentWork>> work() {
        return work;
    }

    /** The MCP tools the model called while answering, each as it stands now, in the order asked. */
    public ObjectProperty<List<ToolUse>> toolCalls() {
        return toolCalls;
    }

    /** Takes in a call's new state: it replaces the call with its id, or comes after the others. */
    void toolCall(ToolUse call) {
        toolCalls.set(ToolUse.merged(toolCalls.get(), call));
    }

    public String messageId() {
        return messageId;
    }

    public long offset() {
        return offset;
    }

    /** For an answer: the question it answers, when known. */
    public String replyTo() {
        return replyTo;
    }

    void replyTo(String questionId) {
        this.replyTo = questionId;
    }

    /** The versions of this question, oldest first (ids), when it was edited and asked again; else empty. */
    private volatile List<String> versions = List.of();
    private volatile String versionRoot;

    public List<String> versions() {
        return versions;
    }

    /** The first version's id of the question this is a version of; null when it has no other. */
    public String versionRoot() {
        return versionRoot;
    }

    void versions(String root, List<String> ids) {
        versionRoot = ids.size() > 1 ? root : null;
        versions = ids.size() > 1 ? List.copyOf(ids) : List.of();
    }

    /** "2 / 3": which version this is, or empty. */
    public String versionLabel() {
        int at = versions.indexOf(messageId());
        return versions.isEmpty() || at < 0 ? "" : (at + 1) + " / " + versions.size();
    }

    /** A failed or stopped answer: the person may ask for it again. */
    public boolean retryable() {
        FinishReason f = finish.get();
        return fromAssistant && !streaming.get() && (f == FinishReason.ERROR || f == FinishReason.CANCELLED);
    }

    void stored(String id, long at) {
        this.messageId = id;
        this.offset = at;
    }

    /** The id this person's message was sent with (the server stores it under that id), null for others'. */
    String sentAs() {
        return sentAs;
    }

    void sentAs(String id) {
        this.sentAs = id;
    }

    /** "gemma · 52.3 tok/s · 140 ms to first token", for under an answer. */
    public String figures() {
        Stats s = stats.get();
        StringBuilder b = new StringBuilder(model.get() == null ? "" : model.get());
        if (s != null && s.tokensPerS() != null) {
            b.append(b.length() > 0 ? " · " : "").append(s.tokensPerS()).append(" tok/s");
        }
        if (s != null && s.ttftMs() != null) {
            b.append(b.length() > 0 ? " · " : "").append(s.ttftMs()).append(" ms to first token");
        }
        if (s != null && s.leftOut() != null && s.leftOut() > 0 && s.contextTokens() != null) {
            b.append(b.length() > 0 ? " · " : "").append(leftOut(s.leftOut())).append(" to fit the model's ")
                    .append(s.contextTokens()).append("-token context");
        }
        return b.toString();
    }

    /** When the server stored it (null while it is on its way). */
    public java.time.Instant createdAt() {
        return createdAt;
    }

    void createdAt(String iso) {
        if (iso != null) {
            try {
                createdAt = java.time.Instant.parse(iso);
            } catch (java.time.format.DateTimeParseException e) {
                createdAt = null; // a server that wrote something else: no time shown
            }
        }
    }
}
