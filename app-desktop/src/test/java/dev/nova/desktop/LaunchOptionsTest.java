package dev.nova.desktop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class LaunchOptionsTest {
    @Test
    void noArgumentsMeansLocalMode() {
        LaunchOptions o = LaunchOptions.parse(List.of());
        assertThat(o.isRemote()).isFalse();
        assertThat(o.dataDir()).isEmpty();
    }

    @Test
    void serverAndKeyMeanRemoteMode() {
        LaunchOptions o = LaunchOptions.parse(List.of("--server", "wss://team.example:8443/ws", "--api-key=k1"));
        assertThat(o.isRemote()).isTrue();
        assertThat(o.server()).contains(URI.create("wss://team.example:8443/ws"));
        assertThat(o.apiKey()).contains("k1");
    }

    @Test
    void dataDirAndLlmUrlAreRead() {
        LaunchOptions o = LaunchOptions.parse(List.of("--data-dir", "/tmp/nova", "--llm-url", "http://127.0.0.1:1234/v1"));
        assertThat(o.dataDir()).contains(Path.of("/tmp/nova"));
        assertThat(o.llmUrl()).contains(URI.create("http://127.0.0.1:1234/v1"));
    }

    @Test
    void aServerWithoutAKeyIsRefused() {
        assertThatThrownBy(() -> LaunchOptions.parse(List.of("--server", "ws://h:1/ws")))
                .hasMessageContaining("--api-key");
    }

    @Test
    void wrongSchemesUnknownFlagsAndMissingValuesAreExplained() {
        assertThatThrownBy(() -> LaunchOptions.parse(List.of("--server", "http://h/ws", "--api-key", "k")))
                .hasMessageContaining("ws or wss");
        assertThatThrownBy(() -> LaunchOptions.parse(List.of("--llm-url", "localhost:1234")))
                .hasMessageContaining("http or https");
        assertThatThrownBy(() -> LaunchOptions.parse(List.of("--colour", "red")))
                .hasMessageContaining("unknown option --colour");
        assertThatThrownBy(() -> LaunchOptions.parse(List.of("--data-dir")))
                .hasMessageContaining("needs a value");
    }
}
