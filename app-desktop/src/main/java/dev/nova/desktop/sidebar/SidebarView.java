package dev.nova.desktop.sidebar;

import dev.nova.desktop.ui.Plural;
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
import javafx.collections.ObservableList;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.control.Alert;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.ComboBox;
import javafx.scene.control.ContextMenu;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.MenuItem;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.SelectionMode;
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
    /** The folder picker's entry for threads in any folder or none. */
    static final String ALL_THREADS = "All threads";
    private static final DateTimeFormatter EARLIER = DateTimeFormatter.ofPattern("MMM d", Locale.ENGLISH);

    private SidebarView() {}

    public static Parent build(SidebarViewModel vm, ObservableList<String> models) {
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

        ListView<ConversationItem> threads = list(vm, vm.threads(), "threads", models);
        threads.getSelectionModel().setSelectionMode(SelectionMode.MULTIPLE); // Shift/Ctrl+click, then Del
        ListView<ConversationItem> channels = list(vm, vm.channels(), "channels", models);
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

        // the folder picker: every thread, or one folder's
        ComboBox<String> folder = new ComboBox<>();
        folder.setId("folder-picker");
        folder.getStyleClass().add("sidebar-small");
        folder.setTooltip(new Tooltip("Show the threads of one folder"));
        Runnable fillFolders = () -> {
            java.util.List<String> items = new java.util.ArrayList<>();
            items.add(ALL_THREADS);
            items.addAll(vm.folders());
            String shown = vm.folderShown().get();
            if (shown != null && !items.contains(shown)) {
                items.add(shown); // emptied while shown: kept until another is picked
            }
            folder.getItems().setAll(items);
            folder.getSelectionModel().select(shown == null ? ALL_THREADS : shown);
        };
        vm.folders().addListener((javafx.collections.ListChangeListener<String>) c -> fillFolders.run());
        vm.folderShown().addListener((o, was, now) -> fillFolders.run());
        fillFolders.run();
        folder.setOnAction(e -> {
            String picked = folder.getValue();
            if (picked != null) {
                vm.folderShown().set(ALL_THREADS.equals(picked) ? null : picked);
            }
        });
        Shown.when(Bindings.isNotEmpty(vm.folders()).or(vm.folderShown().isNotNull()), folder);

        // while searching, a list with no matching title folds away and leaves the room to the hits
        Region threadsGap = new Region();
        HBox.setHgrow(threadsGap, Priority.ALWAYS);
        HBox threadsHead = new HBox(4, section("Threads"), threadsGap, folder);
        threadsHead.setAlignment(Pos.CENTER_LEFT);
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

    /**
     * The open conversation's title over the messages, with the thread's own settings (model,
     * temperature, system prompt) beside it, and Settings, Rename and Delete for a thread.
     */
    public static Parent header(SidebarViewModel vm, ObservableList<String> models) {
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
        Button settings = new Button("Settings");
        settings.setId("thread-settings");
        settings.setTooltip(new Tooltip("The model, system prompt and temperature of this thread"));
        settings.setOnAction(e -> askSettings(vm, vm.selected().get(), models, settings));
        Label own = new Label();
        own.setId("thread-settings-summary");
        own.getStyleClass().add("nova-hint");
        own.setMinWidth(0);
        own.setMaxWidth(230); // the title comes first; the summary gives way (its tooltip says it all)
        Tooltip ownWhole = new Tooltip();
        ownWhole.textProperty().bind(own.textProperty());
        own.setTooltip(ownWhole);
        javafx.beans.value.ChangeListener<dev.nova.protocol.ThreadSettings> showOwn =
                (o, was, now) -> own.setText(ThreadSettingsDialog.summary(now));
        vm.selected().addListener((o, was, now) -> {
            if (was != null) {
                was.settings().removeListener(showOwn);
            }
            own.setText(now == null ? "" : ThreadSettingsDialog.summary(now.settings().get()));
            if (now != null) {
                now.settings().addListener(showOwn);
            }
        });
        var isThread = Bindings.createBooleanBinding(() -> vm.selected().get() != null
                && !vm.selected().get().key().isChannel(), vm.selected());
        for (Button b : new Button[] {settings, rename, delete}) {
            b.getStyleClass().add("sidebar-small");
            b.visibleProperty().bind(isThread);
            b.setMinWidth(Region.USE_PREF_SIZE); // a long title shrinks (with an ellipsis), the buttons never do
        }
        title.setMinWidth(120);
        Tooltip whole = new Tooltip();
        whole.textProperty().bind(title.textProperty());
        title.setTooltip(whole);
        Region gap = new Region();
        HBox.setHgrow(gap, Priority.ALWAYS);
        HBox box = new HBox(6, title, own, gap, settings, rename, delete);
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
            if (!list.getSelectionModel().getSelectedItems().equals(java.util.List.of(item))) {
                list.getSelectionModel().clearAndSelect(list.getItems().indexOf(item)); // one open thread: the rest unselected
            }
        } else {
            list.getSelectionModel().clearSelection();
        }
    }

    private static ListView<ConversationItem> list(SidebarViewModel vm, ObservableList<ConversationItem> items,
                                                   String id, ObservableList<String> models) {
        ListView<ConversationItem> list = new ListView<>(items);
        list.setId(id);
        list.getStyleClass().add("nova-conversations");
        list.setCellFactory(v -> new ConversationCell(vm, list, models));
        list.setOnKeyPressed(e -> {
            ConversationItem item = list.getSelectionModel().getSelectedItem();
            if (e.getCode() == KeyCode.F2) {
                askRename(vm, item, list);
            } else if (e.getCode() == KeyCode.DELETE) {
                askDelete(vm, java.util.List.copyOf(list.getSelectionModel().getSelectedItems()), list);
            }
        });
        return list;
    }

    static void askSettings(SidebarViewModel vm, ConversationItem item, ObservableList<String> models, Node owner) {
        if (item == null || item.key().isChannel()) {
            return;
        }
        ThreadSettingsDialog.ask(item, models, vm.toolServers(), owner).ifPresent(s -> vm.applySettings(item, s));
    }

    /** Moves a thread to a folder picked from the existing ones or named anew; empty: out of any. */
    static void askFolder(SidebarViewModel vm, ConversationItem item, Node owner) {
        if (item == null || item.key().isChannel()) {
            return;
        }
        ComboBox<String> names = new ComboBox<>(vm.folders());
        names.setId("folder-field");
        names.setEditable(true);
        names.setPromptText("No folder");
        names.getEditor().setText(item.folder().get() == null ? "" : item.folder().get());
        javafx.scene.control.Dialog<String> ask = new javafx.scene.control.Dialog<>();
        ask.setTitle("Move to folder");
        ask.setHeaderText("A folder for \u201c" + item.title().get() + "\u201d: pick one or type a new name");
        ask.initOwner(owner.getScene().getWindow());
        ask.getDialogPane().setContent(new VBox(6, names, new Label("Empty takes it out of its folder.")));
        ask.getDialogPane().getButtonTypes().addAll(ButtonType.OK, ButtonType.CANCEL);
        ask.setResultConverter(b -> b == ButtonType.OK ? names.getEditor().getText() : null);
        ask.showAndWait().ifPresent(f -> vm.file(item, f));
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
        askDelete(vm, item == null ? java.util.List.of() : java.util.List.of(item), owner);
    }

    /** Asks before deleting one thread or several (the selected ones); channels are left out. */
    static void askDelete(SidebarViewModel vm, java.util.List<ConversationItem> picked, Node owner) {
        java.util.List<ConversationItem> doomed = picked.stream().filter(i -> i != null && !i.key().isChannel()).toList();
        if (doomed.isEmpty()) {
            return;
        }
        ButtonType delete = new ButtonType("Delete", ButtonBar.ButtonData.OK_DONE);
        Alert a = new Alert(Alert.AlertType.CONFIRMATION, "", delete, ButtonType.CANCEL);
        int messages = doomed.stream().mapToInt(ConversationItem::messages).sum();
        if (doomed.size() == 1) {
            ConversationItem item = doomed.get(0);
            a.setTitle("Delete thread");
            a.setHeaderText("Delete \u201c" + item.title().get() + "\u201d?");
            a.setContentText(item.messages() == 0 ? "It holds no messages yet."
                    : "Its " + Plural.of(item.messages(), "message") + " will be deleted for good. This cannot be undone.");
        } else {
            a.setTitle("Delete threads");
            a.setHeaderText("Delete " + doomed.size() + " threads?");
            a.setContentText("Their " + Plural.of(messages, "message")
                    + " will be deleted for good. This cannot be undone.");
        }
        a.initOwner(owner.getScene().getWindow());
        Button cancel = (Button) a.getDialogPane().lookupButton(ButtonType.CANCEL);
        cancel.setDefaultButton(true); // Enter keeps the thread
        cancel.setId("cancel-delete");
        Button confirm = (Button) a.getDialogPane().lookupButton(delete);
        confirm.setDefaultButton(false);
        confirm.setId("confirm-delete");
        Optional<ButtonType> answer = a.showAndWait();
        if (answer.isPresent() && answer.get() == delete) {
            vm.delete(doomed);
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
        private final Label pin = new Label("\u2605");
        private final Label folder = new Label();
        private final HBox box;
        private final javafx.beans.InvalidationListener changed = o -> show();
        private final MenuItem pinItem = new MenuItem("Pin to top");
        private final SidebarViewModel vm;
        private ContextMenu shownMenu;

        ConversationCell(SidebarViewModel vm, ListView<ConversationItem> list, ObservableList<String> models) {
            this.vm = vm;
            title.getStyleClass().add("conversation-title");
            time.getStyleClass().add("nova-hint");
            badge.getStyleClass().add("unread-badge");
            // the title takes what is left and ends in an ellipsis; the cell never scrolls sideways
            title.setMinWidth(0);
            title.setMaxWidth(Double.MAX_VALUE);
            HBox.setHgrow(title, Priority.ALWAYS);
            time.setMinWidth(Region.USE_PREF_SIZE);
            badge.setMinWidth(Region.USE_PREF_SIZE);
            pin.getStyleClass().add("pinned-mark");
            pin.setMinWidth(Region.USE_PREF_SIZE);
            pin.setTooltip(new Tooltip("Pinned"));
            folder.getStyleClass().addAll("nova-hint", "folder-tag");
            folder.setMinWidth(Region.USE_PREF_SIZE); // the folder stays whole (a long name is cut to 12 letters)
            box = new HBox(6, pin, title, folder, time, badge);
            setPrefWidth(0);
            box.setAlignment(Pos.CENTER_LEFT);
            MenuItem rename = new MenuItem("Rename\u2026");
            rename.setAccelerator(KeyCombination.keyCombination("F2"));
            rename.setOnAction(e -> askRename(vm, getItem(), this));
            MenuItem delete = new MenuItem("Delete\u2026");
            delete.setAccelerator(KeyCombination.keyCombination("Delete"));
            delete.setOnAction(e -> askDelete(vm, getItem(), this));
            pinItem.setOnAction(e -> vm.pin(getItem(), !getItem().pinned().get()));
            MenuItem move = new MenuItem("Move to folder\u2026");
            move.setOnAction(e -> askFolder(vm, getItem(), this));
            MenuItem settings = new MenuItem("Thread settings\u2026");
            settings.setOnAction(e -> askSettings(vm, getItem(), models, this));
            MenuItem deleteSelected = new MenuItem();
            deleteSelected.setOnAction(e -> askDelete(vm, java.util.List.copyOf(list.getSelectionModel().getSelectedItems()), this));
            ContextMenu menu = new ContextMenu(pinItem, move, settings, new javafx.scene.control.SeparatorMenuItem(),
                    rename, delete, deleteSelected);
            menu.setOnShowing(e -> {
                int n = list.getSelectionModel().getSelectedItems().size();
                deleteSelected.setText("Delete the " + n + " selected threads\u2026");
                deleteSelected.setVisible(n > 1 && list.getSelectionModel().getSelectedItems().contains(getItem()));
                if (getItem() != null) {
                    pinItem.setText(getItem().pinned().get() ? "Unpin" : "Pin to top");
                }
            });
            MenuItem leave = new MenuItem("Leave channel");
            leave.setOnAction(e -> vm.leaveChannel(getItem()));
            ContextMenu channelMenu = new ContextMenu(leave);
            itemProperty().addListener((o, was, now) -> {
                if (was != null) {
                    for (javafx.beans.Observable p : watched(was)) {
                        p.removeListener(changed);
                    }
                }
                if (now != null) {
                    for (javafx.beans.Observable p : watched(now)) {
                        p.addListener(changed);
                    }
                }
                shownMenu = now == null ? null : now.key().isChannel() ? channelMenu : menu;
            });
            // Shown by hand (not setContextMenu): the same on every platform, and on headless test runs.
            setOnMousePressed(e -> {
                if (e.isSecondaryButtonDown() && shownMenu != null) {
                    shownMenu.show(this, e.getScreenX(), e.getScreenY());
                    e.consume();
                }
            });
            setOnContextMenuRequested(e -> {
                if (e.isKeyboardTrigger() && shownMenu != null) { // the menu key, Shift+F10
                    shownMenu.show(this, e.getScreenX(), e.getScreenY());
                }
                e.consume();
            });
        }

        private static javafx.beans.Observable[] watched(ConversationItem item) {
            return new javafx.beans.Observable[] {item.title(), item.unread(), item.lastAt(), item.pinned(), item.folder()};
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
            Shown.set(item.pinned().get(), pin);
            String f = item.folder().get();
            folder.setText(f == null ? "" : f.length() <= 12 ? f : f.substring(0, 11) + "\u2026");
            folder.setTooltip(f == null ? null : new Tooltip("In " + f));
            Shown.set(f != null && vm.folderShown().get() == null, folder); // the picker already says which
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
