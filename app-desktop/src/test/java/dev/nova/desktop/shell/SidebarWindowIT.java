package dev.nova.desktop.shell;

import static dev.nova.desktop.shell.TestWindow.waitFor;
import static org.assertj.core.api.Assertions.assertThat;

import dev.nova.desktop.chat.MessageItem;
import dev.nova.desktop.net.NovaClient;
import dev.nova.desktop.sidebar.ChannelChoice;
import dev.nova.desktop.sidebar.ConversationItem;
import dev.nova.protocol.ServerMessage;
import dev.nova.server.NovaServer;
import dev.nova.server.identity.Role;
import dev.nova.server.config.ServerConfig;
import dev.nova.server.testing.FakeLmStudio;
import dev.nova.server.testing.FakeLmStudio.Script;
import dev.nova.server.testing.Frames;
import dev.nova.server.testing.WsTestClient;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
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

/** The sidebar in the real window, headless, against a real server: threads, channels, unread, search. */
@ExtendWith(ApplicationExtension.class)
class SidebarWindowIT {
    private FakeLmStudio lm;
    private NovaServer server;
    private NovaClient client;
    private AppModel model;
    private Path dir;

    @Start
    void start(Stage stage) throws Exception {
        lm = new FakeLmStudio();
        lm.always(Script.stream().answer("Zebras are ", "striped."));
        dir = Files.createTempDirectory("nova-ui-sidebar");
        ServerConfig c = ServerConfig.defaults().withPort(0).withDataDir(dir);
        server = NovaServer.start(c.withLlm(c.llm().withBaseUrl(lm.baseUrl())));
        String key = server.keys().create("ada", Role.USER);
        client = new NovaClient(URI.create("ws://127.0.0.1:" + server.port() + "/ws"), key);
        model = TestWindow.show(stage, client);
        // the app's own look (AtlantaFX and Nova's stylesheet), as NovaApp sets it
        javafx.application.Application.setUserAgentStylesheet(new atlantafx.base.theme.PrimerLight().getUserAgentStylesheet());
        stage.getScene().getStylesheets().add(SidebarWindowIT.class.getResource("/dev/nova/desktop/nova.css").toExternalForm());
    }

    @AfterEach
    void stop() throws Exception {
        client.close();
        server.close();
        lm.close();
        TestWindow.delete(dir);
    }

    @SuppressWarnings("unchecked")
    private static <T> ListView<T> list(FxRobot robot, String id) {
        return robot.lookup(id).queryAs(ListView.class);
    }

    private static String title(FxRobot robot) {
        return robot.lookup("#conversation-title").queryAs(Label.class).getText();
    }

    private void ask(FxRobot robot, String text) throws Exception {
        robot.clickOn("#composer").write(text).press(KeyCode.ENTER).release(KeyCode.ENTER);
        ListView<MessageItem> messages = list(robot, "#messages");
        waitFor(() -> messages.getItems().stream().anyMatch(m -> m.fromAssistant() && m.messageId() != null));
    }

    @Test
    void newThreadsAreNamedRenamedAndDeletedWithConfirmation(FxRobot robot) throws Exception {
        ListView<ConversationItem> threads = list(robot, "#threads");
        waitFor(() -> threads.getItems().size() == 1 && "New chat".equals(title(robot)));
        ask(robot, "What about zebras?");
        waitFor(() -> "What about zebras?".equals(title(robot)));

        robot.clickOn("#new-thread");
        waitFor(() -> threads.getItems().size() == 2 && "New chat".equals(title(robot)));
        assertThat(list(robot, "#messages").getItems()).as("a new thread starts empty").isEmpty();
        ask(robot, "Second question");
        waitFor(() -> threads.getItems().get(0).title().get().equals("Second question"));

        robot.clickOn("#rename-thread");
        robot.interact(() -> robot.lookup("#rename-field").queryTextInputControl().clear()); // on the FX thread
        robot.clickOn("#rename-field").write("Planning").press(KeyCode.ENTER).release(KeyCode.ENTER);
        waitFor(() -> "Planning".equals(title(robot)) && threads.getItems().get(0).title().get().equals("Planning"));

        robot.clickOn("#delete-thread");
        robot.clickOn("#cancel-delete");
        assertThat(threads.getItems()).hasSize(2);
        robot.clickOn("#delete-thread");
        robot.clickOn("#confirm-delete");
        waitFor(() -> threads.getItems().size() == 1 && "What about zebras?".equals(title(robot)));
        ListView<MessageItem> messages = list(robot, "#messages");
        waitFor(() -> messages.getItems().stream().anyMatch(m -> m.text().get().equals("What about zebras?")));

        // what the server keeps agrees: asked again (as after a reconnect), it lists that one thread
        model.sidebar().connected("ada");
        waitFor(() -> threads.getItems().size() == 1 && threads.getItems().get(0).messages() == 2
                && "What about zebras?".equals(threads.getItems().get(0).title().get()));
    }

