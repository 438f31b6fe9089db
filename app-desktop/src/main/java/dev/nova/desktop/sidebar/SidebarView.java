package dev.nova.desktop.sidebar;

import dev.nova.desktop.ui.Shown;
import dev.nova.protocol.SearchHit;
import javafx.animation.PauseTransition;
import javafx.beans.binding.Bindings;
import javafx.collections.ObservableList;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Parent;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.SelectionMode;
import javafx.scene.control.TextField;
import javafx.scene.control.Tooltip;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCombination;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.util.Duration;

/**
 * The left sidebar: search, threads, channels and message hits. Rename (F2) and delete (Del, with
 * confirmation) from a thread's context menu or the conversation header; Ctrl+N starts a thread,
 * Ctrl+K searches.
 */
public final class SidebarView {
    /** The folder picker's entry for threads in any folder or none. */
    static final String ALL_THREADS = "All threads";

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
        join.setOnAction(e -> ChannelDialog.ask(vm, join));
        Region gap = new Region();
        HBox.setHgrow(gap, Priority.ALWAYS);
        HBox channelsHead = new HBox(4, section("Channels"), gap, join);
        channelsHead.setAlignment(Pos.CENTER_LEFT);

        // at most a few dozen hits of wrapped text: a plain box scrolls them (no cell-height guessing)
        VBox hitList = new VBox(2);
        hitList.setId("search-hits");
        vm.hits().addListener((javafx.collections.ListChangeListener<SearchHit>) c ->
                hitList.getChildren().setAll(vm.hits().stream().map(h -> SearchHits.node(vm, h)).toList()));
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
                ThreadDialogs.askRename(vm, item, list);
            } else if (e.getCode() == KeyCode.DELETE) {
                ThreadDialogs.askDelete(vm, java.util.List.copyOf(list.getSelectionModel().getSelectedItems()), list);
            }
        });
        return list;
    }

}
