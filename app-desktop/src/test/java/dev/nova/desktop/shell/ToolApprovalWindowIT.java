package dev.nova.desktop.shell;

import static dev.nova.desktop.shell.TestWindow.waitFor;
import static org.assertj.core.api.Assertions.assertThat;

import dev.nova.desktop.chat.MessageItem;
import dev.nova.desktop.net.NovaClient;
import dev.nova.protocol.ToolCallStatus;
import dev.nova.protocol.ToolPolicy;
import dev.nova.protocol.ToolServer;
import dev.nova.server.NovaServer;
import dev.nova.server.config.ServerConfig;
import dev.nova.server.identity.Role;
import dev.nova.server.testing.FakeLmStudio;
import dev.nova.server.testing.FakeLmStudio.Script;
import dev.nova.server.testing.McpServers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.TitledPane;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import javafx.stage.Window;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/**
 * MCP tools in the real window, against a real server running a real MCP server from npm
 * ({@code server-filesystem}) and a model stand-in that asks for a tool as LM Studio streams it:
 * a thread's settings turn the tools on, a call that writes waits on a card until the person
 * allows or denies it, and the Tools window shows the servers, sets a tool's policy and imports
 * LM Studio's servers.
 */
@ExtendWith(ApplicationExtension.class)
class ToolApprovalWindowIT {
    private FakeLmStudio lm;
    private Path dir;
    private Path files;
    private Path lmStudioMcp;
    private NovaServer server;
    private NovaClient client;
    private AppModel model;

    @BeforeAll
    static void mcpServersInstalled() {
        McpServers.node(); // skipped (or failed under NOVA_REQUIRE_MCP) before any window opens
        McpServers.command("mcp-server-filesystem");
        McpServers.command("mcp-server-everything");
    }

    @Start
    void start(Stage stage) throws Exception {
        lm = new FakeLmStudio();
        dir = Files.createTempDirectory("nova-ui-tools");
        files = Files.createDirectories(dir.resolve("files"));
        Path mcpConfig = dir.resolve("mcp.json");
        Files.writeString(mcpConfig, """
                {"mcpServers": {"files": {"command": "%s", "args": ["%s"]}}}"""
                .formatted(McpServers.command("mcp-server-filesystem"), files));
        lmStudioMcp = dir.resolve("lmstudio-mcp.json");
        Files.writeString(lmStudioMcp, """
                {"mcpServers": {"everything": {"command": "%s", "args": ["stdio"]}}}"""
                .formatted(McpServers.command("mcp-server-everything")));
        ServerConfig c = ServerConfig.defaults().withPort(0).withDataDir(dir.resolve("data"));
        c = c.withTools(c.tools().withMcpConfig(mcpConfig).withAgentTools("writer", List.of("files")));
        server = NovaServer.start(c.withLlm(c.llm().withBaseUrl(lm.baseUrl())));
        String key = server.keys().create("ada", Role.ADMIN);
        client = new NovaClient(java.net.URI.create("ws://127.0.0.1:" + server.port() + "/ws"), key);
        model = TestWindow.show(stage, client, mcpConfig, lmStudioMcp);
    }

    @AfterEach
    void stop() throws Exception {
        client.close();
        server.close();
        lm.close();
        TestWindow.delete(dir);
    }

    private void filesConnected() throws Exception {
        waitFor(() -> model.tools().servers().stream().anyMatch(s -> s.name().equals("files") && s.state().equals("connected")));
    }

    /** Turns on the files server's tools for the open thread, through its settings dialog. */
    private void useFiles(FxRobot robot) throws Exception {
        filesConnected();
        robot.clickOn("#thread-settings");
        robot.clickOn("#thread-tool-files");
        robot.clickOn("#save-thread-settings");
        Label summary = robot.lookup("#thread-settings-summary").queryAs(Label.class);
        waitFor(() -> summary.getText().equals("tools: files"));
    }

    /** The model asks to write {@code text} into {@code name}, then answers {@code answer}. */
    private void modelWrites(String callId, String name, String text, String answer) {
        lm.enqueue(Script.stream().toolCall(0, callId, "files__write_file")
                .toolArguments(0, "{\"path\":\"" + files.resolve(name) + "\",")
                .toolArguments(0, "\"content\":\"" + text + "\"}")
                .finish("tool_calls").done().build());
        lm.enqueue(Script.stream().answer(answer));
    }

