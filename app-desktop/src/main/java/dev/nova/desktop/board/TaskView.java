package dev.nova.desktop.board;

import dev.nova.protocol.TaskStatus;
import javafx.beans.binding.Bindings;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Parent;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.TextArea;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.stage.Stage;
import javafx.stage.Window;

/**
 * One task, live: its status, agent, time and tokens, what the agent writes as it streams (the
 * result once done), the error when it failed; Retry for a failed or cancelled task, Cancel while
 * it runs. Opened by double-clicking a card.
 */
public final class TaskView {
    private TaskView() {}

    static Parent build(TaskBoardViewModel board, TaskCard t) {
        Label title = new Label();
        title.textProperty().bind(t.title());
        title.getStyleClass().add("nova-title");
        Label state = new Label();
        state.setId("task-view-state");
        state.textProperty().bind(Bindings.createStringBinding(() -> {
            String figures = t.figures(System.nanoTime());
            return (t.status().get() == null ? "" : t.status().get().wire())
                    + (t.agent().get() == null ? "" : " \u00b7 " + t.agent().get())
                    + (figures.isEmpty() ? "" : " \u00b7 " + figures);
        }, t.status(), t.agent(), t.ticks(), t.tokens(), t.elapsedMs()));
        state.getStyleClass().add("nova-hint");
        Label error = new Label();
        error.setId("task-view-error");
        error.getStyleClass().add("nova-error");
        error.setWrapText(true);
        error.textProperty().bind(Bindings.createStringBinding(
                () -> outcome(t.status().get(), t.error().get()), t.error(), t.status()));
        error.visibleProperty().bind(t.error().isNotNull());
        error.managedProperty().bind(error.visibleProperty());
        TextArea text = new TextArea();
        text.setId("task-view-text");
        text.setEditable(false);
        text.setWrapText(true);
        // the stream while it runs; the stored result once it ended (the same text, or all of it when opened late)
        text.textProperty().bind(Bindings.createStringBinding(() -> {
            String result = t.result().get();
            return result != null && !result.isEmpty() && t.status().get() != null && t.status().get().isClosed()
                    ? result : t.live().get();
        }, t.live(), t.result(), t.status()));
        Button retry = new Button("Retry");
        retry.setId("task-view-retry");
        retry.setTooltip(new javafx.scene.control.Tooltip("Run this task again, as a new task"));
        retry.setOnAction(e -> board.retry(t));
        var again = Bindings.createBooleanBinding(() -> t.status().get() == TaskStatus.FAILED
                || t.status().get() == TaskStatus.CANCELLED, t.status());
        retry.visibleProperty().bind(again);
        retry.managedProperty().bind(again);
        Button cancel = new Button("Cancel task");
        cancel.setId("task-view-cancel");
        cancel.setOnAction(e -> board.cancel(t));
        var running = Bindings.createBooleanBinding(() -> t.status().get() != null && !t.status().get().isClosed(),
                t.status());
        cancel.visibleProperty().bind(running);
        cancel.managedProperty().bind(running);
        Region gap = new Region();
        HBox.setHgrow(gap, Priority.ALWAYS);
        HBox bar = new HBox(8, state, gap, cancel, retry);
        bar.setAlignment(Pos.CENTER_LEFT);
        // the agent's tool calls, as in an answer: a waiting one with Allow once / Always allow / Deny
        VBox calls = new VBox(4);
        calls.setId("task-view-tool-calls");
        Runnable drawCalls = () -> calls.getChildren().setAll(t.toolCalls().stream()
                .map(c -> dev.nova.desktop.chat.ToolCallCard.build(c, board::decide)).toList());
        t.toolCalls().addListener((javafx.collections.ListChangeListener<dev.nova.protocol.ToolUse>) ch -> drawCalls.run());
        drawCalls.run();
        VBox box = new VBox(8, title, bar, error, calls, text);
        VBox.setVgrow(text, Priority.ALWAYS);
        box.setPadding(new Insets(12));
        return box;
    }

    /** Opens the task's window over {@code owner}. */
    static void show(TaskBoardViewModel board, TaskCard t, Window owner) {
        Stage stage = dev.nova.desktop.ui.ToolWindow.show("Task", build(board, t), owner, 640, 520);
        stage.titleProperty().bind(Bindings.concat("Task: ", t.title()));
    }

    /** "Failed: No models loaded." or "Cancelled by ada": how a task ended, when not done. */
    static String outcome(dev.nova.protocol.TaskStatus status, String error) {
        if (error == null) {
            return "";
        }
        if (status == dev.nova.protocol.TaskStatus.CANCELLED) {
            return error.toLowerCase(java.util.Locale.ROOT).startsWith("cancelled")
                    ? Character.toUpperCase(error.charAt(0)) + error.substring(1) : "Cancelled: " + error;
        }
        return "Failed: " + error;
    }
}
