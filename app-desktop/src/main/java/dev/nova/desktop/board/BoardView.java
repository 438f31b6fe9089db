package dev.nova.desktop.board;

import dev.nova.protocol.TaskStatus;

import dev.nova.desktop.board.TaskBoardViewModel.Column;
import dev.nova.desktop.shell.StatusBar;
import javafx.geometry.Insets;
import javafx.scene.Parent;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;

/** The right-hand panel: agents with their status chips, the task board in four columns, a field to add a task. */
public final class BoardView {
    private static final double CARD_TITLE_HEIGHT = 32;
    private static final double CARD_HEIGHT = 62;
    private BoardView() {}

    public static Parent build(TaskBoardViewModel board, AgentPanelViewModel agents) {
        Label agentsTitle = new Label("Agents");
        agentsTitle.getStyleClass().add("nova-section");
        ListView<AgentItem> agentList = new ListView<>(agents.agents());
        agentList.setId("agents");
        agentList.setPrefHeight(150);
        // While disconnected the statuses are only the last known: the panel says so by greying out.
        agentList.disableProperty().bind(agents.connected().not());
        agentList.setTooltip(new Tooltip("Agents, as the server reports them"));
        agentList.setCellFactory(v -> new ListCell<>() {
            @Override
            protected void updateItem(AgentItem a, boolean empty) {
                super.updateItem(a, empty);
                if (empty || a == null) {
                    setGraphic(null);
                    setText(null);
                    return;
                }
                Label name = new Label(a.role().get() == null ? a.name().get() : a.name().get() + "  \u00b7  " + a.role().get());
                Label state = StatusBar.chip(a.status().get() == null ? "" : a.status().get().wire());
                state.getStyleClass().add("agent-" + (a.status().get() == null ? "offline" : a.status().get().wire()));
                state.setMinWidth(Region.USE_PREF_SIZE);
                Region spacer = new Region();
                HBox.setHgrow(spacer, Priority.ALWAYS);
                VBox who = new VBox(1, name);
                if (!a.last().isEmpty()) { // what it did last, so a run over in a second still shows
                    Label last = new Label(a.last());
                    last.getStyleClass().addAll("nova-hint", "agent-last");
                    last.setMinWidth(0);
                    who.getChildren().add(last);
                    Tooltip.install(who, new Tooltip(String.join("\n", a.history())));
                }
                who.setMinWidth(0);
                HBox.setHgrow(who, Priority.SOMETIMES);
                setGraphic(new HBox(6, who, spacer, state));
                setText(null);
                // the cell never asks for more than the list's width: a long last action is cut (its whole
                // story in the tooltip), the state chip stays whole and in view, no sideways scrolling
                setPrefWidth(0);
            }
        });
        java.util.function.Consumer<AgentItem> watch = a -> {
            a.status().addListener((o, w, n) -> agentList.refresh());
            a.history().addListener((javafx.collections.ListChangeListener<String>) h -> agentList.refresh());
        };
        agents.agents().forEach(watch);
        agents.agents().addListener((javafx.collections.ListChangeListener<AgentItem>) c -> {
            while (c.next()) {
                c.getAddedSubList().forEach(watch);
            }
        });
        Label tasksTitle = new Label("Tasks");
        tasksTitle.getStyleClass().add("nova-section");
        HBox columns = new HBox(6);
        for (Column col : Column.values()) {
            columns.getChildren().add(column(board, col));
        }
        TextField newTask = new TextField();
        newTask.setId("new-task");
        newTask.setPromptText("New task for the agents");
        Button add = new Button("Add");
        add.setOnAction(e -> {
            board.create("task", newTask.getText()); // the server sends it to the agent whose work it asks for
            newTask.clear();
        });
        newTask.setOnAction(e -> add.fire());
        HBox create = new HBox(6, newTask, add);
        HBox.setHgrow(newTask, Priority.ALWAYS);
        VBox side = new VBox(8, agentsTitle, agentList, tasksTitle, columns, create);
        VBox.setVgrow(columns, Priority.ALWAYS);
        side.setPadding(new Insets(8));
        side.setPrefWidth(520);
        side.getStyleClass().add("nova-side");
        return side;
    }

