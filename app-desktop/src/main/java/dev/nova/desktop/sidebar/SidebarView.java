package dev.nova.desktop.sidebar;

import dev.nova.desktop.ui.Shown;
import dev.nova.desktop.chat.ConversationKey;
import dev.nova.protocol.ServerMessage.Search.Hit;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Optional;
import javafx.animation.PauseTransition;
import javafx.beans.binding.Bindings;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.control.Alert;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.ContextMenu;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.MenuItem;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.TextField;
import javafx.scene.control.TextInputDialog;
import javafx.scene.control.Tooltip;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCombination;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.scene.text.Text;
import javafx.scene.text.TextFlow;
import javafx.util.Duration;

/**
 * The left sidebar: search, threads, channels and message hits. Rename (F2) and delete (Del, with
 * confirmation) from a thread's context menu or the conversation header; Ctrl+N starts a thread,
 * Ctrl+K searches.
 */
public final class SidebarView {
    private static final DateTimeFormatter TODAY = DateTimeFormatter.ofPattern("HH:mm");
    private static final DateTimeFormatter THIS_WEEK = DateTimeFormatter.ofPattern("EEE", Locale.ENGLISH);
    private static final DateTimeFormatter EARLIER = DateTimeFormatter.ofPattern("MMM d", Locale.ENGLISH);

    private SidebarView() {}

    public static Parent build(SidebarViewModel vm) {
        TextField search = new TextField();
        search.setId("search");
        search.setPromptText("Search threads and messages");
        search.setTooltip(new Tooltip("Ctrl+K"));
        PauseTransition typing = new PauseTransition(Duration.millis(250));
        typing.setOnFinished(e -> vm.search(search.getText()));
        search.textProperty().addListener((o, was, now) -> typing.playFromStart());
        search.setOnKeyPressed(e -> {
            if (e.getCode() == KeyCode.ESCAPE) {
                search.clear();
                typing.stop();
                vm.search("");
            }
        });
        Button newThread = new Button("+ New chat");
        newThread.setId("new-thread");
        newThread.setMaxWidth(Double.MAX_VALUE);
        newThread.setTooltip(new Tooltip("Start a new conversation with the assistant (Ctrl+N)"));
        newThread.setOnAction(e -> vm.newThread());

        ListView<ConversationItem> threads = list(vm, vm.threads(), "threads");
        ListView<ConversationItem> channels = list(vm, vm.channels(), "channels");
        channels.setPrefHeight(140);
        Button join = new Button("+");
        join.setId("join-channel");
        join.getStyleClass().add("sidebar-small");
        join.setTooltip(new Tooltip("Join or create a channel"));
        join.setOnAction(e -> askChannel(vm, join));
        Region gap = new Region();
        HBox.setHgrow(gap, Priority.ALWAYS);
        HBox channelsHead = new HBox(4, section("Channels"), gap, join);
        channelsHead.setAlignment(Pos.CENTER_LEFT);

        // at most a few dozen hits of wrapped text: a plain box scrolls them (no cell-height guessing)
        VBox hitList = new VBox(2);
        hitList.setId("search-hits");
        vm.hits().addListener((javafx.collections.ListChangeListener<Hit>) c ->
                hitList.getChildren().setAll(vm.hits().stream().map(h -> hitNode(vm, h)).toList()));
        ScrollPane hits = new ScrollPane(hitList);
        hits.setFitToWidth(true);
        hits.setHbarPolicy(ScrollPane.ScrollBarPolicy.NEVER);
        Label hitsHead = section("Messages");
        Label noHits = new Label("No message contains this text");
        noHits.getStyleClass().add("nova-hint");
        var searching = vm.query().length().greaterThanOrEqualTo(SidebarViewModel.MIN_SEARCH);
        Shown.when(searching, hitsHead, hits);
        var nothing = searching.and(Bindings.isEmpty(vm.hits()));
        Shown.when(nothing, noHits);

        // one open conversation across both lists
        boolean[] syncing = {false};
        vm.selected().addListener((o, was, now) -> {
            syncing[0] = true;
            try {
                select(threads, now);
                select(channels, now);
            } finally {
                syncing[0] = false;
            }
        });
        for (ListView<ConversationItem> l : java.util.List.of(threads, channels)) {
            l.getSelectionModel().selectedItemProperty().addListener((o, was, now) -> {
                if (!syncing[0] && now != null && now != vm.selected().get()) {
                    vm.open(now);
                }
            });
        }

        // while searching, a list with no matching title folds away and leaves the room to the hits
        Label threadsHead = section("Threads");
        var showThreads = vm.query().isEmpty().or(Bindings.isNotEmpty(vm.threads()));
        var showChannels = vm.query().isEmpty().or(Bindings.isNotEmpty(vm.channels()));
        Shown.when(showThreads, threadsHead, threads);
        Shown.when(showChannels, channelsHead, channels);
        VBox box = new VBox(6, search, newThread, threadsHead, threads, channelsHead, channels, hitsHead, noHits, hits);
        VBox.setVgrow(threads, Priority.ALWAYS);
        VBox.setVgrow(hits, Priority.ALWAYS);
        box.setPadding(new Insets(8));
        box.setPrefWidth(260);
        box.setMinWidth(200);
        box.getStyleClass().add("nova-sidebar");
        box.sceneProperty().addListener((o, was, scene) -> {
            if (scene != null) {
                scene.getAccelerators().put(KeyCombination.keyCombination("Shortcut+N"), vm::newThread);
                scene.getAccelerators().put(KeyCombination.keyCombination("Shortcut+K"), search::requestFocus);
            }
        });
        return box;
    }

