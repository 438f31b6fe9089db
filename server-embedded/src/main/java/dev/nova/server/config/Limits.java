package dev.nova.server.config;

/**
 * How much one client, one person, one address and everyone together may take of a server.
 * Each limit has a config key (in parentheses) and a documented answer when it is reached
 * (docs/OPERATIONS.md).
 *
 * @param sendQueueBytes frames waiting to be written to one connection, in bytes; over it the
 *     connection is closed with 4008 (send_queue_bytes)
 * @param messagesPerSecond frames a connection may send per second, on average (rate_limit_per_s)
 * @param burst frames a connection may send at once above the average (rate_limit_burst)
 * @param refusedBeforeClose frames refused in a row for the rate before closing with 4029
 *     (rate_limit_close_after)
 * @param subscriptionsPerConnection channels one connection may subscribe to (max_subscriptions)
 * @param connectionsPerIdentity open connections of one identity (max_connections_per_identity)
 * @param unauthenticatedPerAddress connections from one address that have not authenticated yet
 *     (max_unauthenticated_per_address)
 * @param connections open connections in all (max_connections)
 */
public record Limits(
        long sendQueueBytes,
        double messagesPerSecond,
        int burst,
        int refusedBeforeClose,
        int subscriptionsPerConnection,
        int connectionsPerIdentity,
        int unauthenticatedPerAddress,
        int connections) {

    public Limits {
        positive("send_queue_bytes", sendQueueBytes);
        if (!(messagesPerSecond > 0) || Double.isInfinite(messagesPerSecond)) {
            throw new IllegalArgumentException("rate_limit_per_s must be a positive number");
        }
        positive("rate_limit_burst", burst);
        positive("rate_limit_close_after", refusedBeforeClose);
        positive("max_subscriptions", subscriptionsPerConnection);
        positive("max_connections_per_identity", connectionsPerIdentity);
        positive("max_unauthenticated_per_address", unauthenticatedPerAddress);
        positive("max_connections", connections);
    }

    public static Limits defaults() {
        return new Limits(1024 * 1024, 50, 100, 100, 200, 32, 64, 20_000);
    }

    /**
     * For the desktop's own server in local mode: one person on one machine, whose app may well
     * send a burst (a reconnect resubscribing, messages typed offline), is never rate limited.
     */
    public static Limits local() {
        return defaults().withRate(10_000, 10_000, 10_000);
    }

    public Limits withSendQueueBytes(long v) {
        return new Limits(v, messagesPerSecond, burst, refusedBeforeClose, subscriptionsPerConnection,
                connectionsPerIdentity, unauthenticatedPerAddress, connections);
    }

    public Limits withRate(double perSecond, int burstSize, int closeAfter) {
        return new Limits(sendQueueBytes, perSecond, burstSize, closeAfter, subscriptionsPerConnection,
                connectionsPerIdentity, unauthenticatedPerAddress, connections);
    }

    public Limits withSubscriptionsPerConnection(int v) {
        return new Limits(sendQueueBytes, messagesPerSecond, burst, refusedBeforeClose, v, connectionsPerIdentity,
                unauthenticatedPerAddress, connections);
    }

    public Limits withConnections(int perIdentity, int unauthenticatedPerAddr, int total) {
        return new Limits(sendQueueBytes, messagesPerSecond, burst, refusedBeforeClose, subscriptionsPerConnection,
                perIdentity, unauthenticatedPerAddr, total);
    }

    private static void positive(String key, long v) {
        if (v < 1) {
            throw new IllegalArgumentException(key + " must be at least 1");
        }
    }
}
