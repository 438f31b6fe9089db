package dev.nova.desktop.board;

import dev.nova.protocol.TaskStatus;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

/** One card on the task board. */
public final class TaskCard {
    private final String id;
    private final StringProperty title = new SimpleStringProperty();
    private final ObjectProperty<TaskStatus> status = new SimpleObjectProperty<>();
    private final StringProperty agent = new SimpleStringProperty();
    private final ObjectProperty<Long> elapsedMs = new SimpleObjectProperty<>();
    private final ObjectProperty<Long> tokens = new SimpleObjectProperty<>();
    private final StringProperty result = new SimpleStringProperty();
    private final StringProperty error = new SimpleStringProperty();
    private final StringProperty live = new SimpleStringProperty("");
    /** The MCP tool calls the agent made for this task, in order, each as it is now. */
    private final javafx.collections.ObservableList<dev.nova.protocol.ToolUse> toolCalls =
            javafx.collections.FXCollections.observableArrayList();
    private final javafx.beans.binding.BooleanBinding waiting = javafx.beans.binding.Bindings.createBooleanBinding(
            () -> toolCalls.stream().anyMatch(c -> c.status() == dev.nova.protocol.ToolCallStatus.PENDING_APPROVAL),
            toolCalls);
    private String type;
    private String content;
    private long receivedAtNanos;

    TaskCard(String id) {
        this.id = id;
    }

    public String id() {
        return id;
    }

    public StringProperty title() {
        return title;
    }

    public ObjectProperty<TaskStatus> status() {
        return status;
    }

    public StringProperty agent() {
        return agent;
    }

    public ObjectProperty<Long> elapsedMs() {
        return elapsedMs;
    }

    public ObjectProperty<Long> tokens() {
        return tokens;
    }

    public StringProperty result() {
        return result;
    }

    /** What the agent has written so far, as it streams (empty when this desktop did not create the task). */
    public StringProperty live() {
        return live;
    }

    /** The task's type and content, for running it again; null until the server said. */
    public String type() {
        return type;
    }

    public String content() {
        return content;
    }

    void work(String taskType, String taskContent) {
        if (taskType != null) {
            type = taskType;
        }
        if (taskContent != null) {
            content = taskContent;
        }
    }

    public StringProperty error() {
        return error;
    }

    void received(long nanos) {
        this.receivedAtNanos = nanos;
    }

    /**
     * Milliseconds of work so far: the server's figure, plus the time since it was sent while the
     * task is still in progress, so the card's clock runs between updates.
     */
    public Long elapsedNow(long nowNanos) {
        Long base = elapsedMs.get();
        if (base == null) {
            return null;
        }
        return status.get() == dev.nova.protocol.TaskStatus.IN_PROGRESS
                ? base + Math.max(0, (nowNanos - receivedAtNanos) / 1_000_000) : base;
    }

    /** "1.2 s" or "2 min 5 s" (empty until known): short enough to sit beside the agent in the narrowest column. */
    public String time(long nowNanos) {
        Long ms = elapsedNow(nowNanos);
        return ms == null ? "" : ms < 60_000 ? ms / 100 / 10.0 + " s" : ms / 60_000 + " min " + ms / 1000 % 60 + " s";
    }

    /** "1.2 s · 40 tok", what is known of the two (the card's tooltip). */
    public String figures(long nowNanos) {
        String time = time(nowNanos);
        String tok = tokens.get() == null ? "" : tokens.get() + " tok";
        return time.isEmpty() || tok.isEmpty() ? time + tok : time + " \u00b7 " + tok;
    }

    private final javafx.beans.property.LongProperty ticks = new javafx.beans.property.SimpleLongProperty();

    /** Counts the board's clock ticks: a running card's time is redrawn on each, not the whole card. */
    public javafx.beans.property.ReadOnlyLongProperty ticks() {
        return ticks;
    }

    /** The board's clock ticked (once a second, for running tasks). */
    public void tick() {
        ticks.set(ticks.get() + 1);
    }

    public javafx.collections.ObservableList<dev.nova.protocol.ToolUse> toolCalls() {
        return toolCalls;
    }

    /** A call of the agent waits for the person's approval: the card says "waiting for you". */
    public javafx.beans.binding.BooleanBinding waiting() {
        return waiting;
    }

    /** A tool call of this task changed: shown as it is now, in the order the calls came. */
    void toolCall(dev.nova.protocol.ToolUse call) {
        toolCalls.setAll(dev.nova.protocol.ToolUse.merged(toolCalls, call));
    }
}
