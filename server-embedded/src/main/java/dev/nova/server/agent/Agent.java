package dev.nova.server.agent;

import dev.nova.protocol.AgentState;
import dev.nova.protocol.ServerMessage;
import dev.nova.server.ws.Connection;

/**
 * An agent as the registry knows it: built in (it has a {@code runtime}) or external (it has the
 * {@code connection} it reports through).
 */
public record Agent(String id, String name, String role, AgentState state, String taskId, BuiltinAgent runtime,
                    Connection connection) {

    public boolean builtIn() {
        return runtime != null;
    }

    public Agent with(AgentState newState, String newTask) {
        return new Agent(id, name, role, newState, newTask, runtime, connection);
    }

    public ServerMessage.AgentStatus toStatus() {
        return new ServerMessage.AgentStatus(id, state, name, role, taskId);
    }
}
