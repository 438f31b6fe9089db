package dev.nova.server.store;

import dev.nova.protocol.ServerMessage.AgentStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Leases in this process: the presence of a server that is the only node on its store. */
public final class LocalPresence implements PresenceStore {
    private record Lease(List<AgentStatus> agents, Instant expires) {}

    private final Map<String, Lease> leases = new HashMap<>();

    @Override
    public synchronized void renew(String node, List<AgentStatus> agents, Instant expires) {
        leases.put(node, new Lease(List.copyOf(agents), expires));
    }

    @Override
    public synchronized List<AgentStatus> others(String node, Instant now) {
        List<AgentStatus> out = new ArrayList<>();
        leases.forEach((n, l) -> {
            if (!n.equals(node) && l.expires().isAfter(now)) {
                out.addAll(l.agents());
            }
        });
        return out;
    }

    @Override
    public synchronized Map<String, List<AgentStatus>> claimExpired(Instant now) {
        Map<String, List<AgentStatus>> out = new LinkedHashMap<>();
        leases.entrySet().removeIf(e -> {
            if (e.getValue().expires().isAfter(now)) {
                return false;
            }
            out.put(e.getKey(), e.getValue().agents());
            return true;
        });
        return out;
    }

    @Override
    public synchronized void leave(String node) {
        leases.remove(node);
    }
}
