package dev.nova.desktop.shell;

import dev.nova.desktop.net.NovaClient;
import dev.nova.desktop.ui.FxUiExecutor;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import javafx.scene.Scene;
import javafx.stage.Stage;
import org.testfx.util.WaitForAsyncUtils;

/** The window the UI tests drive: the app's view models on {@code client}, shown, then connected. */
final class TestWindow {
    private TestWindow() {}

    static AppModel show(Stage stage, NovaClient client) {
        AppModel model = AppModel.wire(client, new FxUiExecutor());
        stage.setScene(new Scene(model.view(() -> { }), 1280, 800));
        stage.show();
        client.connect();
        return model;
    }

    /** Removes a test's data directory (the UI tests cannot use JUnit's {@code @TempDir} in {@code @Start}). */
    static void delete(java.nio.file.Path dir) throws java.io.IOException {
        if (dir == null || !java.nio.file.Files.exists(dir)) {
            return;
        }
        try (var paths = java.nio.file.Files.walk(dir)) {
            for (java.nio.file.Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                java.nio.file.Files.deleteIfExists(p);
            }
        }
    }

    static void waitFor(Callable<Boolean> condition) throws Exception {
        WaitForAsyncUtils.waitFor(15, TimeUnit.SECONDS, condition);
    }
}
