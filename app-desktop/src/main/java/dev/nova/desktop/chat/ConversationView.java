package dev.nova.desktop.chat;

import dev.nova.desktop.ui.Shown;
import javafx.beans.binding.Bindings;
import javafx.geometry.Insets;
import javafx.scene.Parent;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.TextArea;
import javafx.scene.control.Tooltip;
import javafx.scene.input.KeyCode;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;

/** The conversation: messages as Markdown, the composer with its template picker, Send/Stop and Regenerate. */
public final class ConversationView {
    private ConversationView() {}

    public static Parent build(ChatViewModel chat) {
        ListView<MessageItem> list = new ListView<>(chat.messages());
        list.setId("messages");
        list.getStyleClass().add("nova-messages");
        list.setCellFactory(v -> new MessageCell(chat));
        list.setOnKeyPressed(e -> { // Ctrl+C copies the selected message; with Shift, as Markdown
            MessageItem selected = list.getSelectionModel().getSelectedItem();
            if (selected != null && e.isShortcutDown() && e.getCode() == KeyCode.C) {
                MarkdownView.copy(e.isShiftDown() ? selected.text().get() : MarkdownView.plainText(selected.text().get()));
                e.consume();
            }
        });
        chat.messages().addListener((javafx.collections.ListChangeListener<MessageItem>) c -> {
            int keep = -1;
            while (c.next()) {
                if (c.wasAdded() && !c.wasReplaced() && c.getFrom() == 0 && c.getTo() < c.getList().size()) {
                    keep = c.getTo(); // older messages came in on top: stay on what was first
                }
            }
            list.scrollTo(keep >= 0 ? keep : Math.max(0, chat.messages().size() - 1));
        });
        chat.focused().addListener((o, was, item) -> {
            if (item != null) { // a search hit: bring it into view and mark it
                list.scrollTo(item);
                list.getSelectionModel().select(item);
            }
        });
        Button older = new Button("Show older messages");
        older.setId("older");
        older.getStyleClass().add("sidebar-small");
        older.setMaxWidth(Double.MAX_VALUE);
        older.setOnAction(e -> chat.loadOlder());
        Shown.when(chat.olderAvailable(), older);
        TextArea input = new TextArea();
        input.setId("composer");
        input.promptTextProperty().bind(chat.composerHint());
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
            chat.send(input.getText(), chat.editing().get() != null ? "chat" : template.getValue());
            input.clear();
        };
        // editing a question: its text in the composer; Send asks it again as a new branch, Esc stops editing
        Label editingNote = new Label("Editing your question: Send asks it again as a new branch (the earlier one is kept)");
        editingNote.setId("editing-note");
        editingNote.getStyleClass().add("msg-figures");
        editingNote.setWrapText(true); // wraps in a narrow window rather than "...the earlier one..."
        editingNote.setMinHeight(javafx.scene.layout.Region.USE_PREF_SIZE);
        HBox.setHgrow(editingNote, javafx.scene.layout.Priority.ALWAYS);
        Button stopEditing = new Button("Cancel edit");
        stopEditing.setId("cancel-edit");
        stopEditing.getStyleClass().add("sidebar-small");
        stopEditing.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
        stopEditing.setOnAction(e -> {
            chat.editing().set(null);
            input.clear();
        });
        HBox editingBar = new HBox(8, editingNote, stopEditing);
        editingBar.setAlignment(javafx.geometry.Pos.CENTER_LEFT);
        editingBar.setPadding(new Insets(0, 8, 0, 8));
        Shown.when(chat.editing().isNotNull(), editingBar);
        chat.editing().addListener((o, was, now) -> {
            if (now != null) {
                input.setText(now.text().get());
                input.requestFocus();
                input.end();
            }
        });
        send.setOnAction(e -> {
            if (chat.answering().get()) {
                chat.stop();
            } else {
                submit.run();
            }
        });
        input.setOnKeyPressed(e -> {
            if (e.getCode() == KeyCode.ENTER && e.isShiftDown()) {
                e.consume(); // a new line: the text area itself only takes a plain Enter for one
                input.replaceSelection("\n");
            } else if (e.getCode() == KeyCode.ENTER) {
                e.consume();
                submit.run();
            } else if (e.getCode() == KeyCode.ESCAPE) {
                if (chat.editing().get() != null) {
                    chat.editing().set(null);
                    input.clear();
                } else {
                    chat.stop();
                }
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
        for (javafx.scene.control.Control c : new javafx.scene.control.Control[] {template, send, regenerate}) {
            c.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
            c.setMaxWidth(Double.MAX_VALUE);
        }
        // in a channel there is no assistant: no templates, nothing to regenerate
        var inChannel = Bindings.createBooleanBinding(() -> chat.conversation().get().isChannel(), chat.conversation());
        Shown.when(inChannel.not(), template, regenerate);
        VBox buttons = new VBox(6, template, send, regenerate);
        HBox composer = new HBox(8, input, buttons);
        HBox.setHgrow(input, Priority.ALWAYS);
        composer.setPadding(new Insets(8));
        Label meter = new Label();
        meter.setId("context-meter");
        meter.getStyleClass().add("msg-figures");
        meter.textProperty().bind(chat.contextMeter());
        Shown.when(chat.contextMeter().isNotEmpty(), meter);
        meter.setPadding(new Insets(0, 8, 0, 8));
        VBox box = new VBox(older, list, meter, editingBar, composer);
        VBox.setVgrow(list, Priority.ALWAYS);
        return box;
    }
}
