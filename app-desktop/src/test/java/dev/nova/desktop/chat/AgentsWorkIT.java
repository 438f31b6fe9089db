package dev.nova.desktop.chat;

import static org.assertj.core.api.Assertions.assertThat;

import atlantafx.base.theme.PrimerLight;
import dev.nova.protocol.AgentWork;
import dev.nova.protocol.FinishReason;
import dev.nova.protocol.ServerMessage;
import dev.nova.protocol.ServerMessage.ChatMessage;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javafx.application.Application;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.control.TitledPane;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/** A reopened planned answer shows the agents' work folded under it; opened, the plan and each step by its agent. */
@ExtendWith(ApplicationExtension.class)
class AgentsWorkIT {
    private final ChatViewModel chat = new ChatViewModel((c, m) -> { }, "assistant");

    @Start
    void start(Stage stage) {
        Application.setUserAgentStylesheet(new PrimerLight().getUserAgentStylesheet());
        stage.setScene(new Scene(ConversationView.build(chat), 600, 500));
        stage.getScene().getStylesheets().add(AgentsWorkIT.class.getResource("/dev/nova/desktop/nova.css").toExternalForm());
        stage.show();
    }

    @Test
    void theAgentsWorkIsFoldedUnderTheAnswerAndOpensToEachStep(FxRobot robot) throws Exception {
        List<AgentWork> work = List.of(
                new AgentWork("coordinator", "Plan", "{\"steps\":[{\"title\":\"Look it up\"}]}", FinishReason.STOP, null),
                new AgentWork("researcher", "Look it up", "Found **it**.", FinishReason.STOP, null),
                new AgentWork("writer", "Write it", "", FinishReason.ERROR, "No models loaded."));
        robot.interact(() -> chat.showHistory(null, new ServerMessage.History("assistant", List.of(
                ChatMessage.of("/plan look it up", "assistant", "m-1", 1, "ada", null),
                new ChatMessage("### Look it up\n\nFound it.", "assistant", "m-2", 2L, "assistant", null, true,
                        "### Look it up\n\nFound it.", null, FinishReason.STOP, null, "m-1", null, work)), false)));
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> robot.lookup("#agents-work").tryQuery().isPresent());
        TitledPane pane = robot.lookup("#agents-work").queryAs(TitledPane.class);
        assertThat(pane.getText()).isEqualTo("The agents' work: plan and 2 steps");
        assertThat(pane.isExpanded()).as("folded until opened").isFalse();
        robot.clickOn("The agents' work: plan and 2 steps");
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> robot.lookup("Researcher \u00b7 Look it up").tryQuery().isPresent());
        assertThat(robot.lookup(".msg-work .msg-sender").queryAllAs(Label.class)).extracting(Label::getText)
                .containsExactly("Coordinator \u00b7 Plan", "Researcher \u00b7 Look it up",
                        "Writer \u00b7 Write it (failed: No models loaded.)");
        assertThat(chat.messages().get(1).workShown().get()).as("stays open when redrawn").isTrue();
        // the opened answer takes its room: laid out below the question, as tall as what it shows
        WaitForAsyncUtils.waitForFxEvents();
        java.util.List<javafx.scene.control.ListCell<?>> cells = robot.lookup(".list-cell").queryAll().stream()
                .filter(n -> n instanceof javafx.scene.control.ListCell<?> c && c.getItem() != null && c.isVisible()
                        && c.getGraphic() != null)
                .<javafx.scene.control.ListCell<?>>map(n -> (javafx.scene.control.ListCell<?>) n)
                .sorted(java.util.Comparator.comparingInt(c -> c.getIndex())).toList();
        assertThat(cells).hasSizeGreaterThanOrEqualTo(2);
        javafx.scene.control.ListCell<?> answerCell = cells.get(1);
        javafx.scene.Node box = answerCell.getGraphic();
        assertThat(answerCell.getHeight()).as("the answer's cell grew with the opened work")
                .isGreaterThanOrEqualTo(box.prefHeight(answerCell.getWidth()) - 1);
        assertThat(answerCell.localToScene(0, 0).getY()).as("below the question, not over it")
                .isGreaterThanOrEqualTo(cells.get(0).localToScene(0, cells.get(0).getHeight()).getY() - 1);
    }
}