    /** The open conversation's title over the messages, with Rename and Delete for a thread. */
    public static Parent header(SidebarViewModel vm) {
        Label title = new Label();
        title.setId("conversation-title");
        title.getStyleClass().add("nova-title");
        vm.selected().addListener((o, was, now) -> {
            title.textProperty().unbind();
            if (now != null) {
                title.textProperty().bind(now.key().isChannel() ? Bindings.concat("#", now.title()) : now.title());
            } else {
                title.setText("");
            }
        });
        Button rename = new Button("Rename");
        rename.setId("rename-thread");
        rename.setTooltip(new Tooltip("Rename this thread (F2)"));
        rename.setOnAction(e -> askRename(vm, vm.selected().get(), rename));
        Button delete = new Button("Delete");
        delete.setId("delete-thread");
        delete.setTooltip(new Tooltip("Delete this thread and its messages (Del in the list)"));
        delete.setOnAction(e -> askDelete(vm, vm.selected().get(), delete));
        var isThread = Bindings.createBooleanBinding(() -> vm.selected().get() != null
                && !vm.selected().get().key().isChannel(), vm.selected());
        for (Button b : new Button[] {rename, delete}) {
            b.getStyleClass().add("sidebar-small");
            b.visibleProperty().bind(isThread);
            b.setMinWidth(Region.USE_PREF_SIZE); // a long title shrinks (with an ellipsis), the buttons never do
        }
        title.setMinWidth(0);
        Tooltip whole = new Tooltip();
        whole.textProperty().bind(title.textProperty());
        title.setTooltip(whole);
        Region gap = new Region();
        HBox.setHgrow(gap, Priority.ALWAYS);
        HBox box = new HBox(6, title, gap, rename, delete);
        box.setAlignment(Pos.CENTER_LEFT);
        box.setPadding(new Insets(8, 12, 4, 12));
        return box;
    }

    private static Label section(String text) {
        Label l = new Label(text);
        l.getStyleClass().add("nova-section");
        return l;
    }

    private static void select(ListView<ConversationItem> list, ConversationItem item) {
        if (item != null && list.getItems().contains(item)) {
            list.getSelectionModel().select(item);
        } else {
            list.getSelectionModel().clearSelection();
        }
    }

    private static ListView<ConversationItem> list(SidebarViewModel vm, javafx.collections.ObservableList<ConversationItem> items,
                                                   String id) {
        ListView<ConversationItem> list = new ListView<>(items);
        list.setId(id);
        list.getStyleClass().add("nova-conversations");
        list.setCellFactory(v -> new ConversationCell(vm));
        list.setOnKeyPressed(e -> {
            ConversationItem item = list.getSelectionModel().getSelectedItem();
            if (e.getCode() == KeyCode.F2) {
                askRename(vm, item, list);
            } else if (e.getCode() == KeyCode.DELETE) {
                askDelete(vm, item, list);
            }
        });
        return list;
    }

