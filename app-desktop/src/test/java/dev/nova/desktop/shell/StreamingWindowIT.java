package dev.nova.desktop.shell;

import static dev.nova.desktop.shell.TestWindow.waitFor;
import static org.assertj.core.api.Assertions.assertThat;

import dev.nova.desktop.chat.MessageItem;
import dev.nova.desktop.net.NovaClient;
import dev.nova.protocol.FinishReason;
import dev.nova.server.NovaServer;
import dev.nova.server.identity.Role;
import dev.nova.server.config.ServerConfig;
import dev.nova.server.testing.FakeLmStudio;
import dev.nova.server.testing.FakeLmStudio.Script;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javafx.scene.control.Button;
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

/** The window against a real server and a scripted LM Studio: streaming, stop, and a server that goes away. */
@ExtendWith(ApplicationExtension.class)
class StreamingWindowIT {
    private FakeLmStudio lm;
    private Path dir;
    private NovaServer server;
    private int port;
    private NovaClient client;

    private ServerConfig config(int p) {
        ServerConfig c = ServerConfig.defaults().withPort(p).withDataDir(dir);
        return c.withLlm(c.llm().withBaseUrl(lm.baseUrl()));
    }

    @Start
    void start(Stage stage) throws Exception {
        lm = new FakeLmStudio();
        dir = Files.createTempDirectory("nova-ui-stream");
        server = NovaServer.start(config(0));
        port = server.port();
        String key = server.keys().create("ada", Role.USER);
        client = new NovaClient(java.net.URI.create("ws://127.0.0.1:" + port + "/ws"), key,
                new dev.nova.desktop.net.Backoff(Duration.ofMillis(50), Duration.ofMillis(300), Math::random));
        AppModel model = TestWindow.show(stage, client);
    }

    @AfterEach
    void stop() throws Exception {
        client.close();
        server.close();
        lm.close();
        TestWindow.delete(dir);
    }

    private String chip(FxRobot robot) {
        return robot.lookup("#connection-chip").queryAs(Label.class).getText();
    }

    @Test
    void anAnswerAppearsTokenByTokenAndStopKeepsWhatCame(FxRobot robot) throws Exception {
        lm.enqueue(Script.stream().firstContent("Once").repeat(2000, 15, " upon").finish("stop").done().build());
        waitFor(() -> "Connected".equals(chip(robot)));
        robot.clickOn("#composer").write("Tell me a story").press(KeyCode.ENTER).release(KeyCode.ENTER);
        @SuppressWarnings("unchecked")
        ListView<MessageItem> list = robot.lookup("#messages").queryAs(ListView.class);
        waitFor(() -> list.getItems().size() == 2 && list.getItems().get(1).text().get().contains("upon"));
        MessageItem answer = list.getItems().get(1);
        List<String> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
        javafx.application.Platform.runLater(() -> answer.text().addListener((o, was, now) -> seen.add(now)));
        waitFor(() -> seen.size() >= 3); // the text grew in steps, pulse after pulse
        assertThat(seen.get(1).length()).isGreaterThan(seen.get(0).length());
        assertThat(robot.lookup("#send").queryAs(Button.class).getText()).isEqualTo("Stop");
        robot.press(KeyCode.ESCAPE).release(KeyCode.ESCAPE);
        waitFor(() -> answer.finish().get() == FinishReason.CANCELLED);
        String kept = answer.text().get();
        assertThat(kept).startsWith("Once upon");
        int chat = lm.requests().stream().filter(r -> r.path().equals("/v1/chat/completions")).findFirst().orElseThrow().number();
        assertThat(lm.awaitClosedByClient(chat, 10_000)).as("LM Studio was told to stop").isTrue();
        waitFor(() -> "Send".equals(robot.lookup("#send").queryAs(Button.class).getText()));
    }

