package dev.nova.server.store;

import dev.nova.server.task.Task;
import java.util.List;
import java.util.Optional;

/** The task board's memory. */
public interface TaskStore {

    void insert(Task task);

    void update(Task task);

    Optional<Task> task(String id);

    /** Every open task, then the {@code recentClosed} most recently closed ones, oldest first. */
    List<Task> board(int recentClosed);
}
