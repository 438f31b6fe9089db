package dev.nova.server.agent;

import dev.nova.protocol.AgentState;
import dev.nova.protocol.ServerMessage;
import dev.nova.server.channel.Channels;
import dev.nova.server.channel.Snapshot;
import dev.nova.server.ws.Client;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Who the agents are and what they are doing. Every change goes to the {@code agent-status}
 * channel as an {@code agent_status}; a new subscriber first gets every agent's status.
 */
public final class AgentRegistry implements Snapshot {
    public static final String CHANNEL = "agent-status";

    private final Channels channels;
    private final Map<String, Agent> agents = new LinkedHashMap<>();
    /** The other nodes' agents, for a new subscriber's first view (none on a server of its own). */
    private volatile java.util.function.Supplier<List<ServerMessage.AgentStatus>> others = List::of;
    private volatile Runnable joined = () -> { };

    public AgentRegistry(Channels channels) {
        this.channels = channels;
        channels.live(CHANNEL, this);
    }

    public synchronized void put(Agent agent) {
        Agent before = agents.put(agent.id(), agent);
        publish(agent);
        if (before == null || (before.state() == AgentState.OFFLINE) != (agent.state() == AgentState.OFFLINE)) {
            joined.run(); // an agent came or went: the node's lease says so at once, not at the next renewal
        }
    }

    /** Runs when an agent comes or goes (the team renews its lease). */
    void onJoinOrLeave(Runnable r) {
        this.joined = r;
    }

    public synchronized Optional<Agent> get(String id) {
        return Optional.ofNullable(agents.get(id));
    }

    public synchronized Agent set(String id, AgentState state, String taskId) {
        Agent a = agents.get(id).with(state, taskId);
        agents.put(id, a);
        publish(a);
        return a;
    }

    /** Agents that can take a task now (not the coordinator, which only plans). */
    public synchronized List<Agent> idleWorkers() {
        List<Agent> out = new ArrayList<>();
        for (Agent a : agents.values()) {
            if (a.worker() && (a.state() == AgentState.IDLE || a.state() == AgentState.ACTIVE) && a.taskId() == null) {
                out.add(a);
            }
        }
        return out;
    }

    /** Marks the external agents of a closed connection offline; returns their ids. */
    public synchronized List<String> offline(Client c) {
        List<String> gone = new ArrayList<>();
        for (Agent a : new ArrayList<>(agents.values())) {
            if (a.connection() == c && a.state() != AgentState.OFFLINE) {
                put(a.with(AgentState.OFFLINE, null));
                gone.add(a.id());
            }
        }
        return gone;
    }

    /** Sends an agent's step to the agent-status channel and to whoever asked for the work. */
    public void action(String agentId, String action, String taskId, String detail, Client requester) {
        channels.publish(CHANNEL, Channels.encodeEvent(CHANNEL, agentId,
                new ServerMessage.AgentAction(agentId, action, taskId, detail)), requester);
    }

    void others(java.util.function.Supplier<List<ServerMessage.AgentStatus>> supplier) {
        this.others = supplier;
    }

    /** This node's agents as they are now, but those gone offline. */
    public synchronized List<ServerMessage.AgentStatus> statuses() {
        return agents.values().stream().filter(a -> a.state() != AgentState.OFFLINE).map(Agent::toStatus).toList();
    }

    /** Tells every node's subscribers that an agent of another node (which stopped) is offline. */
    void announceOffline(ServerMessage.AgentStatus last) {
        channels.publish(CHANNEL, Channels.encodeEvent(CHANNEL, last.agentId(), new ServerMessage.AgentStatus(
                last.agentId(), AgentState.OFFLINE, last.name(), last.role(), null)), null);
    }

    @Override
    public void sendAndJoin(Client c, Runnable join) {
        List<ServerMessage.AgentStatus> remote;
        try {
            remote = others.get();
        } catch (RuntimeException e) {
            remote = List.of(); // the store is away: this node's own agents still show
        }
        synchronized (this) {
            for (Agent a : agents.values()) {
                c.send(CHANNEL, a.toStatus());
            }
            for (ServerMessage.AgentStatus s : remote) {
                if (!agents.containsKey(s.agentId())) {
                    c.send(CHANNEL, s);
                }
            }
            join.run();
        }
    }

    private void publish(Agent a) {
        channels.publish(CHANNEL, Channels.encodeEvent(CHANNEL, a.id(), a.toStatus()), null);
    }
}
