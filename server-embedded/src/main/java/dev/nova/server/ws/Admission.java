package dev.nova.server.ws;

import dev.nova.server.identity.Identity;
import dev.nova.server.config.Limits;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The connection limits: in total, per address before authentication, per identity after it.
 * A refused connection gets {@code error{limit_exceeded}} and close 1013 (try again later); the
 * limit's name is in both, so an operator and a client can tell which one it was.
 */
final class Admission {
    private final Limits limits;
    private final AtomicInteger open = new AtomicInteger();
    private final Map<String, AtomicInteger> unauthenticated = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> identities = new ConcurrentHashMap<>();
    private final Map<Connection, String> waitingAuth = new ConcurrentHashMap<>();
    private final Map<Connection, String> authenticated = new ConcurrentHashMap<>();

    Admission(Limits limits) {
        this.limits = limits;
    }

    /**
     * Counts a new connection in; the reason it is refused, or null. A refused connection is not
     * counted: it is on its way out, and must not keep the next one out while it closes.
     */
    String opened(Connection c) {
        int total = open.incrementAndGet();
        int fromAddress = unauthenticated.computeIfAbsent(c.address(), a -> new AtomicInteger()).incrementAndGet();
        waitingAuth.put(c, c.address());
        String refused = null;
        if (total > limits.connections()) {
            refused = "the server is full: " + limits.connections() + " connections (max_connections)";
        } else if (fromAddress > limits.unauthenticatedPerAddress()) {
            refused = "too many connections from one address waiting to authenticate: "
                    + limits.unauthenticatedPerAddress() + " (max_unauthenticated_per_address)";
        }
        if (refused != null) {
            closed(c);
        }
        return refused;
    }

    /** The connection authenticated as {@code who}; the reason it is refused, or null. */
    String authenticated(Connection c, Identity who) {
        release(waitingAuth.remove(c), unauthenticated);
        int mine = identities.computeIfAbsent(who.name(), n -> new AtomicInteger()).incrementAndGet();
        authenticated.put(c, who.name());
        if (mine > limits.connectionsPerIdentity()) {
            closed(c);
            return "'" + who.name() + "' already has " + limits.connectionsPerIdentity()
                    + " connections open (max_connections_per_identity)";
        }
        return null;
    }

    void closed(Connection c) {
        if (waitingAuth.containsKey(c) || authenticated.containsKey(c)) {
            open.decrementAndGet();
        }
        release(waitingAuth.remove(c), unauthenticated);
        release(authenticated.remove(c), identities);
    }

    int open() {
        return open.get();
    }

    int authenticatedCount() {
        return authenticated.size();
    }

    private static void release(String key, Map<String, AtomicInteger> counts) {
        if (key == null) {
            return;
        }
        counts.computeIfPresent(key, (k, n) -> n.decrementAndGet() <= 0 ? null : n);
    }
}
