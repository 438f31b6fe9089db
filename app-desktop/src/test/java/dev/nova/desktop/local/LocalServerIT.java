package dev.nova.desktop.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nova.desktop.net.ConnectionState;
import dev.nova.desktop.net.NovaClient;
import dev.nova.server.config.LlmSettings;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalServerIT {
    @TempDir
    Path dir;

    private static void await(NovaClient c, ConnectionState state) {
        dev.nova.server.testing.Eventually.until("the client " + state + " (it is " + c.state() + ")",
                Duration.ofSeconds(15), () -> c.state() == state);
    }

    @Test
    void theLocalServerStartsOnLoopbackWithAFreshKeyEachTime() {
        String firstKey;
        try (LocalServer local = LocalServer.start(dir, LlmSettings.defaults());
             NovaClient client = new NovaClient(local.uri(), local.apiKey())) {
            assertThat(local.uri().getHost()).isEqualTo("127.0.0.1");
            assertThat(local.uri().getPort()).isPositive();
            client.connect();
            await(client, ConnectionState.CONNECTED);
            firstKey = local.apiKey();
        }
        try (LocalServer again = LocalServer.start(dir, LlmSettings.defaults());
             NovaClient stale = new NovaClient(again.uri(), firstKey);
             NovaClient fresh = new NovaClient(again.uri(), again.apiKey())) {
            assertThat(again.apiKey()).isNotEqualTo(firstKey);
            stale.connect();
            await(stale, ConnectionState.FAILED);
            fresh.connect();
            await(fresh, ConnectionState.CONNECTED);
        }
    }

    @Test
    void theIdentityIsTheUserNameMadeSafe() {
        assertThat(LocalServer.identityOf("Ada Lovelace")).isEqualTo("adalovelace");
        assertThat(LocalServer.identityOf("jürgen")).isEqualTo("jrgen");
        assertThat(LocalServer.identityOf("")).isEqualTo("me");
        assertThat(LocalServer.identityOf(null)).isEqualTo("me");
    }
}
