package dev.nova.server.task;

import dev.nova.server.task.Task;
import java.util.List;
import java.util.Optional;

/** The task board's memory. */
public interface TaskStore {

    void insert(Task task);

    /**
     * Stores {@code updated} in place of {@code expected}, only if the stored task is still
     * {@code expected} (same status and update time): false when another change (of this node or
     * another one) came first, so two nodes can never both move one task.
     */
    boolean replace(Task expected, Task updated);

    Optional<Task> task(String id);

    /** Every open task, then the {@code recentClosed} most recently closed ones, oldest first. */
    List<Task> board(int recentClosed);

    /** Whether other server nodes share this board (then none of them owns every held task). */
    default boolean sharedByNodes() {
        return false;
    }
}
