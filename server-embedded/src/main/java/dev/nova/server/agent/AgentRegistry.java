package dev.nova.server.agent;

import dev.nova.protocol.AgentState;
import dev.nova.protocol.ServerMessage;
import dev.nova.server.channel.Channels;
import dev.nova.server.channel.Snapshot;
import dev.nova.server.ws.Connection;
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

    public AgentRegistry(Channels channels) {
        this.channels = channels;
        channels.live(CHANNEL, this);
    }

    public synchronized void put(Agent agent) {
        agents.put(agent.id(), agent);
        publish(agent);
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
    public synchronized List<String> offline(Connection c) {
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
    public void action(String agentId, String action, String taskId, String detail, Connection requester) {
        channels.publish(CHANNEL, Channels.encodeEvent(CHANNEL, agentId,
                new ServerMessage.AgentAction(agentId, action, taskId, detail)), requester);
    }

    @Override
    public synchronized void sendAndJoin(Connection c, Runnable join) {
        for (Agent a : agents.values()) {
            c.send(CHANNEL, a.toStatus());
        }
        join.run();
    }

    private void publish(Agent a) {
        channels.publish(CHANNEL, Channels.encodeEvent(CHANNEL, a.id(), a.toStatus()), null);
    }
}
