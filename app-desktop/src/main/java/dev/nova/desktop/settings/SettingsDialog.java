package dev.nova.desktop.settings;

import java.util.List;
import javafx.scene.control.Alert;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonType;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.PasswordField;
import javafx.scene.control.TextField;
import javafx.scene.layout.ColumnConstraints;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.HBox;
import javafx.stage.Window;
import javafx.util.StringConverter;

/** The settings window; it only binds fields to a {@link SettingsViewModel}. */
public final class SettingsDialog {
    private SettingsDialog() {}

    /** What the dialog says on top. */
    static final String HEADER = "Changes apply at once: another server, key or LM Studio reconnects this window.";

    /** Shows the dialog; true when the person saved. */
    public static boolean show(Window owner, SettingsViewModel vm) {
        Dialog<ButtonType> d = new Dialog<>();
        d.initOwner(owner);
        d.setTitle("Nova settings");
        d.setHeaderText(HEADER);
        GridPane grid = form(vm);
        d.getDialogPane().setContent(grid);
        d.getDialogPane().getButtonTypes().setAll(ButtonType.OK, ButtonType.CANCEL);
        while (true) {
            ButtonType answer = d.showAndWait().orElse(ButtonType.CANCEL);
            if (answer != ButtonType.OK) {
                return false;
            }
            List<String> problems = vm.save();
            if (problems.isEmpty()) {
                return true;
            }
            new Alert(Alert.AlertType.WARNING, String.join("\n", problems)).showAndWait();
        }
    }

    /** The form: every setting with its label, bound to {@code vm}. */
    static GridPane form(SettingsViewModel vm) {
        ChoiceBox<Settings.Mode> mode = new ChoiceBox<>();
        mode.getItems().setAll(Settings.Mode.values());
        mode.setConverter(labels(Settings.Mode::label, Settings.Mode.values()));
        mode.valueProperty().bindBidirectional(vm.mode());
        TextField server = field(vm.serverUrl(), "wss://nova.example.com/ws");
        PasswordField key = new PasswordField();
        key.textProperty().bindBidirectional(vm.apiKey());
        TextField llm = field(vm.llmUrl(), "http://localhost:1234/v1");
        ComboBox<String> model = new ComboBox<>(vm.models());
        model.setEditable(true);
        model.setPromptText("the loaded model");
        model.getEditor().textProperty().bindBidirectional(vm.model());
        Button refresh = new Button("Refresh");
        refresh.setOnAction(e -> vm.refreshModels());
        refresh.setMinWidth(Region.USE_PREF_SIZE);
        Label modelsStatus = new Label();
        modelsStatus.setId("models-status");
        modelsStatus.textProperty().bind(vm.modelsStatus());
        modelsStatus.setWrapText(true); // "not reachable at ..." is long: it wraps under the picker, the form keeps its width
        modelsStatus.getStyleClass().add("nova-hint");
        TextField temperature = field(vm.temperature(), "0.7");
        TextField maxTokens = field(vm.maxTokens(), "no limit");
        ChoiceBox<Settings.Theme> theme = new ChoiceBox<>();
        theme.getItems().setAll(Settings.Theme.values());
        theme.setConverter(labels(Settings.Theme::label, Settings.Theme.values()));
        theme.valueProperty().bindBidirectional(vm.theme());
        server.disableProperty().bind(vm.mode().isNotEqualTo(Settings.Mode.REMOTE));
        key.disableProperty().bind(vm.mode().isNotEqualTo(Settings.Mode.REMOTE));

        GridPane grid = new GridPane();
        grid.setHgap(8);
        grid.setVgap(8);
        int row = 0;
        grid.addRow(row++, new Label("Mode"), mode);
        grid.addRow(row++, new Label("Server URL"), server);
        grid.addRow(row++, new Label("API key"), key);
        grid.addRow(row++, new Label("LM Studio URL"), llm);
        grid.addRow(row++, new Label("Model"), new HBox(6, model, refresh));
        grid.add(modelsStatus, 1, row++);
        grid.addRow(row++, new Label("Temperature"), temperature);
        grid.addRow(row++, new Label("Max tokens"), maxTokens);
        grid.addRow(row, new Label("Theme"), theme);
        ColumnConstraints labels = new ColumnConstraints();
        labels.setMinWidth(Region.USE_PREF_SIZE); // "LM Studio URL" whole, never "LM St..."
        ColumnConstraints fields = new ColumnConstraints();
        fields.setHgrow(Priority.ALWAYS);
        fields.setMaxWidth(420);
        grid.getColumnConstraints().setAll(labels, fields);
        return grid;
    }

    /** Shows each choice by its label, not its enum name. */
    static <T> StringConverter<T> labels(java.util.function.Function<T, String> label, T[] all) {
        return new StringConverter<>() {
            @Override
            public String toString(T value) {
                return value == null ? "" : label.apply(value);
            }

            @Override
            public T fromString(String text) {
                for (T t : all) {
                    if (label.apply(t).equals(text)) {
                        return t;
                    }
                }
                return null;
            }
        };
    }

    private static TextField field(javafx.beans.property.StringProperty p, String prompt) {
        TextField f = new TextField();
        f.textProperty().bindBidirectional(p);
        f.setPromptText(prompt);
        f.setPrefColumnCount(28);
        return f;
    }
}
