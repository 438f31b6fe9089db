package dev.nova.server.store;

import dev.nova.server.task.TaskStore;

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

    /** The retention rules operators set for channels. */
    RetentionStore retention();

    /** Whether MCP tools run without asking, per person and for everyone. */
    ToolPolicyStore toolPolicies();

    /**
     * Which node runs which agents. An embedded store has one node (kept in memory); a shared
     * store brings its own. Called once, by the hub.
     */
    default PresenceStore presence() {
        return new LocalPresence();
    }

    /** A one-word description for {@code /health}, e.g. {@code sqlite}. */
    String kind();

    /** Whether the store answers a trivial query. */
    boolean healthy();

    @Override
    void close();
}
