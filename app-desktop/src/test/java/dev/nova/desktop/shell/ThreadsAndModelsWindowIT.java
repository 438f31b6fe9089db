package dev.nova.desktop.shell;

import static dev.nova.desktop.shell.TestWindow.waitFor;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.nova.desktop.chat.MessageItem;
import dev.nova.desktop.models.ModelsView;
import dev.nova.desktop.net.NovaClient;
import dev.nova.desktop.sidebar.ConversationItem;
import dev.nova.protocol.ModelInfo;
import dev.nova.protocol.ModelState;
import dev.nova.server.NovaServer;
import dev.nova.server.config.ServerConfig;
import dev.nova.server.identity.Role;
import dev.nova.server.testing.FakeLmStudio.Script;
import dev.nova.server.testing.FakeLmStudio;
import dev.nova.server.testing.LmStudioDocs;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.TableView;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/**
 * Pins, folders and a thread's own settings, and the Models window, in the real window against a
 * real server whose model server is a stand-in speaking LM Studio's native API.
 */
@ExtendWith(ApplicationExtension.class)
class ThreadsAndModelsWindowIT {
    private static final String NOMIC = "text-embedding-nomic-embed-text-v1.5-embedding";
    private FakeLmStudio lm;
    private NovaServer server;
    private NovaClient client;
    private AppModel model;
    private Path dir;
    private URI uri;
    private String key;

    @Start
    void start(Stage stage) throws Exception {
        lm = new FakeLmStudio();
        lm.always(Script.stream().answer("Bien ", "sûr."));
        lm.serve("/api/v1/models", LmStudioDocs.V1_MODELS);
        lm.route("/api/v1/chat", Script.stream()
                .named("chat.start", "{\"type\":\"chat.start\",\"model_instance_id\":\"" + NOMIC + "\"}")
                .named("model_load.start", "{\"type\":\"model_load.start\",\"model_instance_id\":\"" + NOMIC + "\"}")
                .named("model_load.progress", "{\"type\":\"model_load.progress\",\"model_instance_id\":\"" + NOMIC + "\",\"progress\":0.4}")
                .pause(1500) // long enough to see the bar
                .named("model_load.end", "{\"type\":\"model_load.end\",\"model_instance_id\":\"" + NOMIC + "\",\"load_time_seconds\":1.6}")
                .named("prompt_processing.start", "{\"type\":\"prompt_processing.start\"}")
                .build());
        dir = Files.createTempDirectory("nova-ui-models");
        ServerConfig c = ServerConfig.defaults().withPort(0).withDataDir(dir);
        server = NovaServer.start(c.withLlm(c.llm().withBaseUrl(lm.baseUrl())));
        key = server.keys().create("ada", Role.ADMIN);
        uri = URI.create("ws://127.0.0.1:" + server.port() + "/ws");
        client = new NovaClient(uri, key);
        model = TestWindow.show(stage, client);
    }

    @AfterEach
    void stop() throws Exception {
        client.close();
        server.close();
        lm.close();
        TestWindow.delete(dir);
    }

    /** The sidebar's entry for a thread (its title shows in the conversation too). */
    private static javafx.scene.Node cell(FxRobot robot, String title) {
        return robot.lookup("#threads").lookup((javafx.scene.Node n) -> n instanceof javafx.scene.control.ListCell<?> c
                && c.getItem() instanceof ConversationItem i && title.equals(i.title().get()) && c.isVisible()).query();
    }

    /** Asks in the open thread and waits for the stored answer right after the question. */
    private void ask(FxRobot robot, String text) throws Exception {
        robot.clickOn("#composer").write(text).press(KeyCode.ENTER).release(KeyCode.ENTER);
        @SuppressWarnings("unchecked")
        ListView<MessageItem> messages = robot.lookup("#messages").queryAs(ListView.class);
        waitFor(() -> {
            var items = messages.getItems();
            for (int i = 1; i < items.size(); i++) {
                if (items.get(i).fromAssistant() && items.get(i).messageId() != null
                        && text.equals(items.get(i - 1).text().get())) {
                    return true;
                }
            }
            return false;
        });
    }

    @Test
    void aThreadsOwnSettingsAreShownInItsHeaderAndAnswerItsMessages(FxRobot robot) throws Exception {
        waitFor(() -> !model.models().names().isEmpty()); // asked for when connected: the picker offers them
        robot.clickOn("#thread-settings");
        robot.clickOn("#thread-model").write("gemma-3-270m-it-qat");
        robot.clickOn("#thread-system-prompt").write("Answer in French.");
        robot.clickOn("#thread-temperature").write("7");
        robot.clickOn("#save-thread-settings");
        Label problem = robot.lookup("#thread-settings-problem").queryAs(Label.class);
        waitFor(() -> problem.getText().contains("from 0 to 2")); // the dialog stays open to fix it
        robot.doubleClickOn("#thread-temperature").eraseText(3).write("0.3");
        robot.clickOn("#save-thread-settings");
        Label summary = robot.lookup("#thread-settings-summary").queryAs(Label.class);
        waitFor(() -> summary.getText().equals("gemma-3-270m-it-qat \u00b7 temperature 0.3 \u00b7 own system prompt"));

        int before = lm.requests().size();
        ask(robot, "Bonjour");
        JsonNode body = new ObjectMapper().readTree(lm.requests().stream().skip(before)
                .filter(r -> r.path().equals("/v1/chat/completions")).findFirst().orElseThrow().body());
        assertThat(body.path("model").asText()).isEqualTo("gemma-3-270m-it-qat");
        assertThat(body.path("temperature").asDouble()).isEqualTo(0.3);
        assertThat(body.path("messages").get(0).path("content").asText()).isEqualTo("Answer in French.");
    }

