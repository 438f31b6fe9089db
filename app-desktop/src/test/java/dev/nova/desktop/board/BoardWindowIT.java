package dev.nova.desktop.board;

import static org.assertj.core.api.Assertions.assertThat;

import atlantafx.base.theme.PrimerLight;
import dev.nova.desktop.ui.UiExecutor;
import dev.nova.protocol.AgentState;
import dev.nova.protocol.ServerMessage.AgentAction;
import dev.nova.protocol.ServerMessage.AgentStatus;
import dev.nova.protocol.ServerMessage.TaskUpdate;
import dev.nova.protocol.TaskStatus;
import java.util.concurrent.TimeUnit;
import javafx.application.Application;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/** The board as narrow as the window makes it: a done card's agent and time stay whole; agents show what they did. */
@ExtendWith(ApplicationExtension.class)
class BoardWindowIT {
    private final java.util.List<dev.nova.protocol.ClientMessage> sent = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final TaskBoardViewModel board = new TaskBoardViewModel((c, m) -> sent.add(m), UiExecutor.direct());
    private final AgentPanelViewModel agents = new AgentPanelViewModel(UiExecutor.direct());

    @Start
    void start(Stage stage) {
        Application.setUserAgentStylesheet(new PrimerLight().getUserAgentStylesheet());
        stage.setScene(new Scene(BoardView.build(board, agents), 520, 600)); // the side panel's own width
        stage.getScene().getStylesheets().add(BoardWindowIT.class.getResource("/dev/nova/desktop/nova.css").toExternalForm());
        stage.show();
    }

    @Test
    void aDoneCardKeepsItsFiguresWholeAndTheAgentShowsItsLastChange(FxRobot robot) throws Exception {
        robot.interact(() -> {
            agents.connected(true);
            board.received(new TaskUpdate("t1", TaskStatus.COMPLETED, "researcher", "Compare the two databases", "research",
                    "x", "done", null, null, null, 12_300L, 1412L, null));
            agents.received(new AgentStatus("researcher", AgentState.IDLE, "Researcher", "research", null));
            agents.received(new AgentStatus("researcher", AgentState.BUSY, "Researcher", "research", "t1"));
            agents.received(new AgentAction("researcher", "completed", "t1", "Compare the two databases"));
            agents.received(new AgentStatus("researcher", AgentState.IDLE, "Researcher", "research", null));
        });
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> robot.lookup("#column-done .task-time").tryQuery().isPresent());
        Label agent = robot.lookup("#column-done .task-agent").queryAs(Label.class);
        Label time = robot.lookup("#column-done .task-time").queryAs(Label.class);
        assertThat(agent.getText()).isEqualTo("researcher");
        assertThat(time.getText()).isEqualTo("\u00b7 12.3 s");
        assertThat(time.getWidth()).as("the time is not cut to '...'").isGreaterThanOrEqualTo(time.prefWidth(-1) - 0.5);
        assertThat(agent.getWidth()).as("nor the agent, in the Done column's width").isGreaterThanOrEqualTo(agent.prefWidth(-1) - 0.5);
        Label last = robot.lookup("#agents .agent-last").queryAs(Label.class);
        assertThat(last.getText()).as("what it did, not the idle it went back to")
                .endsWith("completed \u00b7 Compare the two databases");
    }

    @Test
    void theAgentPanelGreysOutWhileDisconnected(FxRobot robot) {
        javafx.scene.control.ListView<?> list = robot.lookup("#agents").queryAs(javafx.scene.control.ListView.class);
        robot.interact(() -> agents.connected(true));
        assertThat(list.isDisabled()).isFalse();
        robot.interact(() -> agents.connected(false));
        assertThat(list.isDisabled()).isTrue();
    }

    @Test
    void aCardOpensItsTaskLiveAndAFailedTaskRunsAgainWithRetry(FxRobot robot) throws Exception {
        robot.interact(() -> board.received(new TaskUpdate("t7", TaskStatus.IN_PROGRESS, "writer", "Draft the notes",
                "writing", "Draft release notes for 0.2", null, null, null, null, null, null, null)));
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> robot.lookup("Draft the notes").tryQuery().isPresent());
        robot.doubleClickOn("Draft the notes");
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> robot.lookup("#task-view-text").tryQuery().isPresent());
        javafx.scene.control.TextArea text = robot.lookup("#task-view-text").queryAs(javafx.scene.control.TextArea.class);
        robot.interact(() -> {
            board.received(new dev.nova.protocol.ServerMessage.LlmChunk("## Notes\n", false, "task-t7", null, null, null,
                    null, "t7", "writer"));
            board.received(new dev.nova.protocol.ServerMessage.LlmChunk("- faster", false, "task-t7", null, null, null,
                    null, "t7", "writer"));
        });
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> text.getText().equals("## Notes\n- faster"));
        assertThat(robot.lookup("#task-view-retry").queryButton().isVisible()).as("no Retry while it runs").isFalse();
        assertThat(robot.lookup("#task-view-cancel").queryButton().isVisible()).isTrue();

        robot.interact(() -> board.received(new TaskUpdate("t7", TaskStatus.FAILED, "writer", "Draft the notes", null,
                null, "## Notes\n- faster", "LM Studio is not reachable at http://localhost:1234/v1", null, null, 4_200L,
                12L, null)));
        Label error = robot.lookup("#task-view-error").queryAs(Label.class);
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> error.getText().contains("not reachable"));
        assertThat(robot.lookup("#task-view-state").queryAs(Label.class).getText()).startsWith("failed \u00b7 writer");
        robot.clickOn("#task-view-retry");
        assertThat(sent).containsExactly(new dev.nova.protocol.ClientMessage.CreateTask("writing",
                "Draft release notes for 0.2", "Draft the notes"));
    }
}
