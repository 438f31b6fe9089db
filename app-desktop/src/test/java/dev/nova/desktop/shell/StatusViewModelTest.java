package dev.nova.desktop.shell;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nova.desktop.net.ConnectionState;
import dev.nova.desktop.ui.UiExecutor;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class StatusViewModelTest {
    private final AtomicInteger reconnects = new AtomicInteger();
    private final StatusViewModel status = new StatusViewModel(UiExecutor.direct(), reconnects::incrementAndGet);

    @Test
    void whileTheConnectionIsLostTheChipOffersToReconnectNow() {
        status.connection(ConnectionState.CONNECTED, null);
        assertThat(status.waitingToReconnect().get()).isFalse();
        status.connection(ConnectionState.RECONNECTING, null);
        assertThat(status.connection().get()).isEqualTo("Reconnecting...");
        assertThat(status.waitingToReconnect().get()).isTrue();
        status.reconnectNow();
        assertThat(reconnects).hasValue(1);
        status.connection(ConnectionState.FAILED, "invalid api key");
        assertThat(status.waitingToReconnect().get()).as("not retried by itself, but the person may try again").isTrue();
        status.connection(ConnectionState.CONNECTED, null);
        assertThat(status.waitingToReconnect().get()).isFalse();
    }

    @Test
    void aDegradedServerIsShownOnTheChipUntilItIsBackOrTheConnectionIsNew() {
        status.connection(ConnectionState.CONNECTED, null);
        status.serverStatus(new dev.nova.protocol.ServerMessage.ServerStatus(dev.nova.protocol.ServerState.DEGRADED,
                "the team's store (redis) is not reachable"));
        assertThat(status.connection().get()).startsWith("Connected, not storing");
        assertThat(status.connectionStyle().get()).isEqualTo("warn");
        status.serverStatus(new dev.nova.protocol.ServerMessage.ServerStatus(dev.nova.protocol.ServerState.OK, null));
        assertThat(status.connection().get()).isEqualTo("Connected");
        assertThat(status.connectionStyle().get()).isEqualTo("ok");
        status.serverStatus(new dev.nova.protocol.ServerMessage.ServerStatus(dev.nova.protocol.ServerState.DEGRADED, null));
        status.connection(ConnectionState.RECONNECTING, null);
        status.connection(ConnectionState.CONNECTED, null);
        assertThat(status.connection().get()).as("a new connection is told again if it still is").isEqualTo("Connected");
    }

    @Test
    void aboutSaysWhichAppAndWhichServer() {
        assertThat(StatusViewModel.appVersion()).matches("\\d+\\.\\d+\\.\\d+.*");
        assertThat(status.about()).startsWith("Desktop " + StatusViewModel.appVersion()).contains("Not connected");
        status.connectedTo(new dev.nova.protocol.ServerMessage.ConnectionSuccess("ada", "s-1", "9.8.7", 1, 30));
        assertThat(status.about()).contains("Connected to a Nova server 9.8.7, protocol 1, as ada.");
    }

    @Test
    void lmStudioAdviceOnlyForLmStudio() {
        assertThat(StatusViewModel.serverName("http://localhost:1234/v1")).isEqualTo("LM Studio");
        assertThat(StatusViewModel.serverName("http://127.0.0.1:8080/v1")).isEqualTo("Model server");
        status.llmHealth(new com.fasterxml.jackson.databind.ObjectMapper().createObjectNode()
                .put("status", "unreachable").put("url", "http://127.0.0.1:8080/v1"));
        assertThat(status.llm().get()).isEqualTo("Model server: not reachable");
        assertThat(status.llmFix().get()).isEqualTo("Start the model server at http://127.0.0.1:8080/v1, or set its URL in Settings");
        status.llmHealth(new com.fasterxml.jackson.databind.ObjectMapper().createObjectNode()
                .put("status", "unreachable").put("url", "http://localhost:1234/v1"));
        assertThat(status.llm().get()).isEqualTo("LM Studio: not reachable");
        assertThat(status.llmFix().get()).startsWith("Start LM Studio's local server");
    }
}
