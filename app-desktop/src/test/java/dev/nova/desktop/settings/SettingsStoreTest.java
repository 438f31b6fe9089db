package dev.nova.desktop.settings;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SettingsStoreTest {
    @TempDir
    Path dir;

    @Test
    void savedSettingsComeBackAndOnlyTheirOwnerCanReadThem() throws Exception {
        Path file = dir.resolve("nova").resolve("settings.json");
        SettingsStore store = new SettingsStore(file);
        Settings s = new Settings(Settings.Mode.REMOTE, "wss://team.example/ws", "nova_secret", "http://127.0.0.1:1234/v1",
                "qwen", 0.2, 512, Settings.Theme.DARK);
        store.save(s);
        assertThat(store.load()).isEqualTo(s);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file.getParent()))).isEqualTo("rwx------");
        assertThat(s.toString()).doesNotContain("nova_secret");
    }

    @Test
    void aMissingOrBrokenFileGivesTheDefaults() throws Exception {
        Path file = dir.resolve("settings.json");
        assertThat(new SettingsStore(file).load()).isEqualTo(Settings.defaults());
        Files.writeString(file, "{ not json");
        assertThat(new SettingsStore(file).load()).isEqualTo(Settings.defaults());
        Files.writeString(file, "{\"theme\":\"DARK\",\"from_the_future\":1}");
        Settings partial = new SettingsStore(file).load();
        assertThat(partial.theme()).isEqualTo(Settings.Theme.DARK);
        assertThat(partial.mode()).isEqualTo(Settings.Mode.LOCAL);
        assertThat(partial.llmUrl()).isEqualTo("http://localhost:1234/v1");
    }

    @Test
    void aBrokenLmStudioUrlInTheFileFallsBackToTheDefault() throws Exception {
        Path file = dir.resolve("settings.json");
        Files.writeString(file, "{\"llm_url\":\"not a url at all\"}");
        assertThat(new SettingsStore(file).load().llmUri()).hasToString("http://localhost:1234/v1");
    }
}
