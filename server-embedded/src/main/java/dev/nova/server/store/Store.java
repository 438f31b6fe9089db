package dev.nova.server.store;

/** Everything the hub keeps. Closed last, when the server shuts down. */
public interface Store extends HistoryStore, KeyStore, AclStore, AutoCloseable {

    /** A one-word description for {@code /health}, e.g. {@code sqlite}. */
    String kind();

    /** Whether the store answers a trivial query. */
    boolean healthy();

    @Override
    void close();
}
