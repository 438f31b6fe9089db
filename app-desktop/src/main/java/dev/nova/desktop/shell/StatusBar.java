package dev.nova.desktop.shell;

import dev.nova.desktop.chat.ChatViewModel;
import dev.nova.desktop.chat.ThreadExport;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Parent;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;

/** The top bar: title, Export and Settings, the LM Studio and connection chips with a one-line fix. */
public final class StatusBar {
    private StatusBar() {}

    public static Parent build(StatusViewModel status, ChatViewModel chat, Runnable openSettings,
                               dev.nova.desktop.models.ModelsViewModel models,
                               dev.nova.desktop.importing.ImportViewModel imports,
                               dev.nova.desktop.tools.ToolsViewModel tools) {
        Label title = new Label("Nova");
        title.getStyleClass().add("nova-title");
        Label connection = chip(status.connection().get());
        connection.setId("connection-chip");
        connection.textProperty().bind(status.connection());
        status.connectionStyle().addListener((o, was, now) -> restyle(connection, now));
        restyle(connection, status.connectionStyle().get());
        Button reconnect = new Button("Reconnect now");
        reconnect.setId("reconnect-now");
        reconnect.getStyleClass().add("sidebar-small");
        reconnect.setOnAction(e -> status.reconnectNow());
        dev.nova.desktop.ui.Shown.when(status.waitingToReconnect(), reconnect);
        Label llm = chip(status.llm().get());
        llm.setId("llm-chip");
        llm.textProperty().bind(status.llm());
        status.llmStyle().addListener((o, was, now) -> restyle(llm, now));
        restyle(llm, status.llmStyle().get());
        Tooltip fix = new Tooltip();
        fix.textProperty().bind(status.llmFix());
        llm.setTooltip(fix);
        Label hint = new Label();
        hint.getStyleClass().add("nova-hint");
        hint.textProperty().bind(status.llmFix());
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        javafx.scene.control.MenuButton export = new javafx.scene.control.MenuButton("Export");
        export.setId("export");
        javafx.scene.control.MenuItem asMarkdown = new javafx.scene.control.MenuItem("Conversation as Markdown...");
        asMarkdown.setAccelerator(javafx.scene.input.KeyCombination.keyCombination("Shortcut+E"));
        asMarkdown.setOnAction(e -> save(export, ThreadExport.fileName(chat.title().get(), "md"), "Markdown", "*.md",
                ThreadExport.markdown(heading(chat), chat.messages(), chat.storedMessages())));
        javafx.scene.control.MenuItem asJson = new javafx.scene.control.MenuItem("Conversation as JSON...");
        asJson.setAccelerator(javafx.scene.input.KeyCombination.keyCombination("Shortcut+Shift+E"));
        asJson.setOnAction(e -> save(export, ThreadExport.fileName(chat.title().get(), "json"), "JSON", "*.json",
                ThreadExport.json(heading(chat), chat.messages(), chat.storedMessages())));
        export.getItems().addAll(asMarkdown, asJson);
        Button settings = new Button("Settings");
        settings.setId("settings");
        settings.setOnAction(e -> openSettings.run());
        Button importButton = new Button("Import");
        importButton.setId("import");
        importButton.setTooltip(new javafx.scene.control.Tooltip(
                "Import conversations: a ChatGPT data export (conversations.json) or a Nova JSON export"));
        importButton.setOnAction(e -> dev.nova.desktop.importing.ImportView.choose(imports, importButton));
        Button modelsButton = new Button("Models");
        modelsButton.setId("open-models");
        modelsButton.setTooltip(new javafx.scene.control.Tooltip("The model server's models: load, unload, context"));
        modelsButton.setOnAction(e -> dev.nova.desktop.models.ModelsView.show(models, modelsButton.getScene().getWindow()));
        Button toolsButton = new Button("Tools");
        toolsButton.setId("open-tools");
        toolsButton.setTooltip(new javafx.scene.control.Tooltip("MCP servers and their tools: what each may do without asking"));
        toolsButton.setOnAction(e -> dev.nova.desktop.tools.ToolsView.show(tools, toolsButton.getScene().getWindow()));
        Button about = new Button("About");
        about.setId("about");
        about.setOnAction(e -> {
            javafx.scene.control.Alert a = new javafx.scene.control.Alert(javafx.scene.control.Alert.AlertType.INFORMATION,
                    status.about());
            a.setTitle("About Nova");
            a.setHeaderText("Nova " + StatusViewModel.appVersion());
            a.initOwner(about.getScene().getWindow());
            a.show();
        });
        for (Region r : new Region[] {title, export, importButton, modelsButton, toolsButton, settings, about, llm,
                connection, reconnect}) {
            r.setMinWidth(Region.USE_PREF_SIZE); // whole words, never "Exp..." or "Con..."
        }
        for (Region r : new Region[] {export, importButton, modelsButton, toolsButton, settings, about}) {
            r.getStyleClass().add(atlantafx.base.theme.Styles.SMALL); // all of them fit a 1000-pixel window
        }
        // The hint (what to do about the model server) shows where there is room for all of it; the
        // chip's tooltip says it too.
        HBox bar = new HBox(10, title, export, importButton, modelsButton, toolsButton, settings, about, spacer, hint, llm,
                connection, reconnect) {
            @Override
            protected void layoutChildren() {
                double others = getInsets().getLeft() + getInsets().getRight();
                int shown = 0;
                for (javafx.scene.Node n : getChildren()) {
                    if (n != hint && n.isManaged()) {
                        others += n.prefWidth(-1);
                        shown++;
                    }
                }
                boolean fits = !hint.getText().isEmpty()
                        && getWidth() - others - getSpacing() * shown >= hint.prefWidth(-1);
                if (hint.isManaged() != fits) {
                    hint.setManaged(fits);
                    hint.setVisible(fits);
                }
                super.layoutChildren();
            }
        };
        bar.setAlignment(Pos.CENTER_LEFT);
        bar.setPadding(new Insets(8, 12, 8, 12));
        bar.getStyleClass().add("nova-statusbar");
        return bar;
    }

    private static String heading(ChatViewModel chat) {
        String t = chat.title().get();
        return t == null || t.isBlank() ? "Conversation with Nova" : t;
    }

    private static void save(javafx.scene.Node owner, String name, String kind, String pattern, String content) {
        javafx.stage.FileChooser chooser = new javafx.stage.FileChooser();
        chooser.setInitialFileName(name);
        chooser.getExtensionFilters().add(new javafx.stage.FileChooser.ExtensionFilter(kind, pattern));
        java.io.File file = chooser.showSaveDialog(owner.getScene().getWindow());
        if (file != null) {
            try {
                java.nio.file.Files.writeString(file.toPath(), content);
            } catch (java.io.IOException ex) {
                new javafx.scene.control.Alert(javafx.scene.control.Alert.AlertType.ERROR,
                        "Could not save " + file + ": " + ex.getMessage()).showAndWait();
            }
        }
    }

    public static Label chip(String text) {
        Label l = new Label(text);
        l.getStyleClass().add("chip");
        return l;
    }

    private static void restyle(Label chip, String style) {
        chip.getStyleClass().removeAll("chip-ok", "chip-warn", "chip-bad");
        chip.getStyleClass().add("chip-" + style);
    }

    /** One message: who, the Markdown, and under an answer its model and speed, or that it stopped. */
}
