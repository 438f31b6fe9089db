package dev.nova.server.board;

import dev.nova.server.task.TaskTransitions;
import dev.nova.server.task.Task;
import dev.nova.protocol.ErrorCode;
import dev.nova.protocol.ProtocolException;
import dev.nova.protocol.ServerMessage;
import dev.nova.protocol.TaskStatus;
import dev.nova.server.channel.Channels;
import dev.nova.server.channel.Snapshot;
import dev.nova.server.task.TaskStore;
import dev.nova.server.ws.Client;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * The task board: creates tasks, moves them through {@link TaskTransitions}, stores every change
 * and sends it as a {@code task_update} to the {@code tasks} channel and to the connection that
 * created the task. Changes happen one at a time, in the order they are published.
 */
public final class TaskBoard implements Snapshot {
    public static final String CHANNEL = "tasks";
    /** Closed tasks included in a board snapshot. */
    static final int RECENT_CLOSED = 50;

    private final TaskStore store;
    private final Channels channels;
    private final Clock clock;
    private final Map<String, Client> origins = new ConcurrentHashMap<>();
    private final Map<String, Runnable> stoppers = new ConcurrentHashMap<>();
    private final List<Consumer<Task>> listeners = new CopyOnWriteArrayList<>();

    public TaskBoard(TaskStore store, Channels channels, Clock clock) {
        this.store = store;
        this.channels = channels;
        this.clock = clock;
        channels.live(CHANNEL, this);
    }

    /** Called after every change, outside the board's lock. */
    public void onChange(Consumer<Task> listener) {
        listeners.add(listener);
    }

    public void removeListener(Consumer<Task> listener) {
        listeners.remove(listener);
    }

    /**
     * Puts every task an agent held when the server last stopped back on the board: those agents
     * are gone (built-in ones restart idle, external ones must connect again).
     */
    public int requeueHeld() {
        int n = 0;
        for (Task t : store.board(0)) {
            if (t.status() == TaskStatus.ASSIGNED || t.status() == TaskStatus.IN_PROGRESS) {
                move(t.id(), TaskStatus.CREATED, null, null, null, null);
                n++;
            }
        }
        return n;
    }

    /** Open tasks held by an agent (assigned or in progress). */
    public List<Task> heldBy(String agentId) {
        return store.board(0).stream().filter(t -> agentId.equals(t.agentId()) && !t.status().isClosed()).toList();
    }

    public Task create(Client origin, String createdBy, String type, String content, String title) {
        return create(origin, createdBy, type, content, title, null);
    }

    /** A task that is a step of the question asked in assistant thread {@code threadId}. */
    public Task create(Client origin, String createdBy, String type, String content, String title, String threadId) {
        return create(origin, createdBy, type, content, title, threadId, null);
    }

    /**
     * A task, waiting on the board for an agent, or already assigned to {@code takenBy} (an agent
     * that made it for itself: no other agent is given it meanwhile).
     */
    public Task create(Client origin, String createdBy, String type, String content, String title, String threadId,
                       String takenBy) {
        Instant now = clock.instant();
        String id = "task-" + UUID.randomUUID().toString().substring(0, 8);
        Task t = new Task(id, title != null ? title : titleFrom(content), type, content,
                takenBy == null ? TaskStatus.CREATED : TaskStatus.ASSIGNED, takenBy,
                null, null, createdBy, now, now, null, null, null, threadId);
        synchronized (this) {
            store.insert(t);
            if (origin != null) {
                origins.put(id, origin);
            }
            publish(t);
        }
        listeners.forEach(l -> l.accept(t));
        return t;
    }

    /**
     * Moves a task; {@code invalid_transition} (nothing changes) when its state machine does not
     * allow it, {@code not_found} for an unknown task.
     */
    public Task move(String id, TaskStatus to, String agentId, String result, String error, Long tokens) {
        return move(id, to, agentId, result, error, tokens, null);
    }

    /** {@link #move}, keeping with the task the MCP tool calls its agent made for it (null: as they are). */
    public Task move(String id, TaskStatus to, String agentId, String result, String error, Long tokens,
                     java.util.List<dev.nova.protocol.ToolUse> toolCalls) {
        Task moved;
        synchronized (this) {
            for (int attempt = 1; ; attempt++) {
                Task t = task(id);
                if (!TaskTransitions.allowed(t.status(), to)) {
                    throw new ProtocolException(ErrorCode.INVALID_TRANSITION, "data.status", "task " + id + " is "
                            + t.status().wire() + " and cannot become " + to.wire() + " (it can become: "
                            + String.join(", ", TaskTransitions.from(t.status()).stream().map(TaskStatus::wire).toList())
                            + ")");
                }
                Instant at = clock.instant().truncatedTo(java.time.temporal.ChronoUnit.MILLIS); // as stored
                if (!at.isAfter(t.updatedAt())) {
                    at = t.updatedAt().plusMillis(1); // every change has an update time of its own
                }
                moved = t.with(to, agentId != null ? agentId : t.agentId(), result, error,
                        tokens != null ? tokens : t.tokens(), at);
                if (toolCalls != null && !toolCalls.isEmpty()) {
                    moved = moved.withToolCalls(toolCalls);
                }
                if (store.replace(t, moved)) {
                    break; // else another node changed it first: look again (the transition may no longer be allowed)
                }
                if (attempt == 10) {
                    throw new ProtocolException(ErrorCode.INTERNAL, "task " + id + " keeps changing: try again");
                }
            }
            publish(moved);
            if (to.isClosed()) {
                origins.remove(id);
                Runnable stop = stoppers.remove(id);
                if (stop != null && to == TaskStatus.CANCELLED) {
                    stop.run();
                }
            }
        }
        Task done = moved;
        listeners.forEach(l -> l.accept(done));
        return moved;
    }

    public Task task(String id) {
        return store.task(id).orElseThrow(() -> new ProtocolException(ErrorCode.NOT_FOUND, "data.task_id",
                "no task '" + id + "'"));
    }

    /** Every open task, then the most recently closed ones, oldest first (what a board shows). */
    public List<Task> tasks() {
        return store.board(RECENT_CLOSED);
    }

    /** Open tasks waiting for an agent, oldest first. */
    public List<Task> waiting() {
        return store.board(0).stream().filter(t -> t.status() == TaskStatus.CREATED).toList();
    }

    /** Work that stops the task's generation when the task is cancelled. */
    public void whileRunning(String id, Runnable stop) {
        stoppers.put(id, stop);
    }

    public void finishedRunning(String id) {
        stoppers.remove(id);
    }

    /** The connection that created the task, while it is open and the task is. */
    public Client origin(String id) {
        return origins.get(id);
    }

    @Override
    public synchronized void sendAndJoin(Client c, Runnable join) {
        Instant now = clock.instant();
        for (Task t : store.board(RECENT_CLOSED)) {
            c.send(CHANNEL, t.toUpdate(now));
        }
        join.run();
    }

    /** Sends a change; call holding the lock, so changes go out in order. */
    private void publish(Task t) {
        ServerMessage.TaskUpdate update = t.toUpdate(clock.instant());
        channels.publish(CHANNEL, Channels.encodeEvent(CHANNEL, t.agentId() != null ? t.agentId() : t.createdBy(),
                update), origins.get(t.id()));
    }

    private static String titleFrom(String content) {
        String line = content.strip().lines().findFirst().orElse("Task");
        return line.length() <= 60 ? line : line.substring(0, 57) + "...";
    }
}
