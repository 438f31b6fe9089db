package dev.nova.server.tools;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nova.protocol.FinishReason;
import dev.nova.protocol.ServerMessage;
import dev.nova.protocol.ServerMessage.ChatMessage;
import dev.nova.protocol.ToolCallStatus;
import dev.nova.protocol.ToolPolicy;
import dev.nova.protocol.ToolUse;
import dev.nova.server.config.ServerConfig;
import dev.nova.server.testing.Eventually;
import dev.nova.server.testing.FakeLmStudio;
import dev.nova.server.testing.FakeLmStudio.Script;
import dev.nova.server.testing.McpServers;
import dev.nova.server.testing.TestServer;
import dev.nova.server.testing.WsTestClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The assistant with tools, end to end over the WebSocket: a model stand-in streaming tool calls
 * as LM Studio does, real MCP servers from npm, a person approving or denying from any of their
 * connections, and the calls kept with the answer.
 */
class ToolCallsIT {
    @TempDir
    Path dir;
    Path files;
    FakeLmStudio lm;
    TestServer server;
    String key;

    @BeforeEach
    void setUp() throws Exception {
        McpServers.node();
        files = Files.createDirectories(dir.resolve("files"));
        Files.writeString(files.resolve("todo.md"), "- buy milk\n- call Ada\n");
        Files.createDirectories(dir.resolve("data"));
        Files.writeString(dir.resolve("data").resolve("mcp.json"), """
                {"mcpServers": {
                  "files": {"command": "%s", "args": ["%s"]},
                  "everything": {"command": "%s", "args": ["stdio"]}
                }}""".formatted(McpServers.command("mcp-server-filesystem"), files,
                McpServers.command("mcp-server-everything")));
        lm = new FakeLmStudio();
    }

    @AfterEach
    void tearDown() {
        if (server != null) {
            server.close();
        }
        lm.close();
    }

    private WsTestClient start(UnaryOperator<ServerConfig> tweak) {
        server = TestServer.start(dir.resolve("data"), c -> tweak.apply(TestServer.llm(lm.baseUrl(), Duration.ofSeconds(10))
                .apply(c)));
        key = key == null ? server.key("ann") : key;
        WsTestClient ann = server.login("ann", key);
        Eventually.until("both MCP servers connected", Duration.ofSeconds(60), () -> {
            ann.send("{\"type\":\"tools\",\"data\":{}}");
            ServerMessage.Tools t = (ServerMessage.Tools) ann.nextMatching(e -> e.data() instanceof ServerMessage.Tools).data();
            return t.servers().stream().allMatch(s -> s.state().equals("connected"));
        });
        return ann;
    }

    /** The requests to the model, in order (context lookups left out). */
    private List<FakeLmStudio.Request> completions() {
        return lm.requests().stream().filter(r -> r.path().endsWith("/chat/completions")).toList();
    }

    private static void useTools(WsTestClient c, String thread, String... servers) {
        c.send("{\"type\":\"thread_update\",\"data\":{\"thread_id\":\"" + thread + "\",\"settings\":{\"tools\":[\""
                + String.join("\",\"", servers) + "\"]}}}");
        c.nextMatching(e -> e.data() instanceof ServerMessage.ThreadUpdate);
    }

    private static void ask(WsTestClient c, String thread, String text) {
        c.send("{\"type\":\"chat_message\",\"data\":{\"content\":\"" + text + "\",\"thread_id\":\"" + thread + "\"}}");
    }

    private static ToolUse nextCall(WsTestClient c, ToolCallStatus status) {
        return nextFrame(c, status).call();
    }

    private static ServerMessage.ToolCall nextFrame(WsTestClient c, ToolCallStatus status) {
        return (ServerMessage.ToolCall) c.nextMatching(e -> e.data() instanceof ServerMessage.ToolCall tc
                && tc.call().status() == status, Duration.ofSeconds(30)).data();
    }

    private static ChatMessage answer(WsTestClient c) {
        return (ChatMessage) c.nextMatching(e -> e.data() instanceof ChatMessage m && Boolean.TRUE.equals(m.isFinal()),
                Duration.ofSeconds(60)).data();
    }

