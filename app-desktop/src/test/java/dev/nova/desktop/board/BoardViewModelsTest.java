package dev.nova.desktop.board;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nova.desktop.board.TaskBoardViewModel.Column;
import dev.nova.desktop.ui.UiExecutor;
import dev.nova.protocol.AgentState;
import dev.nova.protocol.ClientMessage;
import dev.nova.protocol.ServerMessage.AgentStatus;
import dev.nova.protocol.ServerMessage.TaskUpdate;
import dev.nova.protocol.TaskStatus;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class BoardViewModelsTest {
    private final List<ClientMessage> sent = new ArrayList<>();
    private final TaskBoardViewModel board = new TaskBoardViewModel((ch, m) -> sent.add(m), UiExecutor.direct());

    private static TaskUpdate update(String id, TaskStatus status, String agent) {
        return new TaskUpdate(id, status, agent, "Research", "research", "find it", null, null, null, null,
                status == TaskStatus.COMPLETED ? 5300L : null, status == TaskStatus.COMPLETED ? 412L : null, null);
    }

    @Test
    void aTaskMovesAcrossTheColumnsAsUpdatesArrive() {
        board.received(update("t1", TaskStatus.CREATED, null));
        assertThat(board.column(Column.CREATED)).hasSize(1);
        board.received(update("t1", TaskStatus.ASSIGNED, "researcher"));
        assertThat(board.column(Column.CREATED)).isEmpty();
        assertThat(board.column(Column.ASSIGNED)).singleElement().satisfies(c -> assertThat(c.agent().get()).isEqualTo("researcher"));
        board.received(update("t1", TaskStatus.IN_PROGRESS, "researcher"));
        board.received(update("t1", TaskStatus.COMPLETED, "researcher"));
        assertThat(board.column(Column.IN_PROGRESS)).isEmpty();
        TaskCard done = board.column(Column.DONE).get(0);
        assertThat(done.status().get()).isEqualTo(TaskStatus.COMPLETED);
        assertThat(done.elapsedMs().get()).isEqualTo(5300L);
        assertThat(done.tokens().get()).isEqualTo(412L);
    }

    @Test
    void aRunningTasksClockRunsBetweenUpdatesAndStopsWhenItCloses() {
        board.received(new TaskUpdate("t9", TaskStatus.IN_PROGRESS, "writer", "Write", "write", "x", null, null, null,
                null, 1_000L, null, null));
        TaskCard card = board.column(Column.IN_PROGRESS).get(0);
        long now = System.nanoTime();
        assertThat(card.elapsedNow(now + 2_500_000_000L)).isBetween(3_400L, 3_600L);
        board.received(new TaskUpdate("t9", TaskStatus.COMPLETED, "writer", "Write", "write", "x", "done", null, null,
                null, 4_000L, 12L, null));
        assertThat(card.elapsedNow(now + 60_000_000_000L)).isEqualTo(4_000L);
    }

    @Test
    void createAndCancelSendTheirMessages() {
        board.create("research", "  look into it ");
        board.received(update("t2", TaskStatus.CREATED, null));
        board.cancel(board.column(Column.CREATED).get(0));
        assertThat(sent).containsExactly(new ClientMessage.CreateTask("research", "look into it", null),
                new ClientMessage.TaskUpdate("t2", TaskStatus.CANCELLED, null, null, null));
    }

    @Test
    void aTasksToolCallWaitingForThePersonMarksItsCardUntilDecided() {
        board.received(update("t3", TaskStatus.IN_PROGRESS, "writer"));
        TaskCard card = board.column(Column.IN_PROGRESS).get(0);
        java.util.List<Object> redrawn = new java.util.ArrayList<>();
        board.column(Column.IN_PROGRESS).addListener((javafx.collections.ListChangeListener<TaskCard>) ch -> {
            while (ch.next()) {
                if (ch.wasUpdated()) {
                    redrawn.add(ch);
                }
            }
        });
        dev.nova.protocol.ToolUse asked = new dev.nova.protocol.ToolUse("tc-1", "files", "write_file", "{}",
                dev.nova.protocol.ToolCallStatus.PENDING_APPROVAL, null, null, null);
        board.received(new dev.nova.protocol.ServerMessage.ToolCall(asked, "task-t3", null, "t3"));
        assertThat(card.waiting().get()).isTrue();
        assertThat(redrawn).as("the card is drawn again").isNotEmpty();
        board.decide("tc-1", dev.nova.protocol.ToolDecision.DENY, "  not now ");
        board.decide("tc-1", dev.nova.protocol.ToolDecision.ALLOW_ONCE, "ignored");
        assertThat(sent).containsExactly(new ClientMessage.ToolApproval("tc-1", dev.nova.protocol.ToolDecision.DENY, "not now"),
                new ClientMessage.ToolApproval("tc-1", dev.nova.protocol.ToolDecision.ALLOW_ONCE, null));
        board.received(new dev.nova.protocol.ServerMessage.ToolCall(new dev.nova.protocol.ToolUse("tc-1", "files",
                "write_file", "{}", dev.nova.protocol.ToolCallStatus.DENIED, 0L, null, "not now"), "task-t3", null, "t3"));
        assertThat(card.waiting().get()).isFalse();
        assertThat(card.toolCalls()).extracting(dev.nova.protocol.ToolUse::status)
                .containsExactly(dev.nova.protocol.ToolCallStatus.DENIED);
        board.received(new dev.nova.protocol.ServerMessage.ToolCall(asked, "answer-m-1", "t-9", null));
        assertThat(card.toolCalls()).as("an answer's call is not the board's").hasSize(1);

        // a task listed after a restart: the calls kept with it
        dev.nova.protocol.ToolUse kept = new dev.nova.protocol.ToolUse("tc-7", "files", "write_file", "{}",
                dev.nova.protocol.ToolCallStatus.SUCCEEDED, 9L, "ok", null);
        board.received(new dev.nova.protocol.ServerMessage.TaskUpdate("t4", TaskStatus.COMPLETED, "writer", "Write",
                "write", "w", "done", null, null, null, null, null, null, java.util.List.of(kept)));
        assertThat(board.column(Column.DONE)).filteredOn(c -> c.id().equals("t4")).singleElement()
                .satisfies(c -> assertThat(c.toolCalls()).containsExactly(kept));
    }

    @Test
    void anAgentsChipFollowsItsStatus() {
        AgentPanelViewModel panel = new AgentPanelViewModel(UiExecutor.direct());
        panel.received(new AgentStatus("writer", AgentState.IDLE, "Writer", "write", null));
        panel.received(new AgentStatus("writer", AgentState.BUSY, "Writer", "write", "t1"));
        assertThat(panel.agents()).singleElement().satisfies(a -> {
            assertThat(a.status().get()).isEqualTo(AgentState.BUSY);
            assertThat(a.task().get()).isEqualTo("t1");
        });
    }

    @Test
    void aRunOverInASecondStillShowsWhatTheAgentDidNewestFirst() {
        java.time.Clock at = java.time.Clock.fixed(java.time.Instant.parse("2026-12-03T12:01:04Z"), java.time.ZoneOffset.UTC);
        AgentPanelViewModel panel = new AgentPanelViewModel(UiExecutor.direct(), at);
        panel.received(new AgentStatus("researcher", AgentState.IDLE, "Researcher", "research", null));
        assertThat(panel.agents().get(0).last()).as("the first status is no change").isEmpty();
        panel.received(new AgentStatus("researcher", AgentState.BUSY, "Researcher", "research", "t1"));
        assertThat(panel.agents().get(0).last()).isEqualTo("12:01:04  busy");
        panel.received(new dev.nova.protocol.ServerMessage.AgentAction("researcher", "started", "t1", "Look it up"));
        panel.received(new dev.nova.protocol.ServerMessage.AgentAction("researcher", "completed", "t1", "Look it up\nand more"));
        panel.received(new AgentStatus("researcher", AgentState.IDLE, "Researcher", "research", null));
        AgentItem a = panel.agents().get(0);
        assertThat(a.status().get()).isEqualTo(AgentState.IDLE);
        assertThat(a.history()).containsExactly("12:01:04  idle", "12:01:04  completed \u00b7 Look it up",
                "12:01:04  started \u00b7 Look it up", "12:01:04  busy");
        assertThat(a.last()).as("its action, not the idle after it").isEqualTo("12:01:04  completed \u00b7 Look it up");
        for (int i = 0; i < 10; i++) {
            panel.received(new dev.nova.protocol.ServerMessage.AgentAction("researcher", "started", "t" + i, null));
        }
        assertThat(a.history()).hasSize(AgentItem.HISTORY).first().isEqualTo("12:01:04  started");
    }

    @Test
    void aCardsFiguresAreShortTimeAndTokens() {
        board.received(update("t1", TaskStatus.COMPLETED, "researcher"));
        TaskCard done = board.column(Column.DONE).get(0);
        assertThat(done.figures(System.nanoTime())).isEqualTo("5.3 s \u00b7 412 tok");
        board.received(new TaskUpdate("t2", TaskStatus.COMPLETED, "writer", "W", "write", "x", null, null, null, null,
                125_000L, null, null));
        assertThat(board.column(Column.DONE).get(1).figures(System.nanoTime())).isEqualTo("2 min 5 s");
        assertThat(done.time(System.nanoTime())).isEqualTo("5.3 s");
    }

    @Test
    void thePanelIsLiveOnlyWhileConnected() {
        AgentPanelViewModel panel = new AgentPanelViewModel(UiExecutor.direct());
        assertThat(panel.connected().get()).as("not connected yet").isFalse();
        panel.connected(true);
        assertThat(panel.connected().get()).isTrue();
        panel.connected(false);
        assertThat(panel.connected().get()).isFalse();
    }

    @Test
    void aTaskThatDidNotCompleteSaysHowItEnded() {
        assertThat(TaskView.outcome(dev.nova.protocol.TaskStatus.CANCELLED, "cancelled by root")).isEqualTo("Cancelled by root");
        assertThat(TaskView.outcome(dev.nova.protocol.TaskStatus.CANCELLED, "the agent went away"))
                .isEqualTo("Cancelled: the agent went away");
        assertThat(TaskView.outcome(dev.nova.protocol.TaskStatus.FAILED, "No models loaded.")).isEqualTo("Failed: No models loaded.");
        assertThat(TaskView.outcome(dev.nova.protocol.TaskStatus.COMPLETED, null)).isEmpty();
    }
}
