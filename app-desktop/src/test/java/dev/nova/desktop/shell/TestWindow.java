package dev.nova.desktop.shell;

import dev.nova.desktop.net.NovaClient;
import dev.nova.desktop.ui.FxUiExecutor;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import javafx.scene.Scene;
import javafx.stage.Stage;
import org.testfx.api.FxRobot;
import org.testfx.util.WaitForAsyncUtils;

/** The window the UI tests drive: the app's view models on {@code client}, shown, then connected. */
final class TestWindow {
    private TestWindow() {}

    static AppModel show(Stage stage, NovaClient client) {
        return show(stage, client, AppModel.wire(client, new FxUiExecutor()));
    }

    /** {@link #show(Stage, NovaClient)} for this app's own server, its MCP servers in {@code mcpConfig}, LM Studio's in {@code lmStudioMcp}. */
    static AppModel show(Stage stage, NovaClient client, java.nio.file.Path mcpConfig, java.nio.file.Path lmStudioMcp) {
        return show(stage, client, AppModel.wire(client, new FxUiExecutor(), mcpConfig, lmStudioMcp));
    }

    private static AppModel show(Stage stage, NovaClient client, AppModel model) {
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

    /**
     * Saves what {@code scene} shows as {@code docs/screenshots/<name>.png} when the tests run with
     * {@code -Dnova.screenshots=<dir>} (how the README's window pictures are taken); otherwise nothing.
     */
    static void shot(FxRobot robot, Scene scene, String name) throws Exception {
        String dir = System.getProperty("nova.screenshots");
        if (dir == null || dir.isBlank()) {
            return;
        }
        java.util.concurrent.atomic.AtomicReference<javafx.scene.image.WritableImage> taken = new java.util.concurrent.atomic.AtomicReference<>();
        robot.interact(() -> taken.set(scene.snapshot(null)));
        javafx.scene.image.WritableImage image = taken.get();
        int w = (int) image.getWidth();
        int h = (int) image.getHeight();
        java.awt.image.BufferedImage out = new java.awt.image.BufferedImage(w, h, java.awt.image.BufferedImage.TYPE_INT_RGB);
        javafx.scene.image.PixelReader pixels = image.getPixelReader();
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                out.setRGB(x, y, pixels.getArgb(x, y));
            }
        }
        java.nio.file.Path file = java.nio.file.Path.of(dir).resolve(name + ".png");
        java.nio.file.Files.createDirectories(file.getParent());
        javax.imageio.ImageIO.write(out, "png", file.toFile());
    }
}