    @Test
    void aLongTitleShrinksButTheHeadersButtonsKeepTheirWords(FxRobot robot) throws Exception {
        ListView<ConversationItem> threads = list(robot, "#threads");
        waitFor(() -> threads.getItems().size() == 1);
        String longTitle = "A very long thread title about zebras, their stripes, their habitats and ".repeat(4);
        robot.interact(() -> model.sidebar().rename(threads.getItems().get(0), longTitle));
        waitFor(() -> title(robot).startsWith("A very long thread title"));
        WaitForAsyncUtils.waitForFxEvents();
        for (String id : new String[] {"#rename-thread", "#delete-thread"}) {
            javafx.scene.control.Button b = robot.lookup(id).queryButton();
            assertThat(b.getWidth()).as(id + " is as wide as its text needs").isGreaterThanOrEqualTo(b.prefWidth(-1) - 0.5);
            javafx.scene.text.Text shown = (javafx.scene.text.Text) b.lookup(".text");
            assertThat(shown.getText()).as(id + " shows its whole word").isEqualTo(b.getText());
        }
    }

    @Test
    void aChannelMessageFromSomeoneElseShowsAsUnreadUntilOpened(FxRobot robot) throws Exception {
        ListView<ConversationItem> threads = list(robot, "#threads");
        waitFor(() -> threads.getItems().size() == 1);
        robot.clickOn("#join-channel");
        robot.clickOn("#channel-field").write("general").press(KeyCode.ENTER).release(KeyCode.ENTER);
        waitFor(() -> "#general".equals(title(robot)));
        ListView<ConversationItem> channels = list(robot, "#channels");
        waitFor(() -> client.cursor("general") != null);
        robot.clickOn(threads.getItems().get(0).title().get());
        waitFor(() -> "New chat".equals(title(robot)));

        try (WsTestClient bob = WsTestClient.connect(URI.create("ws://127.0.0.1:" + server.port() + "/ws"))) {
            bob.send(Frames.auth(server.keys().create("bob", Role.USER)));
            bob.next(ServerMessage.ConnectionSuccess.class);
            bob.send(Frames.chat("general", "standup in five"));
            bob.send(Frames.chat("general", "bring zebras"));
            bob.next(ServerMessage.ChatMessage.class);
        }
        ConversationItem general = channels.getItems().get(0);
        waitFor(() -> general.unread().get() == 2);
        waitFor(() -> robot.lookup(".unread-badge").queryAllAs(Label.class).stream()
                .anyMatch(l -> l.isVisible() && "2".equals(l.getText())));

        robot.clickOn(channels.lookup(".list-cell"));
        waitFor(() -> "#general".equals(title(robot)) && general.unread().get() == 0);
        ListView<MessageItem> messages = list(robot, "#messages");
        waitFor(() -> messages.getItems().size() == 2 && messages.getItems().get(1).text().get().equals("bring zebras"));
    }