    private static void decide(WsTestClient c, String callId, String decision, String reason) {
        c.send("{\"type\":\"tool_approval\",\"data\":{\"call_id\":\"" + callId + "\",\"decision\":\"" + decision + "\""
                + (reason == null ? "" : ",\"reason\":\"" + reason + "\"") + "}}");
    }

    private void setPolicy(WsTestClient c, String tool, ToolPolicy policy) {
        c.send("{\"type\":\"tool_policy\",\"data\":{\"server\":\"files\",\"tool\":\"" + tool + "\",\"policy\":\""
                + policy.wire() + "\"}}");
        c.nextMatching(e -> e.data() instanceof ServerMessage.Tools);
    }

    /** The model asks to read the todo file (arguments split across events), then answers with what it read. */
    private void readsTheTodoFile() {
        lm.enqueue(Script.stream().toolCall(0, "call_1", "files__read_text_file")
                .toolArguments(0, "{\"path\":\"").toolArguments(0, files.resolve("todo.md") + "\"}")
                .finish("tool_calls").done().build());
        lm.enqueue(Script.stream().answer("Your list says: ", "buy milk."));
    }

    @Test
    void aCallWaitsForTheApprovalRunsAndTheResultReachesTheModelAndIsStoredWithTheAnswer() {
        try (WsTestClient ann = start(UnaryOperator.identity())) {
            setPolicy(ann, "read_text_file", ToolPolicy.ASK);
            useTools(ann, "t-1", "files");
            readsTheTodoFile();
            ask(ann, "t-1", "What is on my todo list?");
            ToolUse waiting = nextCall(ann, ToolCallStatus.PENDING_APPROVAL);
            assertThat(waiting.server()).isEqualTo("files");
            assertThat(waiting.tool()).isEqualTo("read_text_file");
            assertThat(waiting.arguments()).contains("todo.md");
            assertThat(completions()).as("nothing runs before the person decides").hasSize(1);
            assertThat(completions().get(0).body()).contains("\"tools\"", "files__read_text_file");

            decide(ann, waiting.callId(), "allow_once", null);
            ToolUse done = nextCall(ann, ToolCallStatus.SUCCEEDED);
            assertThat(done.result()).contains("buy milk");
            ChatMessage a = answer(ann);
            assertThat(a.content()).isEqualTo("Your list says: buy milk.");
            assertThat(a.toolCalls()).singleElement().satisfies(u -> {
                assertThat(u.status()).isEqualTo(ToolCallStatus.SUCCEEDED);
                assertThat(u.durationMs()).isNotNull();
            });
            String second = completions().get(1).body();
            assertThat(second).contains("\"tool_call_id\":\"call_1\"", "buy milk", "\"tool_calls\"");

            ann.send("{\"type\":\"history\",\"data\":{\"thread_id\":\"t-1\"}}");
            List<ChatMessage> kept = ann.nextMatching(e -> e.data() instanceof ServerMessage.History)
                    .data() instanceof ServerMessage.History h ? h.messages() : List.of();
            assertThat(kept.get(kept.size() - 1).toolCalls()).extracting(ToolUse::tool).containsExactly("read_text_file");

            String metrics = metrics();
            assertThat(metrics).containsPattern(
                    "nova_tool_calls_total\\{outcome=\"succeeded\",tool=\"files/read_text_file\"} 1(\\.0)?\n");
            assertThat(metrics).containsPattern(
                    "nova_tool_call_duration_seconds_count\\{outcome=\"succeeded\",tool=\"files/read_text_file\"} 1\n");
        }
    }

