package dev.nova.server.store;

/**
 * Everything the hub keeps, as narrow ports that a Redis store can replace one by one.
 * Closed last, when the server shuts down.
 */
public interface Store extends AutoCloseable {

    HistoryStore history();

    KeyStore keys();

    AclStore acl();

    TaskStore tasks();

    ThreadStore threads();

    /** A one-word description for {@code /health}, e.g. {@code sqlite}. */
    String kind();

    /** Whether the store answers a trivial query. */
    boolean healthy();

    @Override
    void close();
}
