package dev.nova.desktop.sidebar;

import dev.nova.desktop.ui.Plural;
import java.util.Optional;
import javafx.collections.ObservableList;
import javafx.scene.Node;
import javafx.scene.control.Alert;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.TextInputDialog;
import javafx.scene.layout.VBox;

/** The sidebar's dialogs: a thread's settings, folder, new name, deletion (joining a channel: {@link ChannelDialog}). */
final class ThreadDialogs {
    private ThreadDialogs() {}

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
}
