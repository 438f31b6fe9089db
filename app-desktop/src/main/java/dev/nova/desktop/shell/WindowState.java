package dev.nova.desktop.shell;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where the window was and how big, and the assistant thread it showed (null: none), kept beside
 * the settings ({@code window.json}) so the next start opens it there, on that thread. A missing or unreadable file, or a window too small to use, means the
 * default size, centred.
 */
public record WindowState(
        @JsonProperty("x") double x,
        @JsonProperty("y") double y,
        @JsonProperty("width") double width,
        @JsonProperty("height") double height,
        @JsonProperty("maximized") boolean maximized,
        @JsonProperty("open_thread") String openThread) {
    private static final Logger log = LoggerFactory.getLogger(WindowState.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    static final double MIN_WIDTH = 640;
    static final double MIN_HEIGHT = 400;

    /** The file beside {@code settingsFile}. */
    public static Path fileFor(Path settingsFile) {
        return settingsFile.resolveSibling("window.json");
    }

    /** The saved state, or null when there is none worth using. */
    public static WindowState load(Path file) {
        if (!Files.isRegularFile(file)) {
            return null;
        }
        try {
            WindowState s = JSON.readValue(file.toFile(), WindowState.class);
            return s.width() >= MIN_WIDTH && s.height() >= MIN_HEIGHT && Double.isFinite(s.x()) && Double.isFinite(s.y())
                    ? s : null;
        } catch (IOException | RuntimeException e) {
            log.debug("window state not read from {}: {}", file, e.toString());
            return null;
        }
    }

    public WindowState withOpenThread(String threadId) {
        return new WindowState(x, y, width, height, maximized, threadId);
    }

    public void save(Path file) {
        try {
            Files.createDirectories(file.getParent());
            JSON.writeValue(file.toFile(), this);
        } catch (IOException e) {
            log.warn("could not save the window's place to {}: {}", file, e.toString());
        }
    }
}
