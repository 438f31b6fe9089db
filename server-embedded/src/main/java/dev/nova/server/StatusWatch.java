package dev.nova.server;

import dev.nova.protocol.ServerMessage;
import dev.nova.protocol.ServerState;
import dev.nova.server.bus.MessageBus;
import dev.nova.server.ws.Client;
import dev.nova.server.ws.Hub;
import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells every client when this node's bus (Redis, on a team of nodes) goes down and when it is
 * back ({@code server_status}), and a client let in while it is down hears so at once. No I/O: the
 * bus knows its own state.
 */
final class StatusWatch {
    private static final Logger log = LoggerFactory.getLogger(StatusWatch.class);
    /** How often the bus's state is looked at. */
    static final Duration CHECK = Duration.ofSeconds(1);

    private final MessageBus bus;
    private final Hub hub;
    /** Whether the bus was last found down; written by the timer thread only. */
    private volatile boolean degraded;

    StatusWatch(MessageBus bus, Hub hub, ScheduledExecutorService timers) {
        this.bus = bus;
        this.hub = hub;
        hub.onWelcome(this::welcome);
        timers.scheduleWithFixedDelay(this::check, CHECK.toMillis(), CHECK.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void check() {
        boolean down = !bus.healthy();
        if (down == degraded) {
            return;
        }
        degraded = down;
        if (down) {
            log.warn("the {} bus is not reachable: messages are refused until it is back", bus.kind());
        } else {
            log.info("the {} bus is reachable again", bus.kind());
        }
        ServerMessage.ServerStatus status = status();
        for (Client c : hub.connections()) {
            if (c.identity() != null) {
                c.send(null, status);
            }
        }
    }

    private void welcome(Client c) {
        if (degraded) {
            c.send(null, status());
        }
    }

    private ServerMessage.ServerStatus status() {
        return degraded ? new ServerMessage.ServerStatus(ServerState.DEGRADED, "the team's store (" + bus.kind()
                + ") is not reachable: messages sent now are refused, not stored, until it is back")
                : new ServerMessage.ServerStatus(ServerState.OK, null);
    }
}
