package dev.nova.server.agent;

import dev.nova.server.llm.Toolbox;
import dev.nova.server.task.Task;

/**
 * The MCP tools a built-in agent may call while it works on a task, as the server's config gives
 * them ({@code researcher_tools}, {@code writer_tools}); the calls wait for the task's creator
 * where a tool's policy asks. Null when the agent has none.
 */
@FunctionalInterface
public interface AgentToolboxes {
    AgentToolboxes NONE = (kind, task) -> null;

    Toolbox forTask(String kind, Task task);
}
