package dev.nova.desktop.shell;

import dev.nova.desktop.board.AgentItem;
import dev.nova.desktop.board.AgentPanelViewModel;
import dev.nova.desktop.board.TaskBoardViewModel;
import dev.nova.desktop.board.TaskBoardViewModel.Column;
import dev.nova.desktop.board.TaskCard;
import dev.nova.desktop.chat.ChatViewModel;
import dev.nova.desktop.chat.GrowingMarkdown;
import dev.nova.desktop.chat.MessageItem;
import dev.nova.desktop.chat.ThreadExport;
import javafx.beans.binding.Bindings;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Parent;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;
import javafx.scene.control.Tooltip;
import javafx.scene.input.KeyCode;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;

/** The window's content: status bar, conversation and composer, agent panel and task board. */
public final class MainView {
    private MainView() {}

    public static Parent build(ChatViewModel chat, TaskBoardViewModel board, AgentPanelViewModel agents,
                               StatusViewModel status) {
        return build(chat, board, agents, status, () -> { });
    }

    public static Parent build(ChatViewModel chat, TaskBoardViewModel board, AgentPanelViewModel agents,
                               StatusViewModel status, Runnable openSettings) {
        BorderPane root = new BorderPane();
        root.getStyleClass().add("nova-root");
        root.setTop(statusBar(status, chat, openSettings));
        root.setCenter(conversation(chat));
        root.setRight(sidePanel(board, agents));
        return root;
    }

    private static Parent statusBar(StatusViewModel status, ChatViewModel chat, Runnable openSettings) {
        Label title = new Label("Nova");
        title.getStyleClass().add("nova-title");
        Label connection = chip(status.connection().get());
        connection.setId("connection-chip");
        connection.textProperty().bind(status.connection());
        status.connectionStyle().addListener((o, was, now) -> restyle(connection, now));
        restyle(connection, status.connectionStyle().get());
        Label llm = chip(status.llm().get());
        llm.setId("llm-chip");
        llm.textProperty().bind(status.llm());
        status.llmStyle().addListener((o, was, now) -> restyle(llm, now));
        restyle(llm, status.llmStyle().get());
        Tooltip fix = new Tooltip();
        fix.textProperty().bind(status.llmFix());
        llm.setTooltip(fix);
        Label hint = new Label();
        hint.getStyleClass().add("nova-hint");
        hint.textProperty().bind(status.llmFix());
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        javafx.scene.control.MenuButton export = new javafx.scene.control.MenuButton("Export");
        export.setId("export");
        javafx.scene.control.MenuItem asMarkdown = new javafx.scene.control.MenuItem("Conversation as Markdown...");
        asMarkdown.setAccelerator(javafx.scene.input.KeyCombination.keyCombination("Shortcut+E"));
        asMarkdown.setOnAction(e -> save(export, "conversation.md", "Markdown", "*.md",
                ThreadExport.markdown("Conversation with Nova", chat.messages())));
        javafx.scene.control.MenuItem asJson = new javafx.scene.control.MenuItem("Conversation as JSON...");
        asJson.setAccelerator(javafx.scene.input.KeyCombination.keyCombination("Shortcut+Shift+E"));
        asJson.setOnAction(e -> save(export, "conversation.json", "JSON", "*.json",
                ThreadExport.json("Conversation with Nova", chat.messages())));
        export.getItems().addAll(asMarkdown, asJson);
        Button settings = new Button("Settings");
        settings.setId("settings");
        settings.setOnAction(e -> openSettings.run());
        HBox bar = new HBox(10, title, export, settings, spacer, hint, llm, connection);
        bar.setAlignment(Pos.CENTER_LEFT);
        bar.setPadding(new Insets(8, 12, 8, 12));
        bar.getStyleClass().add("nova-statusbar");
        return bar;
    }

    private static void save(javafx.scene.Node owner, String name, String kind, String pattern, String content) {
        javafx.stage.FileChooser chooser = new javafx.stage.FileChooser();
        chooser.setInitialFileName(name);
        chooser.getExtensionFilters().add(new javafx.stage.FileChooser.ExtensionFilter(kind, pattern));
        java.io.File file = chooser.showSaveDialog(owner.getScene().getWindow());
        if (file != null) {
            try {
                java.nio.file.Files.writeString(file.toPath(), content);
            } catch (java.io.IOException ex) {
                new javafx.scene.control.Alert(javafx.scene.control.Alert.AlertType.ERROR,
                        "Could not save " + file + ": " + ex.getMessage()).showAndWait();
            }
        }
    }

