package dev.nova.server.ws;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nova.server.config.Limits;
import dev.nova.server.identity.Identity;
import dev.nova.server.identity.Role;
import dev.nova.server.metrics.NovaMetrics;
import java.nio.ByteBuffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The connection limits, counted on real connections over a sink that writes nowhere. */
class AdmissionTest {
    private final Writers writers = new Writers(1);
    private final NovaMetrics metrics = new NovaMetrics();
    private final Limits limits = Limits.defaults().withConnections(2, 2, 3);
    private final Admission admission = new Admission(limits);
    private int sessions;

    @AfterEach
    void close() {
        writers.close();
        metrics.close();
    }

    private Connection from(String address) {
        return new Connection(new Outbox.Sink() {
            @Override
            public void write(ByteBuffer payload, boolean more, Outbox.Done done) {
                done.succeeded();
            }

            @Override
            public void close(int code, String reason) {}

            @Override
            public void disconnect() {}

            @Override
            public void ping() {}
        }, address, "s-" + sessions++, null, writers, limits, metrics);
    }

    @Test
    void anAddressMayHoldOnlySoManyConnectionsWaitingToAuthenticate() {
        assertThat(admission.opened(from("10.0.0.1"))).isNull();
        assertThat(admission.opened(from("10.0.0.1"))).isNull();
        assertThat(admission.opened(from("10.0.0.1"))).contains("max_unauthenticated_per_address");
        assertThat(admission.opened(from("10.0.0.2"))).as("another address").isNull();
        assertThat(admission.open()).as("the refused one is not counted").isEqualTo(3);
    }

    @Test
    void theServerHoldsAtMostItsTotalAndAClosedConnectionMakesRoom() {
        Connection a = from("10.0.0.1");
        admission.opened(a);
        admission.opened(from("10.0.0.2"));
        admission.opened(from("10.0.0.3"));
        assertThat(admission.opened(from("10.0.0.4"))).contains("max_connections");
        admission.closed(a);
        assertThat(admission.opened(from("10.0.0.4"))).isNull();
    }

    @Test
    void anIdentityMayHoldOnlySoManyConnectionsAndAuthenticatingFreesTheAddressSlot() {
        Identity ann = new Identity("ann", Role.USER);
        Connection one = from("10.0.0.1");
        Connection two = from("10.0.0.1");
        admission.opened(one);
        admission.opened(two);
        assertThat(admission.authenticated(one, ann)).isNull();
        assertThat(admission.opened(from("10.0.0.1"))).as("one address slot free again").isNull();
        assertThat(admission.authenticated(two, ann)).isNull();
        Connection three = from("10.0.0.9");
        admission.closed(from("unused"));
        assertThat(admission.authenticatedCount()).isEqualTo(2);
        admission.opened(three);
        assertThat(admission.authenticated(three, ann)).contains("max_connections_per_identity");
        admission.closed(one);
        Connection four = from("10.0.0.8");
        admission.opened(four);
        assertThat(admission.authenticated(four, ann)).isNull();
    }
}
