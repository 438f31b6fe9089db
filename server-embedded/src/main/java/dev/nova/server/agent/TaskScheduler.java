package dev.nova.server.agent;

import dev.nova.protocol.AgentState;
import dev.nova.protocol.TaskStatus;
import dev.nova.server.task.Task;
import dev.nova.server.board.TaskBoard;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands waiting tasks to idle agents: an agent whose role is the task's type first (an external
 * one before a built-in one), then any external agent, then any built-in worker. Runs whenever a task or an agent becomes free.
 */
public final class TaskScheduler {
    private static final Logger log = LoggerFactory.getLogger(TaskScheduler.class);

    private final TaskBoard board;
    private final AgentRegistry registry;
    private final Executor workers;

    public TaskScheduler(TaskBoard board, AgentRegistry registry, Executor workers) {
        this.board = board;
        this.registry = registry;
        this.workers = workers;
        board.onChange(t -> {
            if (t.status() == TaskStatus.CREATED) {
                workers.execute(this::assignWaiting);
            }
        });
    }

    public synchronized void assignWaiting() {
        for (Task task : board.waiting()) {
            List<Agent> idle = registry.idleWorkers();
            if (idle.isEmpty()) {
                return;
            }
            Agent agent = idle.stream().max(Comparator.comparingInt(a -> score(a, task))).orElseThrow();
            assign(task, agent);
        }
    }

    private void assign(Task task, Agent agent) {
        Task assigned;
        try {
            assigned = board.move(task.id(), TaskStatus.ASSIGNED, agent.id(), null, null, null);
        } catch (RuntimeException e) {
            log.debug("{} moved on before it could be assigned: {}", task.id(), e.getMessage());
            return;
        }
        registry.set(agent.id(), agent.builtIn() ? AgentState.BUSY : agent.state(), task.id());
        registry.action(agent.id(), "assigned", task.id(), task.title(), board.origin(task.id()));
        if (agent.builtIn()) {
            workers.execute(() -> agent.runtime().work(assigned, done -> assignWaiting()));
        } else if (agent.connection() != null) {
            agent.connection().send(TaskBoard.CHANNEL, assigned.toUpdate(java.time.Instant.now()));
        }
    }

    /** An external agent finished or dropped its task: it is free for the next one. */
    public void released(String agentId) {
        registry.get(agentId).ifPresent(a -> {
            if (a.state() != AgentState.OFFLINE) {
                registry.set(agentId, AgentState.IDLE, null);
            }
        });
        workers.execute(this::assignWaiting);
    }

    /**
     * An agent whose role is the task's type first (an external agent's own role: "count",
     * "translate"); then one whose role the task's words ask for; between equals an external agent,
     * which someone started for this work.
     */
    private static int score(Agent a, Task t) {
        int role = t.type() != null && t.type().equalsIgnoreCase(a.role()) ? 4 : role(t).equalsIgnoreCase(a.role()) ? 2 : 0;
        return role + (a.builtIn() ? 0 : 1);
    }

    private static final java.util.regex.Pattern WRITING = java.util.regex.Pattern.compile(
            "\\b(write|writ|draft|essay|summar|explain|rewrite|translat|letter|e-?mail|poem|story|article|blog|"
                    + "report|describe|outline)\\w*", java.util.regex.Pattern.CASE_INSENSITIVE);

    /**
     * The role a task asks for: its type when that names a role ({@code research}, {@code write}),
     * else what its words ask - writing (an essay, a summary, an email...) for the writer, anything
     * else (finding, analysing, comparing) for the researcher.
     */
    static String role(Task t) {
        String type = t.type() == null ? "" : t.type().strip().toLowerCase(java.util.Locale.ROOT);
        if (type.equals("research") || type.equals("write")) {
            return type;
        }
        String words = (t.title() == null ? "" : t.title()) + " " + (t.content() == null ? "" : t.content());
        java.util.regex.Matcher m = WRITING.matcher(words.length() > 400 ? words.substring(0, 400) : words);
        return m.find() ? "write" : "research";
    }
}
