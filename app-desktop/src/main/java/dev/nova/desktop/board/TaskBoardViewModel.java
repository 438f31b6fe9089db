package dev.nova.desktop.board;

import dev.nova.desktop.net.Outgoing;
import dev.nova.desktop.ui.UiExecutor;
import dev.nova.protocol.ClientMessage;
import dev.nova.protocol.ServerMessage.TaskUpdate;
import dev.nova.protocol.TaskStatus;
import java.util.HashMap;
import java.util.Map;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The task board: four columns - created, assigned, in progress, done (completed, failed or
 * cancelled) - kept up to date from {@code task_update}s; create and cancel tasks.
 */
public final class TaskBoardViewModel {
    public enum Column { CREATED, ASSIGNED, IN_PROGRESS, DONE }

    private final Outgoing out;
    private final UiExecutor ui;
    private final Map<Column, ObservableList<TaskCard>> columns = new HashMap<>();
    private final Map<String, TaskCard> cards = new HashMap<>();

    public TaskBoardViewModel(Outgoing out, UiExecutor ui) {
        this.out = out;
        this.ui = ui;
        for (Column c : Column.values()) {
            // a card redraws when one of its agent's tool calls starts or stops waiting for the person
            columns.put(c, FXCollections.observableArrayList(card -> new javafx.beans.Observable[] {card.waiting()}));
        }
    }

    public ObservableList<TaskCard> column(Column c) {
        return columns.get(c);
    }

    /** Network thread: a task changed. */
    public void received(TaskUpdate u) {
        ui.execute(() -> apply(u));
    }

    /** Network thread: a tool call of an agent's task changed (asked, waiting for approval, done). */
    public void received(dev.nova.protocol.ServerMessage.ToolCall call) {
        if (call.taskId() == null) {
            return; // an answer's call: shown in its conversation
        }
        ui.execute(() -> {
            TaskCard card = cards.get(call.taskId());
            if (card != null) {
                card.toolCall(call.call());
            }
        });
    }

    /** The person decided a call waiting for them: allowed once, always, or denied with a reason the model is told. */
    public void decide(String callId, dev.nova.protocol.ToolDecision decision, String reason) {
        out.send(null, dev.nova.protocol.ClientMessage.ToolApproval.of(callId, decision, reason));
    }

    public void create(String type, String content) {
        if (content != null && !content.isBlank()) {
            out.send(null, new ClientMessage.CreateTask(type, content.strip(), null));
        }
    }

    /**
     * Runs a failed or cancelled task again, as a new task with the same type, title and content
     * (a finished task stays as it ended, on the board and in the store).
     */
    public void retry(TaskCard card) {
        if (card == null || card.type() == null || card.content() == null || card.status().get() == null
                || !card.status().get().isClosed() || card.status().get() == TaskStatus.COMPLETED) {
            return;
        }
        out.send(null, new ClientMessage.CreateTask(card.type(), card.content(), card.title().get()));
    }

    /** Network thread: a piece of a task's streamed work (tasks this desktop created). */
    public void received(dev.nova.protocol.ServerMessage.LlmChunk chunk) {
        if (chunk.taskId() == null || chunk.chunk() == null || chunk.chunk().isEmpty()) {
            return;
        }
        ui.execute(() -> {
            TaskCard card = cards.get(chunk.taskId());
            if (card != null) {
                card.live().set(card.live().get() + chunk.chunk());
            }
        });
    }

    public void cancel(TaskCard card) {
        out.send(null, new ClientMessage.TaskUpdate(card.id(), TaskStatus.CANCELLED, null, null, null));
    }

    static Column columnOf(TaskStatus s) {
        return switch (s) {
            case CREATED -> Column.CREATED;
            case ASSIGNED -> Column.ASSIGNED;
            case IN_PROGRESS -> Column.IN_PROGRESS;
            case COMPLETED, FAILED, CANCELLED -> Column.DONE;
        };
    }

    private void apply(TaskUpdate u) {
        TaskCard card = cards.computeIfAbsent(u.taskId(), TaskCard::new);
        Column before = card.status().get() == null ? null : columnOf(card.status().get());
        if (u.title() != null) {
            card.title().set(u.title());
        }
        card.work(u.taskType(), u.content());
        card.status().set(u.status());
        card.agent().set(u.agentId());
        card.elapsedMs().set(u.elapsedMs());
        card.received(System.nanoTime());
        card.tokens().set(u.tokens());
        card.result().set(u.result());
        card.error().set(u.error());
        if (u.toolCalls() != null) {
            card.toolCalls().setAll(u.toolCalls()); // as kept with the task: on the board afterwards too
        }
        Column after = columnOf(u.status());
        if (before != after) {
            if (before != null) {
                columns.get(before).remove(card);
            }
            columns.get(after).add(card);
        }
    }
}
