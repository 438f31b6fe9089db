package dev.nova.server.task;

import static dev.nova.protocol.TaskStatus.ASSIGNED;
import static dev.nova.protocol.TaskStatus.CANCELLED;
import static dev.nova.protocol.TaskStatus.COMPLETED;
import static dev.nova.protocol.TaskStatus.CREATED;
import static dev.nova.protocol.TaskStatus.FAILED;
import static dev.nova.protocol.TaskStatus.IN_PROGRESS;
import static org.assertj.core.api.Assertions.assertThat;

import dev.nova.protocol.TaskStatus;
import org.junit.jupiter.api.Test;

class TaskTransitionsTest {

    @Test
    void aTaskGoesCreatedAssignedInProgressAndEndsOnce() {
        assertThat(TaskTransitions.allowed(CREATED, ASSIGNED)).isTrue();
        assertThat(TaskTransitions.allowed(ASSIGNED, IN_PROGRESS)).isTrue();
        assertThat(TaskTransitions.allowed(IN_PROGRESS, COMPLETED)).isTrue();
        assertThat(TaskTransitions.allowed(IN_PROGRESS, FAILED)).isTrue();
        assertThat(TaskTransitions.allowed(CREATED, IN_PROGRESS)).as("not before it is assigned").isFalse();
        assertThat(TaskTransitions.allowed(CREATED, COMPLETED)).isFalse();
    }

    @Test
    void anyOpenTaskMayBeCancelledAndOneWhoseAgentLeftGoesBackOnTheBoard() {
        for (TaskStatus open : new TaskStatus[] {CREATED, ASSIGNED, IN_PROGRESS}) {
            assertThat(TaskTransitions.allowed(open, CANCELLED)).as(open.name()).isTrue();
        }
        assertThat(TaskTransitions.allowed(ASSIGNED, CREATED)).isTrue();
        assertThat(TaskTransitions.allowed(IN_PROGRESS, CREATED)).isTrue();
    }

    @Test
    void aClosedTaskNeverMovesAgain() {
        for (TaskStatus closed : new TaskStatus[] {COMPLETED, FAILED, CANCELLED}) {
            assertThat(TaskTransitions.from(closed)).as(closed.name()).isEmpty();
        }
    }
}
