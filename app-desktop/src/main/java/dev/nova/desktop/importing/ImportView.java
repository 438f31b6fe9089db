package dev.nova.desktop.importing;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javafx.application.Platform;
import javafx.geometry.Insets;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.layout.VBox;
import javafx.stage.FileChooser;
import javafx.stage.Stage;
import javafx.stage.Window;

/** Import: pick a ChatGPT export or a Nova JSON export, then watch it go in with a progress bar and read what was imported. */
public final class ImportView {
    private ImportView() {}

    /** Asks for the file, reads it off the FX thread, then imports it in a small window. */
    public static void choose(ImportViewModel vm, Node owner) {
        FileChooser chooser = new FileChooser();
        chooser.setTitle("Import conversations");
        chooser.getExtensionFilters().add(new FileChooser.ExtensionFilter(
                "ChatGPT export (conversations.json) or Nova export (.json)", "*.json"));
        java.io.File file = chooser.showOpenDialog(owner.getScene().getWindow());
        if (file != null) {
            run(vm, file.toPath(), owner.getScene().getWindow());
        }
    }

    /** Imports {@code file} in a small window over {@code owner}. */
    public static void run(ImportViewModel vm, Path file, Window owner) {
        Stage stage = window(vm, owner);
        Thread reader = new Thread(() -> {
            try {
                List<ImportFile.Conversation> found = ImportFile.read(Files.readString(file, StandardCharsets.UTF_8));
                vm.start(found);
            } catch (IllegalArgumentException | java.io.IOException | java.io.UncheckedIOException e) {
                String why = e instanceof IllegalArgumentException ? e.getMessage() : "The file could not be read: " + e;
                Platform.runLater(() -> ((Label) stage.getScene().lookup("#import-summary")).setText(why));
            }
        }, "nova-import-read");
        reader.setDaemon(true);
        reader.start();
    }

    private static Stage window(ImportViewModel vm, Window owner) {
        ProgressBar bar = new ProgressBar();
        bar.setId("import-progress");
        bar.setMaxWidth(Double.MAX_VALUE);
        bar.progressProperty().bind(vm.progress());
        Label summary = new Label("Reading the file\u2026");
        summary.setId("import-summary");
        summary.setWrapText(true);
        vm.summary().addListener((o, was, now) -> summary.setText(now));
        Button stop = new Button("Stop");
        stop.setId("import-stop");
        stop.setOnAction(e -> vm.cancel());
        stop.disableProperty().bind(vm.running().not());
        Stage stage = new Stage();
        Button close = new Button("Close");
        close.setOnAction(e -> stage.close());
        VBox box = new VBox(10, summary, bar, new javafx.scene.layout.HBox(8, stop, close));
        box.setPadding(new Insets(14));
        box.setPrefWidth(460);
        stage.setTitle("Import");
        stage.initOwner(owner);
        Scene scene = new Scene(box);
        if (owner != null && owner.getScene() != null) {
            scene.getStylesheets().setAll(owner.getScene().getStylesheets());
        }
        stage.setScene(scene);
        stage.show();
        return stage;
    }
}
