package dev.nova.desktop.sidebar;

import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Optional;
import javafx.collections.FXCollections;
import javafx.collections.transformation.FilteredList;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Alert;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.TextField;
import javafx.scene.input.MouseButton;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;

/**
 * Join a channel: the channels there are (joined ones and ones left, newest activity first, with
 * when they last moved), filtered as the person types; a row picked fills the name, a double
 * click joins it; a new name creates the channel by joining it.
 */
final class ChannelDialog {
    private ChannelDialog() {}

    static void ask(SidebarViewModel vm, Node owner) {
        TextField name = new TextField();
        name.setId("channel-field");
        name.setPromptText("Type to filter, or name a new channel");
        FilteredList<ChannelChoice> shown = new FilteredList<>(FXCollections.observableArrayList(vm.channelChoices()));
        boolean[] filling = {false}; // a picked row fills the name without filtering the list under the click
        name.textProperty().addListener((o, was, now) -> {
            if (!filling[0]) {
                shown.setPredicate(c -> c.matches(now));
            }
        });
        ListView<ChannelChoice> list = new ListView<>(shown);
        list.setId("channel-choices");
        list.setPrefHeight(220);
        list.setCellFactory(v -> new ChoiceCell());
        Label none = new Label("No channel has that name yet: Join creates it.");
        none.getStyleClass().add("nova-hint");
        none.setWrapText(true);
        list.setPlaceholder(none);

        Dialog<String> d = new Dialog<>();
        d.setTitle("Join a channel");
        d.setHeaderText("Join a channel, or create one by naming it");
        d.initOwner(owner.getScene().getWindow());
        ButtonType join = new ButtonType("Join", ButtonBar.ButtonData.OK_DONE);
        d.getDialogPane().getButtonTypes().addAll(join, ButtonType.CANCEL);
        VBox content = new VBox(8, name, list);
        content.setPrefWidth(380);
        d.getDialogPane().setContent(content);
        d.getDialogPane().lookupButton(join).disableProperty().bind(name.textProperty().isEmpty());
        list.getSelectionModel().selectedItemProperty().addListener((o, was, now) -> {
            if (now != null && !now.name().equals(name.getText())) {
                filling[0] = true;
                name.setText(now.name());
                filling[0] = false;
                name.positionCaret(now.name().length());
            }
        });
        list.setOnMouseClicked(e -> {
            ChannelChoice picked = list.getSelectionModel().getSelectedItem();
            if (picked != null && e.getButton() == MouseButton.PRIMARY && e.getClickCount() == 2) {
                d.setResult(picked.name());
                d.close();
            }
        });
        d.setResultConverter(b -> b == join ? name.getText() : null);
        d.setOnShown(e -> name.requestFocus());
        Optional<String> picked = d.showAndWait();
        picked.filter(n -> !n.isBlank()).ifPresent(n -> {
            String problem = vm.joinChannel(n);
            if (problem != null) {
                Alert a = new Alert(Alert.AlertType.WARNING, problem);
                a.initOwner(owner.getScene().getWindow());
                a.setHeaderText("Not a channel name");
                a.showAndWait();
            }
        });
    }

    /** "#name" with "joined" or its last activity on the right. */
    private static final class ChoiceCell extends ListCell<ChannelChoice> {
        private final Label title = new Label();
        private final Label detail = new Label();
        private final HBox box;

        ChoiceCell() {
            detail.getStyleClass().add("nova-hint");
            detail.setMinWidth(Region.USE_PREF_SIZE);
            title.setMinWidth(0);
            Region gap = new Region();
            HBox.setHgrow(gap, Priority.ALWAYS);
            box = new HBox(8, title, gap, detail);
            box.setAlignment(Pos.CENTER_LEFT);
            setPrefWidth(0); // never wider than the list: a long name is cut, not scrolled
        }

        @Override
        protected void updateItem(ChannelChoice c, boolean empty) {
            super.updateItem(c, empty);
            if (empty || c == null) {
                setGraphic(null);
                return;
            }
            title.setText("#" + c.name());
            String when = ConversationCell.when(c.lastAt(), ZoneId.systemDefault(), LocalDate.now());
            detail.setText(c.joined() ? "joined" + (when.isEmpty() ? "" : " \u00b7 " + when) : when);
            setGraphic(box);
        }
    }
}
