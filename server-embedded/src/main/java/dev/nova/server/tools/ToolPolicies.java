package dev.nova.server.tools;

import dev.nova.protocol.ToolPolicy;
import dev.nova.server.store.ToolPolicyStore;
import io.modelcontextprotocol.spec.McpSchema;
import java.util.Map;

/**
 * Whether a tool runs without asking, for one person: their own choice first, then the one an
 * admin made for everyone, then the default - allowed when the server says the tool changes
 * nothing (MCP's {@code readOnlyHint}), else asked each time.
 */
public final class ToolPolicies {
    private final ToolPolicyStore store;

    public ToolPolicies(ToolPolicyStore store) {
        this.store = store;
    }

    /** The policies that apply to {@code identity}, read once (for a listing or an answer). */
    public Resolved forPerson(String identity) {
        return new Resolved(store.policies(identity), store.policies(ToolPolicyStore.EVERYONE));
    }

    public void set(String identity, String server, String tool, ToolPolicy policy) {
        store.set(identity, server, tool, policy);
    }

    /** One person's policies and everyone's. */
    public record Resolved(Map<String, ToolPolicy> own, Map<String, ToolPolicy> everyone) {
        public ToolPolicy of(String server, McpSchema.Tool tool) {
            String key = ToolPolicyStore.key(server, tool.name());
            ToolPolicy p = own.get(key);
            if (p == null) {
                p = everyone.get(key);
            }
            return p != null ? p : readOnly(tool) ? ToolPolicy.ALLOW : ToolPolicy.ASK;
        }
    }

    static boolean readOnly(McpSchema.Tool tool) {
        return tool.annotations() != null && Boolean.TRUE.equals(tool.annotations().readOnlyHint());
    }
}
