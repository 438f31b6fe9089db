package dev.nova.server.auth;

import dev.nova.protocol.ClientMessage;
import dev.nova.protocol.CloseCode;
import dev.nova.protocol.Envelope;
import dev.nova.protocol.ErrorCode;
import dev.nova.protocol.ProtocolException;
import dev.nova.protocol.ServerMessage;
import dev.nova.server.ServerInfo;
import dev.nova.server.ws.Connection;
import java.time.Duration;
import java.util.Collection;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Serves {@code auth}, and closes the connections of keys that get revoked. */
public final class Authenticator {
    private static final Logger log = LoggerFactory.getLogger(Authenticator.class);

    private final ApiKeys keys;
    private final AuthThrottle throttle;
    private final ScheduledExecutorService timers;
    private final Duration heartbeat;

    public Authenticator(ApiKeys keys, AuthThrottle throttle, ScheduledExecutorService timers, Duration heartbeat) {
        this.keys = keys;
        this.throttle = throttle;
        this.timers = timers;
        this.heartbeat = heartbeat;
    }

    /**
     * Checks the key after the address's throttle delay, so a guesser learns nothing faster by
     * waiting less; one attempt per connection is in flight at a time.
     */
    public void authenticate(Connection c, Envelope<ClientMessage> frame, ClientMessage.Auth auth) {
        if (c.authenticated()) {
            throw new ProtocolException(ErrorCode.INVALID_MESSAGE, "already authenticated");
        }
        if (!c.startAuth()) {
            throw new ProtocolException(ErrorCode.INVALID_MESSAGE, "an auth attempt is already being checked");
        }
        String claimed = frame.clientId() != null ? frame.clientId() : c.requestedClientId();
        Duration hold = throttle.delayFor(c.address());
        Runnable check = () -> checkKey(c, auth.apiKey(), claimed);
        if (hold.isZero()) {
            check.run();
        } else {
            timers.schedule(check, hold.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    private void checkKey(Connection c, String key, String claimed) {
        Optional<Identity> who = keys.authenticate(key);
        if (who.isEmpty()) {
            throttle.failed(c.address());
            refuse(c, "invalid api key");
        } else if (claimed != null && !claimed.equals(who.get().name())) {
            throttle.failed(c.address());
            refuse(c, "client_id '" + claimed + "' does not match this key");
        } else {
            throttle.succeeded(c.address());
            Identity id = who.get();
            c.authenticate(id, ApiKeys.hash(key));
            log.info("{} authenticated as {} ({})", c.sessionId(), id.name(), id.role().wire());
            c.send(null, new ServerMessage.ConnectionSuccess(id.name(), c.sessionId(), ServerInfo.version(),
                    ServerMessage.PROTOCOL_VERSION, (int) heartbeat.toSeconds()));
        }
    }

    private static void refuse(Connection c, String reason) {
        log.info("{} from {} failed to authenticate: {}", c.sessionId(), c.address(), reason);
        c.send(null, new ServerMessage.AuthFailure(reason));
        c.close(CloseCode.AUTH_FAILED, "auth failed");
    }

    /** Closes (4001) every connection whose key is no longer active, e.g. revoked by another process. */
    public void closeRevoked(Collection<Connection> connections) {
        try {
            for (Connection c : connections) {
                if (c.authenticated() && !keys.stillActive(c.keyHash())) {
                    log.info("closing {}: its key was revoked", c);
                    c.send(null, new ServerMessage.AuthFailure("key revoked"));
                    c.close(CloseCode.AUTH_FAILED, "key revoked");
                }
            }
        } catch (RuntimeException e) {
            log.warn("checking for revoked keys failed", e);
        }
    }
}
