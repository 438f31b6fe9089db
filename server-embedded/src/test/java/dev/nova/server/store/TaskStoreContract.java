package dev.nova.server.store;

import dev.nova.server.task.TaskStore;
import static org.assertj.core.api.Assertions.assertThat;

import dev.nova.protocol.TaskStatus;
import dev.nova.server.task.Task;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** What every {@link TaskStore} does, on SQLite and on Redis alike. */
public abstract class TaskStoreContract {
    protected static final Instant T0 = Instant.parse("2026-01-05T10:00:00Z");

    protected abstract TaskStore tasks();

    static Task task(String id, int second) {
        Instant at = T0.plusSeconds(second);
        return new Task(id, "Title " + id, "write", "do " + id, TaskStatus.CREATED, null, null, null, "ann", at, at,
                null, null, null, "thread-1");
    }

    @Test
    void aTaskReadsBackAsItWasStoredWithEveryField() {
        Task t = task("task-a", 1);
        tasks().insert(t);
        assertThat(tasks().task("task-a")).contains(t);
        Task done = t.with(TaskStatus.IN_PROGRESS, "researcher", null, null, 5L, T0.plusSeconds(2))
                .with(TaskStatus.COMPLETED, "researcher", "the result", null, 42L, T0.plusSeconds(3));
        assertThat(tasks().replace(t, done)).isTrue();
        assertThat(tasks().task("task-a")).contains(done);
        assertThat(tasks().task("task-nope")).isEmpty();
    }

    @Test
    void theToolCallsAnAgentMadeAreKeptWithTheTask() {
        Task t = task("task-t", 1);
        tasks().insert(t);
        List<dev.nova.protocol.ToolUse> calls = List.of(
                new dev.nova.protocol.ToolUse("tc-1", "files", "write_file", "{\"path\":\"a.md\"}",
                        dev.nova.protocol.ToolCallStatus.SUCCEEDED, 12L, "Wrote to a.md", null),
                new dev.nova.protocol.ToolUse("tc-2", "files", "delete_file", "{}", dev.nova.protocol.ToolCallStatus.DENIED,
                        null, null, "not that one"));
        Task done = t.with(TaskStatus.IN_PROGRESS, "writer", null, null, null, T0.plusSeconds(2))
                .with(TaskStatus.COMPLETED, "writer", "done", null, 3L, T0.plusSeconds(3)).withToolCalls(calls);
        assertThat(tasks().replace(tasks().task("task-t").orElseThrow(),
                t.with(TaskStatus.IN_PROGRESS, "writer", null, null, null, T0.plusSeconds(2)))).isTrue();
        assertThat(tasks().replace(tasks().task("task-t").orElseThrow(), done)).isTrue();
        assertThat(tasks().task("task-t").orElseThrow().toolCalls()).isEqualTo(calls);
        assertThat(tasks().board(5)).filteredOn(x -> x.id().equals("task-t")).singleElement()
                .satisfies(x -> assertThat(x.toolCalls()).isEqualTo(calls));
        assertThat(done.toUpdate(T0.plusSeconds(4)).toolCalls()).isEqualTo(calls);
        assertThat(t.toUpdate(T0).toolCalls()).as("none: not on the wire").isNull();
    }

    @Test
    void theBoardHoldsOpenTasksByCreationThenTheMostRecentlyClosed() {
        for (int i = 1; i <= 5; i++) {
            tasks().insert(task("task-" + i, i));
        }
        close("task-2", 20);
        close("task-4", 10);
        close("task-1", 30);
        assertThat(tasks().board(2)).extracting(Task::id).containsExactly("task-3", "task-5", "task-2", "task-1");
        assertThat(tasks().board(0)).extracting(Task::id).containsExactly("task-3", "task-5");
        assertThat(tasks().board(10)).extracting(Task::id)
                .containsExactly("task-3", "task-5", "task-4", "task-2", "task-1");
    }

    private void close(String id, int second) {
        Task t = tasks().task(id).orElseThrow();
        assertThat(tasks().replace(t, t.with(TaskStatus.CANCELLED, null, null, null, null, T0.plusSeconds(second)))).isTrue();
    }

    @Test
    void aChangeFromAStaleCopyIsRefused() {
        Task t = task("task-a", 1);
        tasks().insert(t);
        Task assigned = t.with(TaskStatus.ASSIGNED, "writer", null, null, null, T0.plusSeconds(2));
        assertThat(tasks().replace(t, assigned)).isTrue();
        Task other = t.with(TaskStatus.ASSIGNED, "researcher", null, null, null, T0.plusSeconds(3));
        assertThat(tasks().replace(t, other)).as("t is no longer what is stored").isFalse();
        assertThat(tasks().task("task-a").orElseThrow().agentId()).isEqualTo("writer");
    }

    @Test
    void ofManyAssigningOneTaskAtOnceExactlyOneWins() throws Exception {
        Task t = task("task-a", 1);
        tasks().insert(t);
        CountDownLatch go = new CountDownLatch(1);
        List<CompletableFuture<Boolean>> tries = IntStream.range(0, 8).mapToObj(i -> CompletableFuture.supplyAsync(() -> {
            try {
                go.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return tasks().replace(t, t.with(TaskStatus.ASSIGNED, "agent-" + i, null, null, null, T0.plusSeconds(2)));
        })).toList();
        go.countDown();
        long won = 0;
        for (CompletableFuture<Boolean> f : tries) {
            won += f.get() ? 1 : 0;
        }
        assertThat(won).isEqualTo(1);
    }
}
