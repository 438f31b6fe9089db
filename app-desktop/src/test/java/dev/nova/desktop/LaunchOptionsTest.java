package dev.nova.desktop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nova.desktop.settings.Settings;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LaunchOptionsTest {
    @TempDir
    Path dir;

    private static final Settings LOCAL = Settings.defaults();

    @Test
    void noArgumentsMeansLocalMode() {
        LaunchOptions o = LaunchOptions.parse(List.of());
        assertThat(o.remote(LOCAL, Map.of())).isEmpty();
        assertThat(o.dataDir()).isEmpty();
    }

    @Test
    void serverAndKeyMeanRemoteMode() {
        LaunchOptions o = LaunchOptions.parse(List.of("--server", "wss://team.example:8443/ws", "--api-key=k1"));
        assertThat(o.remote(LOCAL, Map.of())).contains(new LaunchOptions.Remote(
                URI.create("wss://team.example:8443/ws"), "k1"));
    }

    @Test
    void theKeyCanComeFromAFileOrTheEnvironmentSoItStaysOutOfTheProcessList() throws Exception {
        Path file = dir.resolve("key");
        Files.writeString(file, "nova_from_file\n");
        LaunchOptions withFile = LaunchOptions.parse(List.of("--server", "ws://h:1/ws", "--api-key-file", file.toString()));
        assertThat(withFile.remote(LOCAL, Map.of("NOVA_API_KEY", "nova_from_env")).orElseThrow().apiKey())
                .as("the file comes first").isEqualTo("nova_from_file");
        LaunchOptions bare = LaunchOptions.parse(List.of("--server", "ws://h:1/ws"));
        assertThat(bare.remote(LOCAL, Map.of("NOVA_API_KEY", " nova_from_env ")).orElseThrow().apiKey())
                .isEqualTo("nova_from_env");
        assertThat(bare.remote(LOCAL, Map.of("NOVA_API_KEY", "nova_secret")).orElseThrow().toString())
                .as("never printed").doesNotContain("nova_secret");
    }

    @Test
    void theSettingsRemoteServerAndItsKeyAreUsedWithoutFlags() {
        Settings remote = new Settings(Settings.Mode.REMOTE, "wss://team.example/ws", "nova_saved",
                "http://localhost:1234/v1", null, 0.7, null, Settings.Theme.LIGHT);
        assertThat(LaunchOptions.parse(List.of()).remote(remote, Map.of())).contains(new LaunchOptions.Remote(
                URI.create("wss://team.example/ws"), "nova_saved"));
        assertThat(LaunchOptions.parse(List.of("--server", "wss://team.example/ws")).remote(remote, Map.of())
                .orElseThrow().apiKey()).as("the saved key, for its own server").isEqualTo("nova_saved");
        assertThatThrownBy(() -> LaunchOptions.parse(List.of("--server", "wss://other.example/ws")).remote(remote, Map.of()))
                .as("never another server's key").hasMessageContaining("needs an API key");
    }

    @Test
    void settingsLiveInXdgConfigHomeOrHomeOrTheConfigFolderGiven() {
        LaunchOptions none = LaunchOptions.parse(List.of());
        assertThat(none.settingsFile(Map.of("XDG_CONFIG_HOME", "/x/cfg", "HOME", "/home/ann")))
                .isEqualTo(Path.of("/x/cfg/nova/settings.json"));
        assertThat(none.settingsFile(Map.of("HOME", "/home/ann")))
                .isEqualTo(Path.of("/home/ann/.config/nova/settings.json"));
        assertThat(LaunchOptions.parse(List.of("--config", "/srv/second")).settingsFile(Map.of("HOME", "/home/ann")))
                .as("a second instance with its own settings").isEqualTo(Path.of("/srv/second/settings.json"));
    }

    @Test
    void dataDirAndLlmUrlAreRead() {
        LaunchOptions o = LaunchOptions.parse(List.of("--data-dir", "/tmp/nova", "--llm-url", "http://127.0.0.1:1234/v1"));
        assertThat(o.dataDir()).contains(Path.of("/tmp/nova"));
        assertThat(o.llmUrl()).contains(URI.create("http://127.0.0.1:1234/v1"));
    }

    @Test
    void aServerWithoutAKeyIsRefusedWithWhereAKeyCanComeFrom() {
        assertThatThrownBy(() -> LaunchOptions.parse(List.of("--server", "ws://h:1/ws")).remote(LOCAL, Map.of()))
                .hasMessageContaining("--api-key-file").hasMessageContaining("NOVA_API_KEY");
    }

    @Test
    void wrongSchemesUnknownFlagsAndMissingValuesAreExplained() {
        assertThatThrownBy(() -> LaunchOptions.parse(List.of("--server", "http://h/ws", "--api-key", "k")))
                .hasMessageContaining("ws or wss");
        assertThatThrownBy(() -> LaunchOptions.parse(List.of("--llm-url", "localhost:1234")))
                .hasMessageContaining("http or https");
        assertThatThrownBy(() -> LaunchOptions.parse(List.of("--colour", "red")))
                .hasMessageContaining("Unknown options: '--colour'").hasMessageContaining("nova --help");
        assertThatThrownBy(() -> LaunchOptions.parse(List.of("--bogus")))
                .hasMessageContaining("Unknown option: '--bogus'").hasMessageNotContaining("value");
        assertThatThrownBy(() -> LaunchOptions.parse(List.of("--data-dir")))
                .hasMessageContaining("Missing required parameter for option '--data-dir'");
    }

    @Test
    void helpAndVersionAreAnsweredInsteadOfStartingTheApp() {
        for (String help : List.of("--help", "-h")) {
            assertThat(LaunchOptions.helpOrVersion(List.of(help))).hasValueSatisfying(text -> assertThat(text)
                    .contains("Usage: nova", "--server=URL", "--api-key-file=FILE", "--llm-url=URL", "--version"));
        }
        assertThat(LaunchOptions.helpOrVersion(List.of("--version"))).hasValueSatisfying(v -> assertThat(v).startsWith("nova "));
        assertThat(LaunchOptions.helpOrVersion(List.of("-V"))).isPresent();
        assertThat(LaunchOptions.helpOrVersion(List.of("--data-dir", "/tmp/x"))).isEmpty();
        assertThat(LaunchOptions.helpOrVersion(List.of("--bogus"))).as("parse says what is wrong").isEmpty();
        assertThat(LaunchOptions.parse(List.of("--data-dir=/tmp/x")).dataDir()).as("--flag=value works too")
                .contains(Path.of("/tmp/x"));
    }
}
