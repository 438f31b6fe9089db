package dev.nova.server.store;

import dev.nova.protocol.ToolPolicy;
import java.util.Map;

/**
 * Whether a tool of an MCP server runs without asking, as people chose it ("always allow", or a
 * policy set in the MCP servers page): per person, and for everyone ({@link #EVERYONE}, set by an
 * admin). Kept in the store, so it holds across restarts and on every node of a team.
 */
public interface ToolPolicyStore {
    /** The identity under which a policy for everyone is kept (no identity can be named so). */
    String EVERYONE = "*";

    /** {@code identity}'s own policies, by {@code server + "/" + tool}. */
    Map<String, ToolPolicy> policies(String identity);

    void set(String identity, String server, String tool, ToolPolicy policy);

    static String key(String server, String tool) {
        return server + "/" + tool;
    }
}
