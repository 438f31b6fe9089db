package dev.nova.desktop.chat;

import dev.nova.desktop.ui.Shown;
import javafx.geometry.Insets;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.TextArea;
import javafx.scene.control.TitledPane;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;

/** One message: who, the Markdown, and under an answer its model and speed, or that it stopped. */
final class MessageCell extends ListCell<MessageItem> {
    /** A message's time, "14:05"; in full on hover, "Monday 7 December 2026, 14:05:09". */
    static final java.time.format.DateTimeFormatter SHORT_TIME = java.time.format.DateTimeFormatter.ofPattern("HH:mm");
    static final java.time.format.DateTimeFormatter FULL_TIME =
            java.time.format.DateTimeFormatter.ofPattern("EEEE d MMMM uuuu, HH:mm:ss", java.util.Locale.ENGLISH);

    private final ChatViewModel chat;
    private final javafx.beans.InvalidationListener changed = o -> updateItem(getItem(), getItem() == null);

    MessageCell(ChatViewModel chat) {
        this.chat = chat;
    }
    private MessageItem bound;

    /** Whether {@code m} follows a message of the same author within five minutes (shown as one group). */
    private boolean continues(MessageItem m, int index) {
        if (index <= 0 || getListView() == null || index > getListView().getItems().size() - 1
                || m.fromAssistant() || m.createdAt() == null) {
            return false;
        }
        MessageItem before = getListView().getItems().get(index - 1);
        return !before.fromAssistant() && before.sender().equals(m.sender()) && before.createdAt() != null
                && java.time.Duration.between(before.createdAt(), m.createdAt()).abs().toMinutes() < 5;
    }
    /** The tool call cards of the bound message, kept while a call is as it was (a half-typed reason stays). */
    private final java.util.Map<dev.nova.protocol.ToolUse, javafx.scene.Node> cards = new java.util.HashMap<>();
    private GrowingMarkdown markdown;
    private MessageItem markdownFor;
    /** The message shown as selectable text (Select text), until the text loses focus. */
    private MessageItem selecting;