    private static Parent conversation(ChatViewModel chat) {
        ListView<MessageItem> list = new ListView<>(chat.messages());
        list.setId("messages");
        list.getStyleClass().add("nova-messages");
        list.setCellFactory(v -> new MessageCell());
        chat.messages().addListener((javafx.collections.ListChangeListener<MessageItem>) c ->
                list.scrollTo(Math.max(0, chat.messages().size() - 1)));
        TextArea input = new TextArea();
        input.setId("composer");
        input.setPromptText("Ask anything - Enter sends, Shift+Enter for a new line, Esc stops");
        input.setPrefRowCount(3);
        input.setWrapText(true);
        Button send = new Button();
        send.setId("send");
        send.textProperty().bind(Bindings.when(chat.answering()).then("Stop").otherwise("Send"));
        send.setDefaultButton(false);
        javafx.scene.control.ComboBox<String> template = new javafx.scene.control.ComboBox<>();
        template.setId("template");
        template.getItems().add("chat");
        template.getItems().addAll(ChatViewModel.TEMPLATES);
        template.setValue("chat");
        template.setTooltip(new Tooltip("chat: talk with the assistant; the others run a prompt template on your text"));
        Runnable submit = () -> {
            chat.send(input.getText(), template.getValue());
            input.clear();
        };
        send.setOnAction(e -> {
            if (chat.answering().get()) {
                chat.stop();
            } else {
                submit.run();
            }
        });
        input.setOnKeyPressed(e -> {
            if (e.getCode() == KeyCode.ENTER && !e.isShiftDown()) {
                e.consume();
                submit.run();
            } else if (e.getCode() == KeyCode.ESCAPE) {
                chat.stop();
            }
        });
        Button regenerate = new Button("Regenerate");
        regenerate.setTooltip(new Tooltip("Ask the last question again (Ctrl+R)"));
        regenerate.setOnAction(e -> chat.regenerate());
        input.sceneProperty().addListener((o, was, scene) -> {
            if (scene != null) {
                scene.getAccelerators().put(javafx.scene.input.KeyCombination.keyCombination("Shortcut+R"), chat::regenerate);
                scene.getAccelerators().put(javafx.scene.input.KeyCombination.keyCombination("Shortcut+L"), input::requestFocus);
            }
        });
        VBox buttons = new VBox(6, template, send, regenerate);
        HBox composer = new HBox(8, input, buttons);
        HBox.setHgrow(input, Priority.ALWAYS);
        composer.setPadding(new Insets(8));
        VBox box = new VBox(list, composer);
        VBox.setVgrow(list, Priority.ALWAYS);
        return box;
    }

