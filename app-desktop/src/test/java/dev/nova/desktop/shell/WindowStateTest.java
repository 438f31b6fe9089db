package dev.nova.desktop.shell;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WindowStateTest {
    @TempDir
    Path dir;

    @Test
    void theWindowsPlaceIsKeptBesideTheSettings() {
        Path file = WindowState.fileFor(dir.resolve("nova/settings.json"));
        assertThat(file).isEqualTo(dir.resolve("nova/window.json"));
        assertThat(WindowState.load(file)).as("nothing saved yet").isNull();
        new WindowState(120, 80, 1400, 900, false, "t-1f3a").save(file);
        assertThat(WindowState.load(file)).isEqualTo(new WindowState(120, 80, 1400, 900, false, "t-1f3a"));
    }

    @Test
    void aBrokenOrUselessFileMeansTheDefault() throws Exception {
        Path file = dir.resolve("window.json");
        Files.writeString(file, "{not json");
        assertThat(WindowState.load(file)).isNull();
        new WindowState(0, 0, 10, 10, false, null).save(file);
        assertThat(WindowState.load(file)).as("too small to use").isNull();
    }
}