    static void askRename(SidebarViewModel vm, ConversationItem item, Node owner) {
        if (item == null || item.key().isChannel()) {
            return;
        }
        TextInputDialog d = new TextInputDialog(item.title().get());
        d.setTitle("Rename thread");
        d.setHeaderText("A new name for this thread");
        d.initOwner(owner.getScene().getWindow());
        d.getEditor().setId("rename-field");
        d.showAndWait().ifPresent(t -> vm.rename(item, t));
    }

    static void askDelete(SidebarViewModel vm, ConversationItem item, Node owner) {
        if (item == null || item.key().isChannel()) {
            return;
        }
        ButtonType delete = new ButtonType("Delete", ButtonBar.ButtonData.OK_DONE);
        Alert a = new Alert(Alert.AlertType.CONFIRMATION, "", delete, ButtonType.CANCEL);
        a.setTitle("Delete thread");
        a.setHeaderText("Delete \u201c" + item.title().get() + "\u201d?");
        a.setContentText(item.messages() == 0 ? "It holds no messages yet."
                : "Its " + item.messages() + " message" + (item.messages() == 1 ? "" : "s")
                        + " will be deleted for good. This cannot be undone.");
        a.initOwner(owner.getScene().getWindow());
        Button cancel = (Button) a.getDialogPane().lookupButton(ButtonType.CANCEL);
        cancel.setDefaultButton(true); // Enter keeps the thread
        cancel.setId("cancel-delete");
        Button confirm = (Button) a.getDialogPane().lookupButton(delete);
        confirm.setDefaultButton(false);
        confirm.setId("confirm-delete");
        Optional<ButtonType> answer = a.showAndWait();
        if (answer.isPresent() && answer.get() == delete) {
            vm.delete(item);
        }
    }

    private static void askChannel(SidebarViewModel vm, Node owner) {
        TextInputDialog d = new TextInputDialog();
        d.setTitle("Join a channel");
        d.setHeaderText("Join a channel, or create one by naming it");
        d.setContentText("Channel");
        d.initOwner(owner.getScene().getWindow());
        d.getEditor().setId("channel-field");
        d.showAndWait().ifPresent(name -> {
            String problem = vm.joinChannel(name);
            if (problem != null) {
                Alert a = new Alert(Alert.AlertType.WARNING, problem);
                a.initOwner(owner.getScene().getWindow());
                a.setHeaderText("Not a channel name");
                a.showAndWait();
            }
        });
    }

    /** "14:05" today, "Tue" this week, "Nov 3" before. */
    static String when(Instant at, ZoneId zone, LocalDate today) {
        if (at == null) {
            return "";
        }
        ZonedDateTime t = at.atZone(zone);
        if (t.toLocalDate().equals(today)) {
            return TODAY.format(t);
        }
        return t.toLocalDate().isAfter(today.minusDays(7)) ? THIS_WEEK.format(t) : EARLIER.format(t);
    }

    /** A thread or channel: its title, when it last moved, and its unread count as a badge. */
    private static final class ConversationCell extends ListCell<ConversationItem> {
        private final Label title = new Label();
        private final Label time = new Label();
        private final Label badge = new Label();
        private final HBox box;
        private final javafx.beans.InvalidationListener changed = o -> show();