    private static Parent column(TaskBoardViewModel board, Column col) {
        Label header = new Label(switch (col) {
            case CREATED -> "Created";
            case ASSIGNED -> "Assigned";
            case IN_PROGRESS -> "In progress";
            case DONE -> "Done";
        });
        header.getStyleClass().add("nova-column-title");
        header.setMinWidth(Region.USE_PREF_SIZE); // "Assigned" whole: the columns give way, not their names
        ListView<TaskCard> list = new ListView<>(board.column(col));
        list.setId("column-" + col.name().toLowerCase(java.util.Locale.ROOT));
        list.setFixedCellSize(CARD_HEIGHT);
        list.setCellFactory(v -> new ListCell<>() {
            private javafx.beans.binding.StringBinding timeBinding;

            @Override
            protected void updateItem(TaskCard t, boolean empty) {
                super.updateItem(t, empty);
                if (empty || t == null) {
                    if (timeBinding != null) {
                        timeBinding.dispose();
                        timeBinding = null;
                    }
                    setGraphic(null);
                    setText(null);
                    return;
                }
                // Cards have one fixed height (two lines of title, one of figures): a list of cells whose
                // height depends on wrapping is laid out wrongly by JavaFX's cell-size cache.
                Label title = new Label(t.title().get());
                title.getStyleClass().add("task-title");
                title.setWrapText(true);
                title.setMinWidth(0);
                title.setMaxWidth(Double.MAX_VALUE);
                title.setPrefHeight(CARD_TITLE_HEIGHT);
                title.setMaxHeight(CARD_TITLE_HEIGHT);
                title.setAlignment(javafx.geometry.Pos.TOP_LEFT);
                HBox.setHgrow(title, Priority.ALWAYS);
                HBox top = new HBox(2, title);
                if (col != Column.DONE) {
                    Button stop = new Button("\u2715");
                    stop.getStyleClass().add("task-cancel");
                    stop.setId("cancel-" + t.id());
                    stop.setTooltip(new Tooltip("Cancel this task"));
                    stop.setMinWidth(Region.USE_PREF_SIZE);
                    stop.setOnAction(e -> board.cancel(t));
                    top.getChildren().add(stop);
                }
                // Agent and time; the agent's name gives way ("res...") before the time does, which never
                // shrinks. The tokens and the whole line are in the tooltip.
                long now = System.nanoTime();
                // a task that did not complete says how it ended, beside who had it
                TaskStatus status = t.status().get();
                boolean notDone = status == TaskStatus.CANCELLED || status == TaskStatus.FAILED;
                Label agent = new Label(t.agent().get() == null ? status.wire()
                        : notDone ? t.agent().get() + " \u00b7 " + status.wire() : t.agent().get());
                if (t.waiting().get()) {
                    agent.setText((t.agent().get() == null ? "" : t.agent().get() + " \u00b7 ") + "waiting for you");
                }
                agent.getStyleClass().addAll("nova-hint", "task-agent");
                agent.setMinWidth(Math.min(28, agent.prefWidth(-1)));
                Label clock = new Label();
                if (timeBinding != null) {
                    timeBinding.dispose(); // the card shown before in this cell
                }
                timeBinding = javafx.beans.binding.Bindings.createStringBinding(() -> {
                    String shown = t.time(System.nanoTime());
                    return shown.isEmpty() ? "" : "\u00b7 " + shown;
                }, t.ticks());
                clock.textProperty().bind(timeBinding);
                clock.getStyleClass().addAll("nova-hint", "task-time");
                clock.setMinWidth(Region.USE_PREF_SIZE);
                HBox info = new HBox(4, agent, clock);
                VBox card = new VBox(2, top, info);
                card.getStyleClass().addAll("task-card", "task-" + status.wire()); // failed and cancelled look apart
                if (t.waiting().get()) {
                    card.getStyleClass().add("task-waiting"); // a tool call of the agent's waits for the person
                }
                card.maxWidthProperty().bind(getListView().widthProperty().subtract(24));
                String whole = (t.agent().get() == null ? "" : t.agent().get() + " \u00b7 ") + t.status().get().wire()
                        + (t.figures(now).isEmpty() ? "" : " \u00b7 " + t.figures(now));
                String outcome = t.error().get() != null ? t.error().get() : t.result().get();
                Tooltip.install(card, new Tooltip(t.title().get() + "\n" + whole
                        + (outcome == null ? "" : "\n\n" + oneParagraph(outcome))));
                javafx.scene.control.MenuItem cancel = new javafx.scene.control.MenuItem("Cancel task");
                cancel.setDisable(col == Column.DONE);
                cancel.setOnAction(e -> board.cancel(t));
                javafx.scene.control.MenuItem details = new javafx.scene.control.MenuItem("Open task");
                details.setOnAction(e -> TaskView.show(board, t, getScene().getWindow()));
                setContextMenu(new javafx.scene.control.ContextMenu(details, cancel));
                setOnMouseClicked(e -> {
                    if (e.getClickCount() == 2) {
                        TaskView.show(board, t, getScene().getWindow());
                    }
                });
                setGraphic(card);
                setText(null);
            }
        });
        if (col == Column.IN_PROGRESS) { // the cards' clocks run between updates: only their time is redrawn
            javafx.animation.Timeline tick = new javafx.animation.Timeline(new javafx.animation.KeyFrame(
                    javafx.util.Duration.seconds(1), e -> board.column(col).forEach(TaskCard::tick)));
            tick.setCycleCount(javafx.animation.Animation.INDEFINITE);
            tick.play();
        }
        VBox box = new VBox(4, header, list);
        VBox.setVgrow(list, Priority.ALWAYS);
        HBox.setHgrow(box, Priority.ALWAYS);
        // Cards pile up in Done and run in In progress; Created and Assigned are passing through.
        box.setPrefWidth(col == Column.CREATED || col == Column.ASSIGNED ? 100 : 140);
        return box;
    }

    private static String oneParagraph(String s) {
        String p = s.strip();
        return p.length() <= 400 ? p : p.substring(0, 397) + "...";
    }
}
