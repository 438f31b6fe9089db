package dev.nova.server.store;

import dev.nova.protocol.ServerMessage.AgentStatus;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Which node runs which agents, as leases: each node renews its own every few seconds with its
 * agents' statuses. A node that stops renewing (killed, cut off) is claimed by exactly one of the
 * others, which marks its agents offline and puts their tasks back on the board. One process
 * keeps it in memory ({@link LocalPresence}); a team of nodes in Redis ({@code RedisPresence}).
 * Both pass {@code PresenceContract}.
 */
public interface PresenceStore {

    /** {@code node} is alive until {@code expires} and runs {@code agents} (their statuses now). */
    void renew(String node, List<AgentStatus> agents, Instant expires);

    /** The agents of every other node whose lease runs at {@code now}. */
    List<AgentStatus> others(String node, Instant now);

    /**
     * The nodes whose lease ran out before {@code now}, with the agents they last reported; each
     * expired node is returned to one caller only (the one that claims it) and then forgotten.
     */
    Map<String, List<AgentStatus>> claimExpired(Instant now);

    /** {@code node} stops cleanly: its lease ends now, nobody needs to claim it. */
    void leave(String node);
}