    @Test
    void anAgentGivenToolsByTheConfigCallsThemForItsTaskAndTheTasksCreatorApproves() throws Exception {
        try (WsTestClient ann = start(c -> c.withTools(c.tools().withAgentTools("writer", List.of("files"))))) {
            ann.send("{\"type\":\"subscribe\",\"data\":{\"channel\":\"tasks\"}}");
            ann.nextMatching(e -> e.data() instanceof ServerMessage.SubscriptionSuccess);
            lm.enqueue(Script.stream().toolCall(0, "call_w", "files__write_file")
                    .toolArguments(0, "{\"path\":\"" + files.resolve("essay.md") + "\",\"content\":\"The sea.\"}")
                    .finish("tool_calls").done().build());
            lm.enqueue(Script.stream().answer("Written to essay.md."));
            ann.send("{\"type\":\"create_task\",\"data\":{\"task_type\":\"write\",\"content\":\"Write an essay into essay.md\"}}");
            ServerMessage.ToolCall waiting = nextFrame(ann, ToolCallStatus.PENDING_APPROVAL);
            assertThat(waiting.taskId()).as("the call belongs to the task").isNotNull();
            assertThat(waiting.requestId()).isEqualTo("task-" + waiting.taskId());
            assertThat(waiting.call().tool()).isEqualTo("write_file");
            assertThat(Files.exists(files.resolve("essay.md"))).as("nothing written before the creator decides").isFalse();
            assertThat(completions().get(0).body()).contains("\"tools\"", "files__write_file");

            decide(ann, waiting.call().callId(), "allow_once", null);
            assertThat(nextFrame(ann, ToolCallStatus.SUCCEEDED).taskId()).isEqualTo(waiting.taskId());
            ServerMessage.TaskUpdate done = (ServerMessage.TaskUpdate) ann.nextMatching(e -> e.data()
                    instanceof ServerMessage.TaskUpdate u && u.taskId().equals(waiting.taskId()) && u.status().isClosed(),
                    Duration.ofSeconds(30)).data();
            assertThat(done.status()).isEqualTo(dev.nova.protocol.TaskStatus.COMPLETED);
            assertThat(done.agentId()).isEqualTo("writer");
            assertThat(done.result()).isEqualTo("Written to essay.md.");
            assertThat(Files.readString(files.resolve("essay.md"))).isEqualTo("The sea.");
            assertThat(completions().get(1).body()).contains("\"tool_call_id\":\"call_w\"");
            assertThat(done.toolCalls()).as("kept with the task").singleElement().satisfies(u -> {
                assertThat(u.tool()).isEqualTo("write_file");
                assertThat(u.status()).isEqualTo(ToolCallStatus.SUCCEEDED);
            });
        }
        server.close();
        server = null;
        try (WsTestClient ann = start(UnaryOperator.identity())) {
            // after a restart the board still shows what the agent called
            ann.send("{\"type\":\"subscribe\",\"data\":{\"channel\":\"tasks\"}}");
            ServerMessage.TaskUpdate kept = (ServerMessage.TaskUpdate) ann.nextMatching(e -> e.data()
                    instanceof ServerMessage.TaskUpdate u && u.status() == dev.nova.protocol.TaskStatus.COMPLETED).data();
            assertThat(kept.toolCalls()).extracting(ToolUse::tool).containsExactly("write_file");
        }
    }

    @Test
    void anAgentWithoutToolsInTheConfigIsOfferedNone() {
        try (WsTestClient ann = start(UnaryOperator.identity())) {
            lm.enqueue(Script.stream().answer("Done without tools."));
            ann.send("{\"type\":\"subscribe\",\"data\":{\"channel\":\"tasks\"}}");
            ann.nextMatching(e -> e.data() instanceof ServerMessage.SubscriptionSuccess);
            ann.send("{\"type\":\"create_task\",\"data\":{\"task_type\":\"write\",\"content\":\"Write an essay\"}}");
            ann.nextMatching(e -> e.data() instanceof ServerMessage.TaskUpdate u && u.status().isClosed(), Duration.ofSeconds(30));
            assertThat(completions().get(0).body()).doesNotContain("\"tools\"");
        }
    }