    @Test
    void shiftEnterMakesANewLineAndEnterSendsBothLines(FxRobot robot) throws Exception {
        lm.always(Script.stream().answer("Two lines."));
        waitFor(() -> "Connected".equals(chip(robot)));
        robot.clickOn("#composer").write("first line");
        robot.press(KeyCode.SHIFT).press(KeyCode.ENTER).release(KeyCode.ENTER).release(KeyCode.SHIFT);
        robot.write("second line").press(KeyCode.ENTER).release(KeyCode.ENTER);
        @SuppressWarnings("unchecked")
        ListView<MessageItem> list = robot.lookup("#messages").queryAs(ListView.class);
        waitFor(() -> !list.getItems().isEmpty() && list.getItems().get(0).messageId() != null);
        assertThat(list.getItems().get(0).text().get()).isEqualTo("first line\nsecond line");
        waitFor(() -> lm.requests().stream().anyMatch(r -> r.path().equals("/v1/chat/completions")));
        assertThat(lm.requests().stream().filter(r -> r.path().equals("/v1/chat/completions")).findFirst().orElseThrow()
                .body()).contains("first line\\nsecond line");
    }

    @Test
    void enterThenEscAgainAndAgainAlwaysSettlesAndNeverLocksTheAppOut(FxRobot robot) throws Exception {
        lm.always(Script.stream().firstContent("Fast").repeat(8, 5, ".").finish("stop").done().build()); // about 40 ms
        waitFor(() -> "Connected".equals(chip(robot)));
        @SuppressWarnings("unchecked")
        ListView<MessageItem> list = robot.lookup("#messages").queryAs(ListView.class);
        List<dev.nova.desktop.net.ConnectionState> states = new java.util.concurrent.CopyOnWriteArrayList<>();
        client.onState(states::add);
        // Enter then Esc, again and again, Esc at whatever moment of the answer it falls (the race of a stop
        // crossing the end is made for certain in ConnectionLifecycleIT and ChatViewModelTest)
        for (int i = 0; i < 20; i++) {
            robot.clickOn("#composer").write("q" + i).press(KeyCode.ENTER).release(KeyCode.ENTER);
            robot.press(KeyCode.ESCAPE).release(KeyCode.ESCAPE);
        }
        waitFor(() -> list.getItems().size() == 40 && list.getItems().stream().noneMatch(m -> m.streaming().get()
                || m.messageId() == null));
        robot.press(KeyCode.ESCAPE).release(KeyCode.ESCAPE); // after the end: nothing to stop
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(list.getItems()).hasSize(40);
        assertThat(robot.lookup("#send").queryAs(Button.class).getText()).isEqualTo("Send");
        assertThat(states).as("never closed by the server").isEmpty();
    }

    @Test
    void theChipShowsReconnectingWhileTheServerIsAwayAndConnectedWhenItIsBack(FxRobot robot) throws Exception {
        waitFor(() -> "Connected".equals(chip(robot)));
        server.close();
        waitFor(() -> chip(robot).startsWith("Reconnecting"));
        server = NovaServer.start(config(port));
        waitFor(() -> "Connected".equals(chip(robot)));
    }

    @Test
    void aTaskCanBeCancelledFromTheBoard(FxRobot robot) throws Exception {
        lm.when("slow job", Script.stream().firstContent("working").repeat(2000, 15, ".").finish("stop").done().build());
        waitFor(() -> "Connected".equals(chip(robot)));
        robot.clickOn("#new-task").write("slow job").press(KeyCode.ENTER).release(KeyCode.ENTER);
        @SuppressWarnings("unchecked")
        ListView<dev.nova.desktop.board.TaskCard> running = robot.lookup("#column-in_progress").queryAs(ListView.class);
        waitFor(() -> running.getItems().size() == 1);
        String cancel = "#cancel-" + running.getItems().get(0).id();
        // The card's cell is laid out a pulse after the item arrives: click once its button is on screen.
        waitFor(() -> robot.lookup(cancel).tryQuery().map(n -> n.getScene() != null && n.isVisible()).orElse(false));
        robot.clickOn(cancel);
        @SuppressWarnings("unchecked")
        ListView<dev.nova.desktop.board.TaskCard> done = robot.lookup("#column-done").queryAs(ListView.class);
        waitFor(() -> done.getItems().stream().anyMatch(t -> t.status().get() == dev.nova.protocol.TaskStatus.CANCELLED));
        assertThat(running.getItems()).isEmpty();
        // in Done, but not like a completed one: marked as cancelled, by whom in the card's words
        waitFor(() -> robot.lookup("#column-done .task-card.task-cancelled").tryQuery().isPresent());
        assertThat(robot.lookup("#column-done .task-card.task-completed").tryQuery()).isEmpty();
        assertThat(robot.lookup("#column-done .task-cancelled .task-agent").queryAs(Label.class).getText())
                .endsWith("cancelled");
    }
}
