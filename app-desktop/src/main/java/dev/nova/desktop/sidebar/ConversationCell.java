package dev.nova.desktop.sidebar;

import dev.nova.desktop.chat.ConversationKey;
import dev.nova.desktop.ui.Shown;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import javafx.collections.ObservableList;
import javafx.geometry.Pos;
import javafx.scene.control.ContextMenu;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.MenuItem;
import javafx.scene.control.Tooltip;
import javafx.scene.input.KeyCombination;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;

/** A thread or channel: its title, when it last moved, and its unread count as a badge. */
final class ConversationCell extends ListCell<ConversationItem> {
    private static final DateTimeFormatter TODAY = DateTimeFormatter.ofPattern("HH:mm");
    private static final DateTimeFormatter THIS_WEEK = DateTimeFormatter.ofPattern("EEE", Locale.ENGLISH);
    private static final DateTimeFormatter EARLIER = DateTimeFormatter.ofPattern("MMM d", Locale.ENGLISH);

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
        rename.setOnAction(e -> ThreadDialogs.askRename(vm, getItem(), this));
        MenuItem delete = new MenuItem("Delete\u2026");
        delete.setAccelerator(KeyCombination.keyCombination("Delete"));
        delete.setOnAction(e -> ThreadDialogs.askDelete(vm, getItem(), this));
        pinItem.setOnAction(e -> vm.pin(getItem(), !getItem().pinned().get()));
        MenuItem move = new MenuItem("Move to folder\u2026");
        move.setOnAction(e -> ThreadDialogs.askFolder(vm, getItem(), this));
        MenuItem settings = new MenuItem("Thread settings\u2026");
        settings.setOnAction(e -> ThreadDialogs.askSettings(vm, getItem(), models, this));
        MenuItem deleteSelected = new MenuItem();
        deleteSelected.setOnAction(e -> ThreadDialogs.askDelete(vm, java.util.List.copyOf(list.getSelectionModel().getSelectedItems()), this));
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
}