    /** What {@code GET /metrics} says now. */
    private String metrics() {
        try {
            return java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                    java.net.URI.create("http://localhost:" + server.server().port() + "/metrics")).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString()).body();
        } catch (Exception e) {
            throw new AssertionError("GET /metrics failed", e);
        }
    }

    @Test
    void aDenialWithAReasonIsToldToTheModelAndAlwaysAllowIsRememberedAcrossARestart() {
        try (WsTestClient ann = start(UnaryOperator.identity())) {
            setPolicy(ann, "read_text_file", ToolPolicy.ASK);
            useTools(ann, "t-1", "files");
            readsTheTodoFile();
            ask(ann, "t-1", "What is on my todo list?");
            decide(ann, nextCall(ann, ToolCallStatus.PENDING_APPROVAL).callId(), "deny", "Not that file, please");
            assertThat(nextCall(ann, ToolCallStatus.DENIED).error()).contains("Not that file, please");
            assertThat(answer(ann).toolCalls()).extracting(ToolUse::status).containsExactly(ToolCallStatus.DENIED);
            assertThat(completions().get(1).body()).contains("did not allow this call", "Not that file, please")
                    .doesNotContain("buy milk");
            assertThat(metrics()).as("a denied call is counted; it never ran, so it has no duration")
                    .containsPattern("nova_tool_calls_total\\{outcome=\"denied\",tool=\"files/read_text_file\"} 1(\\.0)?\n")
                    .doesNotContain("nova_tool_call_duration_seconds_count{outcome=\"denied\"");

            readsTheTodoFile();
            ask(ann, "t-1", "Please read it, then.");
            decide(ann, nextCall(ann, ToolCallStatus.PENDING_APPROVAL).callId(), "allow_always", null);
            nextCall(ann, ToolCallStatus.SUCCEEDED);
            answer(ann);
        }
        server.close();
        server = null;
        try (WsTestClient ann = start(UnaryOperator.identity())) {
            readsTheTodoFile();
            ask(ann, "t-1", "And once more?");
            ToolUse ran = nextCall(ann, ToolCallStatus.SUCCEEDED);
            assertThat(ran.tool()).isEqualTo("read_text_file");
            assertThat(answer(ann).toolCalls()).extracting(ToolUse::status).containsExactly(ToolCallStatus.SUCCEEDED);
            ann.send("{\"type\":\"tools\",\"data\":{}}");
            ServerMessage.Tools t = (ServerMessage.Tools) ann.nextMatching(e -> e.data() instanceof ServerMessage.Tools).data();
            assertThat(t.servers().stream().filter(s -> s.name().equals("files")).findFirst().orElseThrow().tools())
                    .filteredOn(i -> i.name().equals("read_text_file")).singleElement()
                    .satisfies(i -> assertThat(i.policy()).isEqualTo(ToolPolicy.ALLOW));
        }
    }

    @Test
    void anotherConnectionOfThePersonMayDecideAndOneThatComesBackSeesTheCallStillWaiting() {
        try (WsTestClient ann = start(UnaryOperator.identity())) {
            setPolicy(ann, "read_text_file", ToolPolicy.ASK);
            useTools(ann, "t-1", "files");
            WsTestClient phone = server.login("ann", key);
            readsTheTodoFile();
            ask(ann, "t-1", "What is on my todo list?");
            String callId = nextCall(ann, ToolCallStatus.PENDING_APPROVAL).callId();
            assertThat(nextCall(phone, ToolCallStatus.PENDING_APPROVAL).callId()).isEqualTo(callId);
            phone.close();
            try (WsTestClient back = server.login("ann", key); WsTestClient bob = server.login("bob")) {
                assertThat(nextCall(back, ToolCallStatus.PENDING_APPROVAL).callId()).as("shown again").isEqualTo(callId);
                decide(bob, callId, "allow_once", null);
                assertThat(bob.next(ServerMessage.Error.class).message()).contains("only ann");
                decide(back, callId, "allow_once", null);
                assertThat(nextCall(ann, ToolCallStatus.SUCCEEDED).callId()).isEqualTo(callId);
                decide(back, callId, "deny", null);
                assertThat(back.nextMatching(e -> e.data() instanceof ServerMessage.Error).data().toString())
                        .contains("decided already");
            }
            assertThat(answer(ann).content()).contains("buy milk");
        }
    }

    @Test
    void parallelCallsOfOneRoundAllRunAndTheModelGetsEachResult() {
        try (WsTestClient ann = start(UnaryOperator.identity())) {
            useTools(ann, "t-2", "everything");
            lm.enqueue(Script.stream().toolCall(0, "call_a", "everything__echo").toolCall(1, "call_b", "everything__get-sum")
                    .toolArguments(0, "{\"message\":").toolArguments(1, "{\"a\":40,").toolArguments(0, "\"ping\"}")
                    .toolArguments(1, "\"b\":2}").finish("tool_calls").done().build());
            lm.enqueue(Script.stream().answer("Echo said ping, and the sum is 42."));
            ask(ann, "t-2", "Echo ping and add 40 and 2.");
            ChatMessage a = answer(ann);
            assertThat(a.toolCalls()).extracting(ToolUse::tool).containsExactly("echo", "get-sum");
            assertThat(a.toolCalls()).as(a.toolCalls().toString()).extracting(ToolUse::status)
                    .containsOnly(ToolCallStatus.SUCCEEDED);
            assertThat(completions().get(1).body()).contains("\"tool_call_id\":\"call_a\"", "\"tool_call_id\":\"call_b\"",
                    "ping", "42");
        }
    }

    @Test
    void aHugeResultIsCutWithANoteTheModelSeesAndTheRoundsAreBounded() throws Exception {
        Files.writeString(files.resolve("big.txt"), "x".repeat(5000));
        try (WsTestClient ann = start(c -> c.withTools(c.tools().withBounds(2, Duration.ofSeconds(20), 300)))) {
            useTools(ann, "t-3", "files");
            lm.enqueue(Script.stream().toolCall(0, "call_1", "files__read_text_file")
                    .toolArguments(0, "{\"path\":\"" + files.resolve("big.txt") + "\"}").finish("tool_calls").done().build());
            lm.enqueue(Script.stream().toolCall(0, "call_2", "files__read_text_file")
                    .toolArguments(0, "{\"path\":\"" + files.resolve("todo.md") + "\"}").finish("tool_calls").done().build());
            // a stubborn model: asked without tools after two rounds, it still wants one
            lm.enqueue(Script.stream().toolCall(0, "call_3", "files__read_text_file")
                    .toolArguments(0, "{\"path\":\"x\"}").finish("tool_calls").done().build());
            ask(ann, "t-3", "Read everything.");
            ChatMessage a = answer(ann);
            assertThat(a.content()).contains("Stopped after 2 rounds of tool calls");
            assertThat(a.toolCalls()).hasSize(2);
            assertThat(completions()).hasSize(3);
            assertThat(completions().get(1).body()).contains("The result was cut here: 4700 more characters")
                    .doesNotContain("x".repeat(400));
            assertThat(completions().get(2).body()).as("the last request offers no tools").doesNotContain("\"tools\"");
        }
    }

    @Test
    void aToolThatHangsTimesOutAndTheAnswerGoesOn() {
        try (WsTestClient ann = start(c -> c.withTools(c.tools().withBounds(10, Duration.ofSeconds(2), 20_000)))) {
            useTools(ann, "t-4", "everything");
            ann.send("{\"type\":\"tool_policy\",\"data\":{\"server\":\"everything\",\"tool\":\"trigger-long-running-operation\","
                    + "\"policy\":\"allow\"}}");
            ann.nextMatching(e -> e.data() instanceof ServerMessage.Tools);
            lm.enqueue(Script.stream().toolCall(0, "call_1", "everything__trigger-long-running-operation")
                    .toolArguments(0, "{\"duration\":30,\"steps\":3}").finish("tool_calls").done().build());
            lm.enqueue(Script.stream().answer("That took too long; let us try another way."));
            ask(ann, "t-4", "Run the long operation.");
            assertThat(nextCall(ann, ToolCallStatus.FAILED).error()).contains("did not finish within 2 s");
            assertThat(answer(ann).content()).contains("another way");
            assertThat(completions().get(1).body()).contains("The tool failed");
        }
    }

    @Test
    void anMcpServerKilledMidCallFailsTheCallClearlyTheAnswerGoesOnAndTheServerComesBack() throws Exception {
        try (WsTestClient ann = start(UnaryOperator.identity())) {
            useTools(ann, "t-5", "everything");
            ann.send("{\"type\":\"tool_policy\",\"data\":{\"server\":\"everything\",\"tool\":\"trigger-long-running-operation\","
                    + "\"policy\":\"allow\"}}");
            ann.nextMatching(e -> e.data() instanceof ServerMessage.Tools);
            lm.enqueue(Script.stream().toolCall(0, "call_1", "everything__trigger-long-running-operation")
                    .toolArguments(0, "{\"duration\":20,\"steps\":4}").finish("tool_calls").done().build());
            lm.enqueue(Script.stream().answer("The tool broke; sorry."));
            ask(ann, "t-5", "Run the long operation.");
            nextCall(ann, ToolCallStatus.RUNNING);
            ProcessHandle child = ProcessHandle.current().descendants()
                    .filter(p -> p.info().commandLine().orElse("").contains("mcp-server-everything")).findFirst()
                    .orElseThrow();
            child.destroyForcibly();
            child.onExit().get(10, TimeUnit.SECONDS);
            assertThat(nextCall(ann, ToolCallStatus.FAILED).error()).isNotBlank();
            ChatMessage a = answer(ann);
            assertThat(a.finishReason()).isEqualTo(FinishReason.STOP);
            assertThat(a.content()).contains("broke");
            Eventually.until("started again", Duration.ofSeconds(60), () -> {
                ann.send("{\"type\":\"tools\",\"data\":{}}");
                ServerMessage.Tools t = (ServerMessage.Tools) ann.nextMatching(e -> e.data() instanceof ServerMessage.Tools)
                        .data();
                return t.servers().stream().allMatch(s -> s.state().equals("connected"));
            });
        }
    }

    @Test
    void stopWhileACallWaitsForApprovalEndsTheAnswerAndGivesTheCallUp() {
        try (WsTestClient ann = start(UnaryOperator.identity())) {
            setPolicy(ann, "read_text_file", ToolPolicy.ASK);
            useTools(ann, "t-6", "files");
            readsTheTodoFile();
            ask(ann, "t-6", "What is on my todo list?");
            ServerMessage.ToolCall shown = nextFrame(ann, ToolCallStatus.PENDING_APPROVAL);
            ToolUse waiting = shown.call();
            assertThat(shown.threadId()).isEqualTo("t-6");
            ann.send("{\"type\":\"llm_cancel\",\"data\":{\"request_id\":\"" + shown.requestId() + "\"}}");
            assertThat(nextCall(ann, ToolCallStatus.DENIED).error()).contains("stopped");
            ChatMessage a = answer(ann);
            assertThat(a.finishReason()).isEqualTo(FinishReason.CANCELLED);
            assertThat(a.toolCalls()).extracting(ToolUse::callId).containsExactly(waiting.callId());
            assertThat(completions()).as("the model was not asked again").hasSize(1);
        }
    }

    @Test
    void aModelLmStudioSaysIsNotTrainedForToolUseGetsAClearMessageNotASilentFailure() {
        // the documented model list: the loaded model (which answers by default) is not trained for tool use
        lm.serve("/api/v1/models", dev.nova.server.testing.LmStudioDocs.V1_MODELS);
        try (WsTestClient ann = start(UnaryOperator.identity())) {
            useTools(ann, "t-7", "files");
            ask(ann, "t-7", "What is on my todo list?");
            ChatMessage a = answer(ann);
            assertThat(a.finishReason()).isEqualTo(FinishReason.ERROR);
            assertThat(a.error()).contains("not trained for tool use", "turn the thread's tools off");
            assertThat(completions()).as("the model is not asked with tools it cannot use").isEmpty();

            ann.send("{\"type\":\"thread_update\",\"data\":{\"thread_id\":\"t-7\",\"settings\":{\"tools\":[]}}}");
            ann.nextMatching(e -> e.data() instanceof ServerMessage.ThreadUpdate);
            lm.enqueue(Script.stream().answer("Without tools, I cannot see it."));
            ask(ann, "t-7", "What is on my todo list?");
            assertThat(answer(ann).finishReason()).as("with the tools off it answers").isEqualTo(FinishReason.STOP);
            assertThat(completions()).singleElement().satisfies(r -> assertThat(r.body()).doesNotContain("\"tools\""));
        }
    }

    @Test
    void whoeverAskedForTheToolsHearsWhenTheServersChange() throws Exception {
        try (WsTestClient ann = start(UnaryOperator.identity())) {
            Files.writeString(dir.resolve("data").resolve("mcp.json"), """
                    {"mcpServers": {"files": {"command": "%s", "args": ["%s"]}}}"""
                    .formatted(McpServers.command("mcp-server-filesystem"), files));
            ServerMessage.Tools now = (ServerMessage.Tools) ann.nextMatching(e -> e.data() instanceof ServerMessage.Tools t
                    && t.servers().size() == 1, Duration.ofSeconds(30)).data();
            assertThat(now.servers()).extracting(dev.nova.protocol.ToolServer::name).containsExactly("files");
        }
    }
}
