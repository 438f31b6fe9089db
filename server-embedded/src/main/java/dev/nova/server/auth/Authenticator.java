package dev.nova.server.auth;

import dev.nova.server.identity.Identity;
import dev.nova.protocol.ClientMessage;
import dev.nova.protocol.CloseCode;
import dev.nova.protocol.Envelope;
import dev.nova.protocol.ServerMessage;
import dev.nova.server.ws.Authentication;
import dev.nova.server.ws.Connection;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks the keys of {@code auth} frames for the hub, and closes the connections of keys that get
 * revoked. A valid key gets in at once, whoever shares its address; a wrong one is answered after
 * the address's throttle delay, so guessing is slow, but never so late that the auth timeout
 * closes the connection first.
 */
public final class Authenticator implements Authentication {
    private static final Logger log = LoggerFactory.getLogger(Authenticator.class);
    /** A held failure is answered at least this long before the auth timeout would close the connection. */
    static final Duration BEFORE_TIMEOUT = Duration.ofMillis(500);

    private final ApiKeys keys;
    private final AuthThrottle throttle;
    private final ScheduledExecutorService timers;
    private final Duration authTimeout;
    private final Clock clock;
    private volatile Instant lastSweep;

    public Authenticator(ApiKeys keys, AuthThrottle throttle, ScheduledExecutorService timers, Duration authTimeout,
                         Clock clock) {
        this.keys = keys;
        this.throttle = throttle;
        this.timers = timers;
        this.authTimeout = authTimeout;
        this.clock = clock;
        this.lastSweep = clock.instant();
    }

    @Override
    public void check(Connection c, Envelope<ClientMessage> frame, ClientMessage.Auth auth, Verdict verdict) {
        String claimed = frame.clientId() != null ? frame.clientId() : c.requestedClientId();
        Optional<Identity> who = keys.authenticate(auth.apiKey());
        if (who.isPresent() && (claimed == null || claimed.equals(who.get().name()))) {
            verdict.accepted(who.get(), ApiKeys.hash(auth.apiKey()));
            return;
        }
        String reason = who.isEmpty() ? "invalid api key" : "client_id '" + claimed + "' does not match this key";
        Duration hold = holdFor(c);
        throttle.failed(c.address());
        if (hold.isZero()) {
            verdict.refused(reason);
        } else {
            timers.schedule(() -> verdict.refused(reason), hold.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    /** The address's throttle delay, cut so the answer comes before the auth timeout. */
    private Duration holdFor(Connection c) {
        Duration left = authTimeout.minusNanos(c.ageNanos()).minus(BEFORE_TIMEOUT);
        Duration hold = throttle.delayFor(c.address());
        if (left.isNegative()) {
            return Duration.ZERO;
        }
        return hold.compareTo(left) > 0 ? left : hold;
    }

    /**
     * Closes (4001) every connection whose key was revoked since the last sweep, by this process
     * or by another one on the same store ({@code nova-server keys revoke}). One query per sweep,
     * however many connections are open.
     */
    public void closeRevoked(Collection<Connection> connections) {
        try {
            Instant now = clock.instant();
            // A little overlap, so a revocation stamped just before the last sweep is not missed.
            List<byte[]> revoked = keys.revokedSince(lastSweep.minusSeconds(5));
            lastSweep = now;
            if (revoked.isEmpty()) {
                return;
            }
            Set<String> gone = new HashSet<>();
            revoked.forEach(h -> gone.add(java.util.HexFormat.of().formatHex(h)));
            for (Connection c : connections) {
                if (c.authenticated() && gone.contains(java.util.HexFormat.of().formatHex(c.keyHash()))) {
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