    @Test
    void theJoinDialogListsTheChannelsThereAreAndFiltersAsYouType(FxRobot robot) throws Exception {
        ListView<ConversationItem> threads = list(robot, "#threads");
        waitFor(() -> threads.getItems().size() == 1);
        try (WsTestClient bob = WsTestClient.connect(URI.create("ws://127.0.0.1:" + server.port() + "/ws"))) {
            bob.send(Frames.auth(server.keys().create("bob", Role.USER)));
            bob.next(ServerMessage.ConnectionSuccess.class);
            for (String channel : new String[] {"release-notes", "random", "research"}) {
                bob.send(Frames.chat(channel, "hello " + channel));
                bob.next(ServerMessage.ChatMessage.class);
            }
        }
        ListView<ConversationItem> channels = list(robot, "#channels");
        model.sidebar().connected("ada"); // listed again, as after a reconnect
        waitFor(() -> channels.getItems().size() == 3);
        robot.interact(() -> model.sidebar().leaveChannel(channels.getItems().stream()
                .filter(c -> c.key().channel().equals("random")).findFirst().orElseThrow()));
        waitFor(() -> channels.getItems().size() == 2);

        robot.clickOn("#join-channel");
        ListView<ChannelChoice> choices = list(robot, "#channel-choices");
        waitFor(() -> choices.getItems().size() == 3);
        assertThat(choices.getItems()).as("the one left among them (the order: SidebarViewModelTest)")
                .extracting(ChannelChoice::name, ChannelChoice::joined).containsExactlyInAnyOrder(
                        org.assertj.core.groups.Tuple.tuple("research", true),
                        org.assertj.core.groups.Tuple.tuple("random", false),
                        org.assertj.core.groups.Tuple.tuple("release-notes", true));
        TestWindow.shot(robot, choices.getScene(), "join-channel");
        robot.clickOn("#channel-field").write("re");
        waitFor(() -> choices.getItems().size() == 2);
        assertThat(choices.getItems()).extracting(ChannelChoice::name).containsExactlyInAnyOrder("research", "release-notes");
        robot.write("l");
        waitFor(() -> choices.getItems().size() == 1);

        robot.eraseText(3).write("ran");
        waitFor(() -> choices.getItems().size() == 1 && choices.getItems().get(0).name().equals("random"));
        robot.doubleClickOn(choices.lookup(".list-cell"));
        waitFor(() -> "#random".equals(title(robot)));
        waitFor(() -> channels.getItems().stream().anyMatch(c -> c.key().channel().equals("random")));

        // in the channel joined again: bob's message, then one's own, shown apart
        ListView<MessageItem> messages = list(robot, "#messages");
        waitFor(() -> messages.getItems().size() == 1 && messages.getItems().get(0).text().get().equals("hello random"));
        robot.clickOn("#composer").write("Hi bob, back in here").press(KeyCode.ENTER).release(KeyCode.ENTER);
        waitFor(() -> messages.getItems().size() == 2 && messages.getItems().get(1).messageId() != null);
        waitFor(() -> robot.lookup(".msg-own").tryQuery().isPresent() && robot.lookup(".msg-other").tryQuery().isPresent());
        TestWindow.shot(robot, messages.getScene(), "channel");
    }

    @Test
    void searchFindsAMessageInAnotherThreadAndOpensIt(FxRobot robot) throws Exception {
        ListView<ConversationItem> threads = list(robot, "#threads");
        waitFor(() -> threads.getItems().size() == 1);
        ask(robot, "Tell me about okapis");
        robot.clickOn("#new-thread");
        waitFor(() -> "New chat".equals(title(robot)));

        robot.clickOn("#search").write("okapi");
        javafx.scene.layout.VBox hits = robot.lookup("#search-hits").queryAs(javafx.scene.layout.VBox.class);
        waitFor(() -> hits.getParent() != null && model.sidebar().hits().size() == 1 && hits.getChildren().size() == 1);
        assertThat(threads.getItems()).as("titles filter too").extracting(c -> c.title().get())
                .containsExactly("Tell me about okapis");
        robot.clickOn(hits.getChildren().get(0));
        waitFor(() -> "Tell me about okapis".equals(title(robot)));
        waitFor(() -> model.chat().focused().get() != null
                && model.chat().focused().get().text().get().equals("Tell me about okapis")); // the hit is marked
        robot.clickOn("#search").press(KeyCode.ESCAPE).release(KeyCode.ESCAPE);
        waitFor(() -> model.sidebar().hits().isEmpty() && threads.getItems().size() == 2);
    }
}