    private static Parent sidePanel(TaskBoardViewModel board, AgentPanelViewModel agents) {
        Label agentsTitle = new Label("Agents");
        agentsTitle.getStyleClass().add("nova-section");
        ListView<AgentItem> agentList = new ListView<>(agents.agents());
        agentList.setId("agents");
        agentList.setPrefHeight(150);
        agentList.setCellFactory(v -> new ListCell<>() {
            @Override
            protected void updateItem(AgentItem a, boolean empty) {
                super.updateItem(a, empty);
                if (empty || a == null) {
                    setGraphic(null);
                    setText(null);
                    return;
                }
                Label name = new Label(a.name().get() + "  \u00b7  " + a.role().get());
                Label state = chip(a.status().get() == null ? "" : a.status().get().wire());
                state.getStyleClass().add("agent-" + (a.status().get() == null ? "offline" : a.status().get().wire()));
                Region spacer = new Region();
                HBox.setHgrow(spacer, Priority.ALWAYS);
                setGraphic(new HBox(6, name, spacer, state));
                setText(null);
            }
        });
        agents.agents().forEach(a -> a.status().addListener((o, w, n) -> agentList.refresh()));
        agents.agents().addListener((javafx.collections.ListChangeListener<AgentItem>) c -> {
            while (c.next()) {
                c.getAddedSubList().forEach(a -> a.status().addListener((o, w, n) -> agentList.refresh()));
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
            board.create("research", newTask.getText());
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
        ListView<TaskCard> list = new ListView<>(board.column(col));
        list.setId("column-" + col.name().toLowerCase(java.util.Locale.ROOT));
        list.setCellFactory(v -> new ListCell<>() {
            @Override
            protected void updateItem(TaskCard t, boolean empty) {
                super.updateItem(t, empty);
                if (empty || t == null) {
                    setGraphic(null);
                    setText(null);
                    return;
                }
                Label title = new Label(t.title().get());
                title.setWrapText(true);
                title.maxWidthProperty().bind(getListView().widthProperty().subtract(24));
                String meta = (t.agent().get() == null ? "" : t.agent().get())
                        + (t.elapsedMs().get() == null ? "" : "  \u00b7  " + t.elapsedMs().get() / 100 / 10.0 + " s")
                        + (t.tokens().get() == null ? "" : "  \u00b7  " + t.tokens().get() + " tok");
                Label info = new Label(meta.isBlank() ? t.status().get().wire() : meta + "  \u00b7  " + t.status().get().wire());
                info.getStyleClass().add("nova-hint");
                info.setWrapText(true);
                info.maxWidthProperty().bind(getListView().widthProperty().subtract(24));
                VBox card = new VBox(2, title, info);
                card.getStyleClass().add("task-card");
                if (col != Column.DONE) {
                    Button stop = new Button("Cancel");
                    stop.getStyleClass().add("task-cancel");
                    stop.setId("cancel-" + t.id());
                    stop.setOnAction(e -> board.cancel(t));
                    card.getChildren().add(stop);
                }
                if (t.result().get() != null || t.error().get() != null) {
                    Tooltip.install(card, new Tooltip(t.error().get() != null ? t.error().get() : t.result().get()));
                }
                javafx.scene.control.MenuItem cancel = new javafx.scene.control.MenuItem("Cancel task");
                cancel.setDisable(col == Column.DONE);
                cancel.setOnAction(e -> board.cancel(t));
                javafx.scene.control.MenuItem details = new javafx.scene.control.MenuItem("Show result");
                details.setOnAction(e -> showTask(t));
                setContextMenu(new javafx.scene.control.ContextMenu(details, cancel));
                setOnMouseClicked(e -> {
                    if (e.getClickCount() == 2) {
                        showTask(t);
                    }
                });
                setGraphic(card);
                setText(null);
            }
        });
        VBox box = new VBox(4, header, list);
        VBox.setVgrow(list, Priority.ALWAYS);
        HBox.setHgrow(box, Priority.ALWAYS);
        box.setPrefWidth(125);
        return box;
    }

    private static void showTask(TaskCard t) {
        javafx.scene.control.TextArea text = new javafx.scene.control.TextArea(
                t.error().get() != null ? "Error: " + t.error().get() + "\n\n" + nullToEmpty(t.result().get())
                        : nullToEmpty(t.result().get()));
        text.setEditable(false);
        text.setWrapText(true);
        javafx.scene.control.Alert a = new javafx.scene.control.Alert(javafx.scene.control.Alert.AlertType.INFORMATION);
        a.setTitle("Task " + t.id());
        a.setHeaderText(t.title().get() + " - " + t.status().get().wire()
                + (t.agent().get() == null ? "" : " by " + t.agent().get()));
        a.getDialogPane().setContent(text);
        a.show();
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }

    private static String capitalized(String s) {
        return s == null || s.isEmpty() ? "Assistant" : Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }

    static Label chip(String text) {
        Label l = new Label(text);
        l.getStyleClass().add("chip");
        return l;
    }

    private static void restyle(Label chip, String style) {
        chip.getStyleClass().removeAll("chip-ok", "chip-warn", "chip-bad");
        chip.getStyleClass().add("chip-" + style);
    }

    /** One message: who, the Markdown, and under an answer its model and speed, or that it stopped. */
    private static final class MessageCell extends ListCell<MessageItem> {
        private final javafx.beans.InvalidationListener changed = o -> updateItem(getItem(), getItem() == null);
        private MessageItem bound;
        private GrowingMarkdown markdown;
        private MessageItem markdownFor;

        @Override
        protected void updateItem(MessageItem m, boolean empty) {
            super.updateItem(m, empty);
            if (bound != m) {
                if (bound != null) {
                    bound.text().removeListener(changed);
                    bound.finish().removeListener(changed);
                }
                bound = empty ? null : m;
                if (bound != null) {
                    bound.text().addListener(changed);
                    bound.finish().addListener(changed);
                }
            }
            if (empty || m == null) {
                setGraphic(null);
                setText(null);
                return;
            }
            String name = m.fromAssistant() ? capitalized(m.sender()) : m.sender();
            Label who = new Label(name);
            who.getStyleClass().add("msg-sender");
            VBox box = new VBox(4, who);
            if (!m.thinking().get().isEmpty()) {
                Label thinking = new Label("Thinking: " + m.thinking().get());
                thinking.setWrapText(true);
                thinking.getStyleClass().add("msg-thinking");
                box.getChildren().add(thinking);
            }
            if (markdownFor != m) {
                markdown = new GrowingMarkdown();
                markdownFor = m;
            }
            markdown.show(m.text().get(), m.streaming().get());
            box.getChildren().add(markdown.node());
            String foot = m.figures();
            if (m.finish().get() != null) {
                switch (m.finish().get()) {
                    case CANCELLED -> foot = "Stopped" + (foot.isEmpty() ? "" : "  \u00b7  " + foot);
                    case ERROR -> foot = "Failed" + (m.error().get() == null ? "" : ": " + m.error().get())
                            + (foot.isEmpty() ? "" : "  \u00b7  " + foot);
                    case LENGTH -> foot = "Cut at the length limit" + (foot.isEmpty() ? "" : "  \u00b7  " + foot);
                    default -> { }
                }
            }
            if (!foot.isEmpty()) {
                Label figures = new Label(foot);
                figures.getStyleClass().add("msg-figures");
                box.getChildren().add(figures);
            }
            box.getStyleClass().add(m.fromAssistant() ? "msg-assistant" : "msg-person");
            box.setPadding(new Insets(8));
            if (getListView() != null) {
                box.maxWidthProperty().bind(getListView().widthProperty().subtract(40));
            }
            setGraphic(box);
            setText(null);
        }
    }
}