    /** The id the server gave the one call waiting for the person (its own, not the model's). */
    private String waiting() throws Exception {
        waitFor(() -> model.tools().waiting().size() == 1);
        return model.tools().waiting().keySet().iterator().next();
    }

    private static Optional<Node> shown(FxRobot robot, String query) {
        return robot.lookup(query).tryQuery().filter(n -> n.getScene() != null && n.isVisible());
    }

    private MessageItem answer(FxRobot robot) {
        @SuppressWarnings("unchecked")
        ListView<MessageItem> messages = robot.lookup("#messages").queryAs(ListView.class);
        List<MessageItem> items = messages.getItems();
        return items.isEmpty() ? null : items.get(items.size() - 1);
    }

    private static void send(FxRobot robot, String text) {
        robot.clickOn("#composer").write(text).press(KeyCode.ENTER).release(KeyCode.ENTER);
    }

    @Test
    void aCallThatWritesWaitsOnItsCardUntilAllowedThenRunsAndTheAnswerGoesOn(FxRobot robot) throws Exception {
        useFiles(robot);
        modelWrites("call_1", "note.md", "hello from the model", "I wrote the note.");
        send(robot, "Write me a note");

        String id = waiting();
        waitFor(() -> shown(robot, "#tool-allow-once-" + id).isPresent());
        TitledPane card = robot.lookup("#tool-call-" + id).queryAs(TitledPane.class);
        assertThat(card.getText()).isEqualTo("write_file \u00b7 files  \u00b7  waiting for you");
        assertThat(card.isExpanded()).as("what it wants to do shows before the person decides").isTrue();
        assertThat(robot.lookup("#tool-call-" + id + " .tool-text").queryAs(javafx.scene.control.TextArea.class).getText())
                .contains("note.md", "hello from the model");
        assertThat(model.tools().waitingCount().get()).as("counted for the window's title").isEqualTo(1);
        assertThat(NovaApp.title("Nova", 0, model.tools().waitingCount().get()))
                .isEqualTo("Nova - 1 tool call waits for you");
        assertThat(Files.exists(files.resolve("note.md"))).as("nothing runs before the person decides").isFalse();
        TestWindow.shot(robot, card.getScene(), "tool-call-waiting");

        robot.clickOn("#tool-allow-once-" + id);
        waitFor(() -> Files.exists(files.resolve("note.md")));
        assertThat(Files.readString(files.resolve("note.md"))).isEqualTo("hello from the model");
        waitFor(() -> "I wrote the note.".equals(answer(robot).text().get()) && answer(robot).messageId() != null);
        waitFor(() -> shown(robot, "#tool-call-" + id).map(n -> ((TitledPane) n).getText().contains("done in ")).orElse(false));
        assertThat(shown(robot, "#tool-allow-once-" + id)).as("decided: the buttons are gone").isEmpty();
        assertThat(model.tools().waitingCount().get()).isZero();
        assertThat(answer(robot).toolCalls().get()).singleElement()
                .satisfies(c -> assertThat(c.status()).isEqualTo(ToolCallStatus.SUCCEEDED));
    }

    @Test
    void aDeniedCallDoesNotRunAndTheModelIsToldWhy(FxRobot robot) throws Exception {
        useFiles(robot);
        modelWrites("call_1", "secret.md", "overwrite", "Understood, I left it alone.");
        send(robot, "Tidy my files");

        String id = waiting();
        waitFor(() -> shown(robot, "#tool-deny-" + id).isPresent());
        robot.clickOn("#tool-reason-" + id).write("not my secrets");
        robot.clickOn("#tool-deny-" + id);
        waitFor(() -> "Understood, I left it alone.".equals(answer(robot).text().get()) && answer(robot).messageId() != null);
        waitFor(() -> shown(robot, "#tool-call-" + id).map(n -> ((TitledPane) n).getText().contains("not my secrets"))
                .orElse(false));
        assertThat(Files.exists(files.resolve("secret.md"))).isFalse();
        List<FakeLmStudio.Request> asked = lm.requests().stream().filter(r -> r.path().endsWith("/chat/completions")).toList();
        assertThat(asked).hasSize(2);
        assertThat(asked.get(1).body()).as("the model is told the reason").contains("not my secrets");
    }