    @Override
    protected void updateItem(MessageItem m, boolean empty) {
        super.updateItem(m, empty);
        if (bound != m) {
            if (bound != null) {
                bound.text().removeListener(changed);
                bound.finish().removeListener(changed);
                bound.pending().removeListener(changed);
                bound.toolCalls().removeListener(changed);
            }
            bound = empty ? null : m;
            cards.clear();
            if (bound != null) {
                bound.text().addListener(changed);
                bound.finish().addListener(changed);
                bound.pending().addListener(changed);
                bound.toolCalls().addListener(changed);
            }
        }
        if (empty || m == null) {
            setGraphic(null);
            setText(null);
            return;
        }
        boolean channel = chat.conversation().get().isChannel();
        Label who = new Label(m.displayName());
        who.getStyleClass().add("msg-sender");
        HBox head = new HBox(4, who);
        head.setAlignment(javafx.geometry.Pos.BASELINE_LEFT);
        if (m.createdAt() != null) {
            java.time.ZonedDateTime at = m.createdAt().atZone(java.time.ZoneId.systemDefault());
            Label time = new Label(SHORT_TIME.format(at));
            time.setId("msg-time");
            time.getStyleClass().addAll("msg-figures", "msg-time");
            time.setTooltip(new Tooltip(FULL_TIME.format(at)));
            head.getChildren().add(time);
        }
        // in a channel, one author's messages in a row read as one group: the name once (Slack, Mattermost)
        boolean grouped = channel && continues(m, getIndex());
        VBox box = new VBox(4);
        if (!grouped) {
            box.getChildren().add(head);
        }
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
        box.getChildren().add(selecting == m ? selectable(m) : markdown.node());
        if (!m.toolCalls().get().isEmpty()) {
            VBox calls = new VBox(4);
            calls.setId("tool-calls");
            java.util.Map<dev.nova.protocol.ToolUse, javafx.scene.Node> kept = new java.util.HashMap<>();
            for (dev.nova.protocol.ToolUse call : m.toolCalls().get()) {
                javafx.scene.Node card = cards.get(call);
                if (card == null) {
                    card = ToolCallCard.build(call, chat::decide);
                }
                kept.put(call, card);
                calls.getChildren().add(card);
            }
            cards.clear();
            cards.putAll(kept);
            box.getChildren().add(calls);
        }
        String foot = m.figures();
        String ending = ThreadExport.ending(m);
        if (ending != null) {
            foot = ending + (foot.isEmpty() ? "" : "  \u00b7  " + foot);
        }
        if (!foot.isEmpty()) {
            Label figures = new Label(foot);
            figures.getStyleClass().add("msg-figures");
            figures.setWrapText(true); // a failure's whole reason, however long
            figures.setMinHeight(javafx.scene.layout.Region.USE_PREF_SIZE);
            box.getChildren().add(figures);
        }
        if (!m.work().get().isEmpty()) {
            box.getChildren().add(work(m));
        }
        if (m.pending().get()) {
            Label waiting = new Label("Not sent yet: it goes out when the server answers");
            waiting.setGraphic(clock());
            waiting.getStyleClass().addAll("msg-figures", "msg-pending");
            box.getChildren().add(waiting);
        }
        if (!m.versions().isEmpty()) {
            Button previous = new Button("\u2039");
            previous.getStyleClass().add("sidebar-small");
            previous.setId("version-previous");
            previous.setTooltip(new Tooltip("The version before, and its answers"));
            previous.setDisable(m.versions().indexOf(m.messageId()) == 0);
            previous.setOnAction(e -> chat.showVersion(m, -1));
            Label which = new Label(m.versionLabel());
            which.setId("version-label");
            which.getStyleClass().add("msg-figures");
            Button next = new Button("\u203a");
            next.getStyleClass().add("sidebar-small");
            next.setId("version-next");
            next.setTooltip(new Tooltip("The version after, and its answers"));
            next.setDisable(m.versions().indexOf(m.messageId()) == m.versions().size() - 1);
            next.setOnAction(e -> chat.showVersion(m, 1));
            HBox versions = new HBox(4, previous, which, next);
            versions.setAlignment(javafx.geometry.Pos.CENTER_LEFT);
            box.getChildren().add(versions);
        }
        if (m.retryable()) {
            Button retry = new Button("Retry");
            retry.getStyleClass().add("sidebar-small");
            retry.setTooltip(new Tooltip("Ask this question again"));
            retry.setOnAction(e -> chat.retry(m));
            box.getChildren().add(retry);
        }
        if (channel && !m.fromAssistant()) {
            // your own messages apart from the others': another colour, set in from the left
            boolean own = m.sender().equals(chat.me());
            box.getStyleClass().addAll("msg-person", own ? "msg-own" : "msg-other");
            if (own) {
                setPadding(new Insets(2, 4, 2, 48));
            } else {
                setPadding(new Insets(2, 48, 2, 4));
            }
        } else {
            box.getStyleClass().add(m.fromAssistant() ? "msg-assistant" : "msg-person");
            setPadding(Insets.EMPTY);
        }
        if (grouped) {
            box.getStyleClass().add("msg-grouped");
        }
        box.setPadding(grouped ? new Insets(2, 8, 6, 8) : new Insets(8));
        if (getListView() != null) {
            box.maxWidthProperty().bind(getListView().widthProperty().subtract(40));
        }
        javafx.scene.control.ContextMenu menu = menu(m);
        // Shown by hand (not setContextMenu): the same on every platform, and on headless test runs.
        box.setOnMousePressed(e -> {
            if (e.isSecondaryButtonDown()) {
                menu.show(box, e.getScreenX(), e.getScreenY());
                e.consume();
            }
        });
        box.setOnContextMenuRequested(e -> {
            if (e.isKeyboardTrigger()) { // the menu key, Shift+F10
                menu.show(box, e.getScreenX(), e.getScreenY());
            }
            e.consume();
        });
        setGraphic(box);
        setText(null);
    }

