package dev.nova.server.agent;

import dev.nova.protocol.AgentState;
import dev.nova.protocol.ServerMessage;
import dev.nova.server.ws.Client;

/**
 * An agent as the registry knows it: a built-in worker (it has a {@code runtime}), an external
 * agent (it has the {@code connection} it reports through), or the coordinator (neither: it plans,
 * it takes no tasks).
 */
public record Agent(String id, String name, String role, AgentState state, String taskId, BuiltinAgent runtime,
                    Client connection) {

    public boolean builtIn() {
        return connection == null;
    }

    /** Whether the scheduler may give it tasks. */
    public boolean worker() {
        return runtime != null || connection != null;
    }

    public Agent with(AgentState newState, String newTask) {
        return new Agent(id, name, role, newState, newTask, runtime, connection);
    }

    public ServerMessage.AgentStatus toStatus() {
        return new ServerMessage.AgentStatus(id, state, name, role, taskId);
    }
}