    @Test
    void aPinnedThreadStaysOnTopAndAFolderShowsItsThreadsOnly(FxRobot robot) throws Exception {
        ask(robot, "first thread");
        robot.clickOn("#new-thread");
        ask(robot, "second thread");
        @SuppressWarnings("unchecked")
        ListView<ConversationItem> threads = robot.lookup("#threads").queryAs(ListView.class);
        waitFor(() -> threads.getItems().size() == 2 && threads.getItems().get(0).title().get().startsWith("second"));

        robot.rightClickOn(cell(robot, "first thread"));
        robot.clickOn("Pin to top");
        waitFor(() -> threads.getItems().get(0).title().get().startsWith("first") && threads.getItems().get(0).pinned().get());
        robot.rightClickOn(cell(robot, "second thread"));
        robot.clickOn("Move to folder\u2026");
        robot.clickOn("#folder-field").write("Drafts").press(KeyCode.ENTER).release(KeyCode.ENTER);
        waitFor(() -> model.sidebar().folders().contains("Drafts"));
        robot.clickOn("#folder-picker");
        robot.clickOn("Drafts");
        waitFor(() -> threads.getItems().size() == 1 && threads.getItems().get(0).title().get().startsWith("second"));

        // another device of hers sees the pin and the folder the server stored
        NovaClient laptop = new NovaClient(uri, key);
        try {
            AppModel second = AppModel.wire(laptop, new dev.nova.desktop.ui.FxUiExecutor());
            laptop.connect();
            waitFor(() -> second.sidebar().threads().size() == 2);
            waitFor(() -> second.sidebar().threads().get(0).pinned().get()
                    && "Drafts".equals(second.sidebar().threads().get(1).folder().get()));
        } finally {
            laptop.close();
        }
    }

    @Test
    void anEditedQuestionIsAnsweredAsANewBranchAndTheEarlierOneCanBeShownAgain(FxRobot robot) throws Exception {
        ask(robot, "Two days in Lisbon");
        ask(robot, "Add a museum");
        @SuppressWarnings("unchecked")
        ListView<MessageItem> messages = robot.lookup("#messages").queryAs(ListView.class);
        robot.clickOn(robot.lookup(".msg-person").match((javafx.scene.Node n) -> robot.from(n).lookup("Two days in Lisbon")
                .tryQuery().isPresent()).queryAs(javafx.scene.Node.class), javafx.scene.input.MouseButton.SECONDARY);
        robot.clickOn("Edit and resend");
        javafx.scene.control.TextArea composer = robot.lookup("#composer").queryAs(javafx.scene.control.TextArea.class);
        waitFor(() -> composer.getText().equals("Two days in Lisbon"));
        robot.interact(composer::clear);
        ask(robot, "Three days in Porto");
        waitFor(() -> messages.getItems().size() == 2 && messages.getItems().get(0).versionLabel().equals("2 / 2"));
        robot.clickOn("#version-previous");
        waitFor(() -> messages.getItems().size() == 4
                && messages.getItems().get(0).text().get().equals("Two days in Lisbon")
                && messages.getItems().get(2).text().get().equals("Add a museum"));
        robot.clickOn("#version-next");
        waitFor(() -> messages.getItems().size() == 2 && messages.getItems().get(0).text().get().equals("Three days in Porto"));
        robot.clickOn(".msg-assistant", javafx.scene.input.MouseButton.SECONDARY);
        robot.clickOn("Delete answer");
        waitFor(() -> messages.getItems().size() == 1 && !messages.getItems().get(0).fromAssistant());
    }

    @Test
    void theModelsWindowListsLmStudiosModelsAndLoadsOneWithAProgressBar(FxRobot robot) throws Exception {
        robot.clickOn("#open-models");
        @SuppressWarnings("unchecked")
        TableView<ModelInfo> table = robot.lookup("#models-table").queryAs(TableView.class);
        waitFor(() -> table.getItems().size() == 2);
        Label note = robot.lookup("#models-note").queryAs(Label.class);
        assertThat(note.getText()).isEqualTo("LM Studio: 1 of 2 models loaded");
        assertThat(robot.lookup("4,096 of 32,768").tryQuery()).isPresent();
        assertThat(robot.lookup("241 MB").tryQuery()).isPresent();
        robot.clickOn("#load-" + ModelsView.idFor(NOMIC));
        waitFor(() -> robot.lookup("#load-progress-" + ModelsView.idFor(NOMIC)).tryQuery()
                .map(p -> ((ProgressBar) p).getProgress() == 0.4).orElse(false));
        waitFor(() -> model.models().status().get(NOMIC) != null
                && model.models().status().get(NOMIC).state() == ModelState.LOADED);
        waitFor(() -> robot.lookup("#load-progress-" + ModelsView.idFor(NOMIC)).tryQuery().isEmpty());
        robot.press(KeyCode.ESCAPE).release(KeyCode.ESCAPE); // Esc closes it, as the Close button does
        waitFor(() -> javafx.stage.Window.getWindows().stream()
                .noneMatch(w -> w instanceof javafx.stage.Stage s && "Models".equals(s.getTitle())));
        robot.clickOn("#open-models");
        waitFor(() -> robot.lookup("#close-window").tryQuery().isPresent());
        robot.clickOn("#close-window");
        waitFor(() -> javafx.stage.Window.getWindows().stream()
                .noneMatch(w -> w instanceof javafx.stage.Stage s && "Models".equals(s.getTitle())));
    }
}