    @Test
    void aBoardTaskWhoseAgentAsksForAToolSaysWaitingForYouAndIsApprovedInItsWindow(FxRobot robot) throws Exception {
        filesConnected();
        lm.enqueue(Script.stream().toolCall(0, "call_1", "files__write_file")
                .toolArguments(0, "{\"path\":\"" + files.resolve("essay.md") + "\",\"content\":\"The sea.\"}")
                .finish("tool_calls").done().build());
        lm.enqueue(Script.stream().answer("Written."));
        robot.clickOn("#new-task").write("Write an essay into essay.md").press(KeyCode.ENTER).release(KeyCode.ENTER);
        waitFor(() -> shown(robot, "#column-in_progress .task-card.task-waiting").isPresent());
        assertThat(robot.lookup("#column-in_progress .task-waiting .task-agent").queryAs(Label.class).getText())
                .isEqualTo("writer \u00b7 waiting for you");
        robot.doubleClickOn("#column-in_progress .task-card");
        String id = waiting();
        waitFor(() -> shown(robot, "#tool-allow-once-" + id).isPresent());
        TestWindow.shot(robot, robot.lookup("#tool-allow-once-" + id).query().getScene(), "task-tool-call-waiting");
        assertThat(Files.exists(files.resolve("essay.md"))).isFalse();
        robot.clickOn("#tool-allow-once-" + id);
        waitFor(() -> Files.exists(files.resolve("essay.md")));
        @SuppressWarnings("unchecked")
        ListView<dev.nova.desktop.board.TaskCard> done = robot.lookup("#column-done").queryAs(ListView.class);
        waitFor(() -> done.getItems().stream().anyMatch(t -> "Written.".equals(t.result().get())));
        assertThat(robot.lookup(".task-waiting").tryQuery()).as("nothing waits any more").isEmpty();
    }

    @Test
    void theToolsWindowShowsTheServersSetsAPolicyAndImportsLmStudiosServers(FxRobot robot) throws Exception {
        filesConnected();
        robot.clickOn("#open-tools");
        waitFor(() -> shown(robot, "#tool-server-files").isPresent());
        TitledPane files = robot.lookup("#tool-server-files").queryAs(TitledPane.class);
        waitFor(() -> files.getText().matches("files  \u00b7  stdio  \u00b7  connected, \\d+ tools"));
        robot.clickOn("#tool-server-files");
        waitFor(() -> shown(robot, "#policy-files-read_file").isPresent());
        @SuppressWarnings("unchecked")
        ComboBox<ToolPolicy> writes = robot.lookup("#policy-files-write_file").queryAs(ComboBox.class);
        assertThat(writes.getValue()).as("a tool that writes asks by default").isEqualTo(ToolPolicy.ASK);
        // the first tool (read-only: it runs without asking), made to ask each time, from its box
        @SuppressWarnings("unchecked")
        ComboBox<ToolPolicy> reads = robot.lookup("#policy-files-read_file").queryAs(ComboBox.class);
        assertThat(reads.getValue()).isEqualTo(ToolPolicy.ALLOW);
        robot.clickOn("#policy-files-read_file").type(KeyCode.UP).type(KeyCode.ENTER); // Run without asking -> Ask each time
        waitFor(() -> policyOf("files", "read_file") == ToolPolicy.ASK); // the server's word, not the box's

        robot.clickOn("#import-lmstudio-mcp");
        waitFor(() -> !robot.lookup("#tools-note").queryAs(Label.class).getText().isEmpty());
        assertThat(robot.lookup("#tools-note").queryAs(Label.class).getText())
                .as("imported once: the Enter that picked the policy pressed nothing else")
                .isEqualTo("Added from LM Studio: everything");
        assertThat(Files.readString(dir.resolve("mcp.json"))).contains("\"files\"", "\"everything\"");
        // the server follows its mcp.json: the imported server starts and the window lists it
        waitFor(() -> shown(robot, "#tool-server-everything").map(n -> ((TitledPane) n).getText().contains("connected"))
                .orElse(false));
        TestWindow.shot(robot, robot.lookup("#tool-servers").query().getScene(), "tools-window");
        robot.press(KeyCode.ESCAPE).release(KeyCode.ESCAPE);
        waitFor(() -> Window.getWindows().stream().noneMatch(w -> w instanceof Stage s && "Tools".equals(s.getTitle())));
    }

    private ToolPolicy policyOf(String server, String tool) {
        return model.tools().servers().stream().filter(s -> s.name().equals(server)).map(ToolServer::tools)
                .flatMap(List::stream).filter(t -> t.name().equals(tool)).map(t -> t.policy()).findFirst().orElse(null);
    }
}