        ConversationCell(SidebarViewModel vm) {
            title.getStyleClass().add("conversation-title");
            time.getStyleClass().add("nova-hint");
            badge.getStyleClass().add("unread-badge");
            // the title takes what is left and ends in an ellipsis; the cell never scrolls sideways
            title.setMinWidth(0);
            title.setMaxWidth(Double.MAX_VALUE);
            HBox.setHgrow(title, Priority.ALWAYS);
            time.setMinWidth(Region.USE_PREF_SIZE);
            badge.setMinWidth(Region.USE_PREF_SIZE);
            box = new HBox(6, title, time, badge);
            setPrefWidth(0);
            box.setAlignment(Pos.CENTER_LEFT);
            MenuItem rename = new MenuItem("Rename\u2026");
            rename.setAccelerator(KeyCombination.keyCombination("F2"));
            rename.setOnAction(e -> askRename(vm, getItem(), this));
            MenuItem delete = new MenuItem("Delete\u2026");
            delete.setAccelerator(KeyCombination.keyCombination("Delete"));
            delete.setOnAction(e -> askDelete(vm, getItem(), this));
            ContextMenu menu = new ContextMenu(rename, delete);
            MenuItem leave = new MenuItem("Leave channel");
            leave.setOnAction(e -> vm.leaveChannel(getItem()));
            ContextMenu channelMenu = new ContextMenu(leave);
            itemProperty().addListener((o, was, now) -> {
                if (was != null) {
                    was.title().removeListener(changed);
                    was.unread().removeListener(changed);
                    was.lastAt().removeListener(changed);
                }
                if (now != null) {
                    now.title().addListener(changed);
                    now.unread().addListener(changed);
                    now.lastAt().addListener(changed);
                }
                setContextMenu(now == null ? null : now.key().isChannel() ? channelMenu : menu);
            });
        }

        @Override
        protected void updateItem(ConversationItem item, boolean empty) {
            super.updateItem(item, empty);
            setText(null);
            setGraphic(empty || item == null ? null : box);
            show();
        }

        private void show() {
            ConversationItem item = getItem();
            if (item == null) {
                return;
            }
            ConversationKey key = item.key();
            title.setText(key.isChannel() ? "# " + item.title().get() : item.title().get());
            int unread = item.unread().get();
            title.setStyle(unread > 0 ? "-fx-font-weight: bold;" : "");
            badge.setText(unread > 99 ? "99+" : Integer.toString(unread));
            badge.setVisible(unread > 0);
            badge.setManaged(unread > 0);
            time.setText(when(item.lastAt().get(), ZoneId.systemDefault(), LocalDate.now()));
        }
    }

    /**
     * A message found by search: where it is, who wrote it, and the text around the match, the
     * match in bold. Click, Enter or Space opens its conversation.
     */
    private static Node hitNode(SidebarViewModel vm, Hit hit) {
        Label where = new Label(vm.titleOf(ConversationKey.of(hit.channel(), hit.threadId())) + "  \u00b7  " + hit.sender());
        where.getStyleClass().add("nova-hint");
        where.setMinWidth(0);
        TextFlow snippet = new TextFlow();
        for (String[] part : highlight(hit.snippet(), vm.query().get())) {
            Text t = new Text(part[0]);
            t.getStyleClass().add(part[1] != null ? "search-match" : "search-text");
            snippet.getChildren().add(t);
        }
        VBox box = new VBox(2, where, snippet);
        box.getStyleClass().add("search-hit");
        box.setFocusTraversable(true);
        box.setOnMouseClicked(e -> vm.open(hit));
        box.setOnKeyPressed(e -> {
            if (e.getCode() == KeyCode.ENTER || e.getCode() == KeyCode.SPACE) {
                vm.open(hit);
            }
        });
        return box;
    }

    /** The text in pieces, each marked as a case-insensitive match of {@code query} (non-null second) or not. */
    static java.util.List<String[]> highlight(String text, String query) {
        java.util.List<String[]> parts = new java.util.ArrayList<>();
        String lower = text.toLowerCase(Locale.ROOT);
        String q = query == null ? "" : query.strip().toLowerCase(Locale.ROOT);
        int from = 0;
        if (!q.isEmpty() && lower.length() == text.length()) {
            for (int at = lower.indexOf(q); at >= 0; at = lower.indexOf(q, at + q.length())) {
                if (at > from) {
                    parts.add(new String[] {text.substring(from, at), null});
                }
                parts.add(new String[] {text.substring(at, at + q.length()), "match"});
                from = at + q.length();
            }
        }
        if (from < text.length()) {
            parts.add(new String[] {text.substring(from), null});
        }
        return parts;
    }
}
