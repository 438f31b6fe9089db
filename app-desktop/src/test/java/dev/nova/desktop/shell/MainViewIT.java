package dev.nova.desktop.shell;


import dev.nova.desktop.board.TaskCard;
import dev.nova.desktop.chat.MessageItem;
import dev.nova.desktop.local.LocalServer;
import dev.nova.desktop.net.NovaClient;
import dev.nova.server.config.LlmSettings;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/** The real window, headless (Monocle), against the app's own local server. */
@ExtendWith(ApplicationExtension.class)
class MainViewIT {
    private LocalServer local;
    private NovaClient client;
    private AppModel model;
    private Path dir;

    @Start
    void start(Stage stage) throws Exception {
        dir = Files.createTempDirectory("nova-ui");
        local = LocalServer.start(dir, LlmSettings.defaults().withBaseUrl(URI.create("http://127.0.0.1:9/v1")));
        client = new NovaClient(local.uri(), local.apiKey());
        model = TestWindow.show(stage, client);
    }

    @AfterEach
    void stop() throws Exception {
        client.close();
        local.close();
        TestWindow.delete(dir);
    }

    @Test
    void theConnectionChipSaysConnected(FxRobot robot) throws Exception {
        WaitForAsyncUtils.waitFor(15, TimeUnit.SECONDS,
                () -> "Connected".equals(robot.lookup("#connection-chip").queryAs(Label.class).getText()));
    }

    @Test
    void aSentMessageAppearsInTheConversation(FxRobot robot) throws Exception {
        WaitForAsyncUtils.waitFor(15, TimeUnit.SECONDS,
                () -> "Connected".equals(robot.lookup("#connection-chip").queryAs(Label.class).getText()));
        robot.clickOn("#composer").write("Hello Nova").press(KeyCode.ENTER).release(KeyCode.ENTER);
        @SuppressWarnings("unchecked")
        ListView<MessageItem> list = robot.lookup("#messages").queryAs(ListView.class);
        WaitForAsyncUtils.waitFor(15, TimeUnit.SECONDS, () -> list.getItems().stream()
                .anyMatch(m -> !m.fromAssistant() && m.text().get().equals("Hello Nova")));
        // No LM Studio here: the assistant's answer fails, and the window says so.
        WaitForAsyncUtils.waitFor(15, TimeUnit.SECONDS, () -> list.getItems().stream().anyMatch(m -> m.fromAssistant()
                && m.finish().get() == dev.nova.protocol.FinishReason.ERROR));
    }

    @Test
    void theAgentPanelAndTheBoardFillFromTheServer(FxRobot robot) throws Exception {
        @SuppressWarnings("unchecked")
        ListView<Object> agents = robot.lookup("#agents").queryAs(ListView.class);
        WaitForAsyncUtils.waitFor(15, TimeUnit.SECONDS, () -> agents.getItems().size() == 3);
        robot.clickOn("#new-task").write("Check the docs").press(KeyCode.ENTER).release(KeyCode.ENTER);
        @SuppressWarnings("unchecked")
        ListView<TaskCard> done = robot.lookup("#column-done").queryAs(ListView.class);
        // The task moves across the board: without LM Studio the agent fails it, and it lands in Done.
        WaitForAsyncUtils.waitFor(15, TimeUnit.SECONDS, () -> done.getItems().stream()
                .anyMatch(t -> "Check the docs".equals(t.title().get())));
    }
}
