package dev.nova.desktop.ui;

import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Parent;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.input.KeyCode;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.stage.Stage;
import javafx.stage.Window;

/**
 * A window opened from the main one (Models, Tools): its owner's look, a Close button, and Esc
 * closes it, as people expect of a secondary window.
 */
public final class ToolWindow {
    private ToolWindow() {}

    public static Stage show(String title, Parent content, Window owner, double width, double height) {
        Stage stage = new Stage();
        stage.setTitle(title);
        stage.initOwner(owner);
        Button close = new Button("Close");
        close.setId("close-window");
        close.setCancelButton(true); // Esc, wherever the focus is
        close.setOnAction(e -> stage.close());
        HBox bar = new HBox(close);
        bar.setAlignment(Pos.CENTER_RIGHT);
        bar.setPadding(new Insets(0, 10, 10, 10));
        BorderPane root = new BorderPane(content);
        root.setBottom(bar);
        Scene scene = new Scene(root, width, height);
        if (owner != null && owner.getScene() != null) {
            scene.getStylesheets().setAll(owner.getScene().getStylesheets());
        }
        scene.addEventFilter(javafx.scene.input.KeyEvent.KEY_PRESSED, e -> {
            if (e.getCode() == KeyCode.ESCAPE && !e.isConsumed()) {
                stage.close();
            }
        });
        stage.setScene(scene);
        stage.show();
        return stage;
    }
}