    /** The agents' work behind the answer, folded: opened, the plan and each step under its agent. */
    private javafx.scene.Node work(MessageItem m) {
        VBox steps = new VBox(6);
        TitledPane pane = new TitledPane(ThreadExport.workSummary(m.work().get()), steps);
        pane.setId("agents-work");
        pane.getStyleClass().add("msg-work");
        pane.setExpanded(m.workShown().get());
        pane.setAnimated(false);
        Runnable fill = () -> {
            if (steps.getChildren().isEmpty()) { // built when first opened: a long thread stays light
                for (dev.nova.protocol.AgentWork w : m.work().get()) {
                    Label heading = new Label(ThreadExport.workHeading(w));
                    heading.getStyleClass().add("msg-sender");
                    heading.setWrapText(true);
                    steps.getChildren().add(heading);
                    if (!w.content().isBlank()) {
                        steps.getChildren().add(MarkdownView.render(ThreadExport.workText(w)));
                    }
                }
            }
        };
        if (pane.isExpanded()) {
            fill.run();
        }
        pane.expandedProperty().addListener((o, was, now) -> {
            m.workShown().set(now); // stays open when the cell is redrawn or reused
            if (now) {
                fill.run();
            }
        });
        return pane;
    }

    /** A small clock: the message waits to be sent. */
    private static javafx.scene.Node clock() {
        javafx.scene.shape.SVGPath icon = new javafx.scene.shape.SVGPath();
        icon.setContent("M6 0a6 6 0 1 0 0 12A6 6 0 1 0 6 0zm0 1.5a4.5 4.5 0 1 1 0 9 4.5 4.5 0 1 1 0-9z"
                + "M5.25 3h1.5v3.2l2.1 1.3-.8 1.25-2.8-1.75z");
        icon.getStyleClass().add("pending-clock");
        return icon;
    }

    /** Copy, Copy as Markdown, and Select text for copying a part of it. */
    private javafx.scene.control.ContextMenu menu(MessageItem m) {
        javafx.scene.control.MenuItem copy = new javafx.scene.control.MenuItem("Copy");
        copy.setId("copy-text");
        copy.setOnAction(e -> MarkdownView.copy(MarkdownView.plainText(m.text().get())));
        javafx.scene.control.MenuItem asMarkdown = new javafx.scene.control.MenuItem("Copy as Markdown");
        asMarkdown.setId("copy-markdown");
        asMarkdown.setOnAction(e -> MarkdownView.copy(m.text().get()));
        javafx.scene.control.MenuItem select = new javafx.scene.control.MenuItem("Select text");
        select.setId("select-text");
        select.setOnAction(e -> {
            selecting = m;
            updateItem(m, false);
        });
        javafx.scene.control.ContextMenu menu = new javafx.scene.control.ContextMenu(copy, asMarkdown, select);
        if (!m.fromAssistant() && m.messageId() != null && !chat.conversation().get().isChannel()) {
            javafx.scene.control.MenuItem edit = new javafx.scene.control.MenuItem("Edit and resend");
            edit.setId("edit-message");
            edit.setOnAction(e -> chat.edit(m));
            menu.getItems().add(0, edit);
        }
        if (m.messageId() != null && !chat.conversation().get().isChannel()) {
            javafx.scene.control.MenuItem delete = new javafx.scene.control.MenuItem(
                    m.fromAssistant() ? "Delete answer" : "Delete question and its answers");
            delete.setId("delete-message");
            delete.setOnAction(e -> chat.deleteMessage(m));
            menu.getItems().add(delete);
        }
        return menu;
    }

    /** The message's text in a read-only text area: select any part, Ctrl+C; it goes when it loses focus. */
    private javafx.scene.Node selectable(MessageItem m) {
        TextArea text = new TextArea(m.text().get());
        text.setId("selectable-text");
        text.setEditable(false);
        text.setWrapText(true);
        text.setPrefRowCount((int) Math.min(20, m.text().get().lines().count() + 1));
        text.focusedProperty().addListener((o, was, now) -> {
            if (!now && selecting == m && (text.getContextMenu() == null || !text.getContextMenu().isShowing())) {
                selecting = null;
                javafx.application.Platform.runLater(() -> updateItem(getItem(), getItem() == null));
            }
        });
        javafx.application.Platform.runLater(() -> {
            text.requestFocus();
            text.selectAll();
        });
        return text;
    }
}
