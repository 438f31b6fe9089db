package dev.nova.desktop.sidebar;

import javafx.beans.binding.Bindings;
import javafx.collections.ObservableList;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Parent;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;

/**
 * The open conversation's header over its messages: the title, the thread's own settings, and
 * Settings, Rename and Delete for a thread.
 */
public final class ConversationHeader {
    private ConversationHeader() {}

    /**
     * The open conversation's title over the messages, with the thread's own settings (model,
     * temperature, system prompt) beside it, and Settings, Rename and Delete for a thread.
     */
    public static Parent build(SidebarViewModel vm, ObservableList<String> models) {
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
        rename.setOnAction(e -> ThreadDialogs.askRename(vm, vm.selected().get(), rename));
        Button delete = new Button("Delete");
        delete.setId("delete-thread");
        delete.setTooltip(new Tooltip("Delete this thread and its messages (Del in the list)"));
        delete.setOnAction(e -> ThreadDialogs.askDelete(vm, vm.selected().get(), delete));
        Button settings = new Button("Settings");
        settings.setId("thread-settings");
        settings.setTooltip(new Tooltip("The model, system prompt and temperature of this thread"));
        settings.setOnAction(e -> ThreadDialogs.askSettings(vm, vm.selected().get(), models, settings));
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
}
