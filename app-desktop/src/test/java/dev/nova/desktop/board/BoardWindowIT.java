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
    private final TaskBoardViewModel board = new TaskBoardViewModel((c, m) -> { }, UiExecutor.direct());
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
}
