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
        assertThat(status.waitingToReconnect().get()).as("a refused key is not retried").isFalse();
    }
}
