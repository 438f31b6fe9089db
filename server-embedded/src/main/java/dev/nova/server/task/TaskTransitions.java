package dev.nova.server.task;

import static dev.nova.protocol.TaskStatus.ASSIGNED;
import static dev.nova.protocol.TaskStatus.CANCELLED;
import static dev.nova.protocol.TaskStatus.COMPLETED;
import static dev.nova.protocol.TaskStatus.CREATED;
import static dev.nova.protocol.TaskStatus.FAILED;
import static dev.nova.protocol.TaskStatus.IN_PROGRESS;

import dev.nova.protocol.TaskStatus;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * The task state machine: {@code created -> assigned -> in_progress -> completed | failed |
 * cancelled}, any open task may be cancelled, and a task whose agent went away goes back to
 * {@code created}. Closed tasks never move again.
 */
public final class TaskTransitions {
    private static final Map<TaskStatus, Set<TaskStatus>> NEXT = new EnumMap<>(TaskStatus.class);

    static {
        NEXT.put(CREATED, EnumSet.of(ASSIGNED, CANCELLED));
        NEXT.put(ASSIGNED, EnumSet.of(IN_PROGRESS, CREATED, CANCELLED, FAILED));
        NEXT.put(IN_PROGRESS, EnumSet.of(COMPLETED, FAILED, CANCELLED, CREATED));
        NEXT.put(COMPLETED, EnumSet.noneOf(TaskStatus.class));
        NEXT.put(FAILED, EnumSet.noneOf(TaskStatus.class));
        NEXT.put(CANCELLED, EnumSet.noneOf(TaskStatus.class));
    }

    private TaskTransitions() {}

    public static boolean allowed(TaskStatus from, TaskStatus to) {
        return NEXT.get(from).contains(to);
    }

    public static Set<TaskStatus> from(TaskStatus status) {
        return NEXT.get(status);
    }
}
