package dev.nova.server.agent;

import dev.nova.protocol.AgentState;
import dev.nova.protocol.ClientMessage;
import dev.nova.protocol.Envelope;
import dev.nova.protocol.ErrorCode;
import dev.nova.protocol.ProtocolException;
import dev.nova.protocol.TaskStatus;
import dev.nova.server.identity.Identity;
import dev.nova.server.identity.Role;
import dev.nova.server.task.Task;
import dev.nova.server.board.TaskBoard;
import dev.nova.server.ws.Client;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code create_task}, {@code task_update} and {@code agent_status} from clients. People create
 * and cancel tasks; connections with an {@code agent} key report their status, take tasks and
 * move them along. An agent that disconnects goes offline and its open tasks go back on the board.
 */
public final class AgentHandlers {
    private static final Logger log = LoggerFactory.getLogger(AgentHandlers.class);
    private static final Set<TaskStatus> AGENT_MOVES =
            Set.of(TaskStatus.IN_PROGRESS, TaskStatus.COMPLETED, TaskStatus.FAILED, TaskStatus.CREATED);

    private final TaskBoard board;
    private final AgentRegistry registry;
    private final TaskScheduler scheduler;

    public AgentHandlers(TaskBoard board, AgentRegistry registry, TaskScheduler scheduler) {
        this.board = board;
        this.registry = registry;
        this.scheduler = scheduler;
    }

    public void createTask(Client c, Envelope<ClientMessage> frame, ClientMessage.CreateTask m) {
        board.create(c, c.identity().name(), m.taskType(), m.content(), m.title());
    }

    public void taskUpdate(Client c, Envelope<ClientMessage> frame, ClientMessage.TaskUpdate m) {
        Identity who = c.identity();
        Task task = board.task(m.taskId());
        if (who.role() == Role.AGENT && m.status() != TaskStatus.CANCELLED) {
            String agentId = m.agentId() != null ? m.agentId() : who.name();
            Agent agent = registry.get(agentId).filter(a -> a.connection() == c).orElseThrow(() ->
                    new ProtocolException(ErrorCode.FORBIDDEN, "data.agent_id",
                            "'" + agentId + "' is not an agent of this connection; report agent_status first"));
            if (!agent.id().equals(task.agentId()) || !AGENT_MOVES.contains(m.status())) {
                throw new ProtocolException(ErrorCode.INVALID_TRANSITION, "data.status", "task " + task.id() + " is "
                        + task.status().wire() + (task.agentId() == null ? "" : " with " + task.agentId())
                        + "; " + agentId + " cannot make it " + m.status().wire());
            }
            board.move(task.id(), m.status(), agentId, m.result(), m.error(), null);
            if (m.status().isClosed() || m.status() == TaskStatus.CREATED) {
                scheduler.released(agentId);
            } else {
                registry.set(agentId, AgentState.BUSY, task.id());
            }
            return;
        }
        if (m.status() != TaskStatus.CANCELLED) {
            throw new ProtocolException(ErrorCode.FORBIDDEN, "data.status",
                    "only the agent working on a task moves it; people can only cancel (status cancelled)");
        }
        cancel(who, task.id());
    }

    /** A person cancels a task: its creator, or an admin; the agent holding it is free again. */
    public Task cancel(Identity who, String taskId) {
        Task task = board.task(taskId);
        if (!who.name().equals(task.createdBy()) && who.role() != Role.ADMIN) {
            throw new ProtocolException(ErrorCode.FORBIDDEN, "data.task_id", "only its creator or an admin cancels "
                    + task.id());
        }
        Task cancelled = board.move(task.id(), TaskStatus.CANCELLED, null, null, "cancelled by " + who.name(), null);
        if (task.agentId() != null) {
            scheduler.released(task.agentId());
        }
        return cancelled;
    }

    public void agentStatus(Client c, Envelope<ClientMessage> frame, ClientMessage.AgentStatus m) {
        if (c.identity().role() != Role.AGENT && c.identity().role() != Role.ADMIN) {
            throw new ProtocolException(ErrorCode.FORBIDDEN, "type", "only connections with an agent key report agent_status");
        }
        Agent known = registry.get(m.agentId()).orElse(null);
        if (known != null && known.connection() != c && known.state() != AgentState.OFFLINE) {
            throw new ProtocolException(ErrorCode.FORBIDDEN, "data.agent_id", "agent '" + m.agentId()
                    + "' is already reported by another connection");
        }
        String task = known != null && known.connection() == c ? known.taskId() : null;
        registry.put(new Agent(m.agentId(), m.name() != null ? m.name() : m.agentId(),
                m.role() != null ? m.role() : "general", m.status(), task, null, c));
        if (m.status() == AgentState.IDLE || m.status() == AgentState.ACTIVE) {
            scheduler.assignWaiting();
        }
    }

    /** A connection closed: its agents go offline and their open tasks back to created. */
    public void disconnected(Client c) {
        for (String agentId : registry.offline(c)) {
            for (Task t : board.heldBy(agentId)) {
                try {
                    board.move(t.id(), TaskStatus.CREATED, null, null, null, null);
                    log.info("{} went offline; {} is back on the board", agentId, t.id());
                } catch (RuntimeException e) {
                    log.debug("could not return {}: {}", t.id(), e.getMessage());
                }
            }
        }
    }
}
