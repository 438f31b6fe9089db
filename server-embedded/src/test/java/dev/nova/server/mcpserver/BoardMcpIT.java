package dev.nova.server.mcpserver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.nova.protocol.ServerMessage;
import dev.nova.protocol.TaskStatus;
import dev.nova.server.identity.Role;
import dev.nova.server.testing.BoardMcp;
import dev.nova.server.testing.FakeLmStudio;
import dev.nova.server.testing.McpServers;
import dev.nova.server.testing.TestServer;
import dev.nova.server.testing.WsTestClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.spec.McpSchema;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Nova's board as an MCP server ({@code /mcp}), worked by real MCP clients - the official Java
 * SDK's and, as an outside host would, the TypeScript SDK's - while desktops watch over the
 * WebSocket: what a tool does reaches them live.
 */
class BoardMcpIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;
    TestServer server;
    final List<McpSyncClient> clients = new java.util.ArrayList<>();

    @BeforeEach
    void setUp() {
        server = TestServer.start(dir);
    }

    @AfterEach
    void tearDown() {
        clients.forEach(McpSyncClient::closeGracefully);
        server.close();
    }

    private String url() {
        return "http://127.0.0.1:" + server.server().port();
    }

    private McpSyncClient client(String key) {
        McpSyncClient c = BoardMcp.connect(server, key);
        clients.add(c);
        return c;
    }

    private static JsonNode call(McpSyncClient c, String tool, Map<String, Object> args) {
        McpSchema.CallToolResult r = c.callTool(new McpSchema.CallToolRequest(tool, args));
        String text = ((McpSchema.TextContent) r.content().get(0)).text();
        assertThat(r.isError()).as("%s answered: %s", tool, text).isFalse();
        try {
            return JSON.readTree(text);
        } catch (Exception e) {
            throw new AssertionError(tool + " did not answer JSON: " + text, e);
        }
    }

    private static String refusal(McpSyncClient c, String tool, Map<String, Object> args) {
        McpSchema.CallToolResult r = c.callTool(new McpSchema.CallToolRequest(tool, args));
        assertThat(r.isError()).as("%s is refused", tool).isTrue();
        return ((McpSchema.TextContent) r.content().get(0)).text();
    }

    private static WsTestClient watching(WsTestClient c, String channel) {
        c.send("{\"type\":\"subscribe\",\"data\":{\"channel\":\"" + channel + "\"}}");
        c.nextMatching(e -> e.data() instanceof ServerMessage.SubscriptionSuccess);
        return c;
    }

    @Test
    void theJavaSdkClientListsTheToolsAndATaskItCreatesIsOnEveryWatchersBoardAtOnce() {
        try (WsTestClient bob = watching(server.login("bob"), "tasks")) {
            McpSyncClient ann = client(server.key("ann"));
            assertThat(ann.listTools().tools()).extracting(McpSchema.Tool::name).containsExactlyInAnyOrder(
                    "list_tasks", "create_task", "update_task", "post_message", "read_messages", "list_agents");
            assertThat(ann.listTools().tools()).filteredOn(t -> t.name().equals("list_tasks")).singleElement()
                    .satisfies(t -> assertThat(t.annotations().readOnlyHint()).isTrue());

            JsonNode task = call(ann, "create_task", Map.of("content", "Summarise the Q3 notes", "title", "Q3 summary"));
            assertThat(task.path("status").asText()).isEqualTo("created");
            String id = task.path("task_id").asText();
            ServerMessage.TaskUpdate seen = (ServerMessage.TaskUpdate) bob.nextMatching(e ->
                    e.data() instanceof ServerMessage.TaskUpdate u && u.taskId().equals(id)).data();
            assertThat(seen.title()).isEqualTo("Q3 summary");

            JsonNode board = call(ann, "list_tasks", Map.of());
            assertThat(board.path("tasks").findValuesAsText("task_id")).contains(id);
            assertThat(call(ann, "list_agents", Map.of()).path("agents").findValuesAsText("agent_id"))
                    .contains("researcher", "writer");
        }
    }

    @Test
    void anAgentKeyTakesItsTaskReportsProgressLiveAndCompletesIt() {
        try (WsTestClient bob = watching(watching(server.login("bob"), "tasks"), "agent-status")) {
            McpSyncClient agent = client(server.key("scout", Role.AGENT));
            JsonNode task = call(agent, "create_task", Map.of("content", "Crawl the docs", "take", true));
            String id = task.path("task_id").asText();
            assertThat(task.path("status").asText()).isEqualTo("in_progress");
            assertThat(task.path("agent_id").asText()).isEqualTo("scout");

            call(agent, "update_task", Map.of("task_id", id, "progress", "read 12 of 40 pages"));
            ServerMessage.AgentAction progress = (ServerMessage.AgentAction) bob.nextMatching(e ->
                    e.data() instanceof ServerMessage.AgentAction a && a.action().equals("progress")).data();
            assertThat(progress.agentId()).isEqualTo("scout");
            assertThat(progress.detail()).isEqualTo("read 12 of 40 pages");

            JsonNode done = call(agent, "update_task", Map.of("task_id", id, "status", "completed", "result", "40 pages"));
            assertThat(done.path("status").asText()).isEqualTo("completed");
            bob.nextMatching(e -> e.data() instanceof ServerMessage.TaskUpdate u && u.taskId().equals(id)
                    && u.status() == TaskStatus.COMPLETED && "40 pages".equals(u.result()));

            McpSyncClient other = client(server.key("rival", Role.AGENT));
            assertThat(refusal(other, "update_task", Map.of("task_id", id, "status", "failed")))
                    .contains("not yours");
        }
    }

    @Test
    void aUserKeyCannotActAsAnAgentButCancelsWhatItCreated() throws Exception {
        // the built-in writer takes the task and works on it (its model never answers), so it stays open
        server.close();
        try (FakeLmStudio lm = new FakeLmStudio().always(FakeLmStudio.Script.hangBeforeHeaders())) {
            server = TestServer.start(dir, TestServer.llm(lm.baseUrl(), Duration.ofSeconds(30)));
            aUserKeyCannotActAsAnAgent();
        }
    }

    private void aUserKeyCannotActAsAnAgent() {
        McpSyncClient ann = client(server.key("ann"));
        String id = call(ann, "create_task", Map.of("content", "Draft the memo", "task_type", "write"))
                .path("task_id").asText();
        assertThat(refusal(ann, "update_task", Map.of("task_id", id, "status", "in_progress")))
                .contains("only an agent key");
        assertThat(refusal(ann, "create_task", Map.of("content", "mine", "take", true))).contains("only an agent key");
        McpSyncClient bob = client(server.key("bob"));
        assertThat(refusal(bob, "update_task", Map.of("task_id", id, "status", "cancelled")))
                .contains("only its creator or an admin");
        JsonNode cancelled = call(ann, "update_task", Map.of("task_id", id, "status", "cancelled"));
        assertThat(cancelled.path("status").asText()).isEqualTo("cancelled");
        assertThat(refusal(ann, "update_task", Map.of("task_id", "task-nope", "status", "cancelled")))
                .contains("no task 'task-nope'");
        assertThat(refusal(ann, "list_tasks", Map.of("limit", "many"))).contains("limit", "integer");
        assertThat(refusal(ann, "create_task", Map.of("title", "no content"))).contains("content", "required");
    }

    @Test
    void messagesPostedReachTheChannelsSubscribersAndPrivateChannelsStayPrivate() {
        try (WsTestClient bob = watching(server.login("bob"), "general")) {
            McpSyncClient ann = client(server.key("ann"));
            JsonNode posted = call(ann, "post_message", Map.of("channel", "general", "content", "Standup in 5"));
            assertThat(posted.path("sender").asText()).isEqualTo("ann");
            ServerMessage.ChatMessage m = (ServerMessage.ChatMessage) bob.nextMatching(e ->
                    e.data() instanceof ServerMessage.ChatMessage c && "Standup in 5".equals(c.content())).data();
            assertThat(m.sender()).isEqualTo("ann");

            bob.send("{\"type\":\"chat_message\",\"channel\":\"general\",\"data\":{\"content\":\"On my way\"}}");
            bob.nextMatching(e -> e.data() instanceof ServerMessage.ChatMessage c && "On my way".equals(c.content()));
            JsonNode read = call(ann, "read_messages", Map.of("channel", "general", "limit", 10));
            assertThat(read.path("messages").findValuesAsText("content")).containsExactly("Standup in 5", "On my way");

            assertThat(refusal(ann, "read_messages", Map.of("channel", "private:board"))).contains("private");
            assertThat(refusal(ann, "post_message", Map.of("channel", "tasks", "content", "hi"))).contains("live channel");
        }
    }

    @Test
    void aMissingOrWrongKeyGets401AndABrokenBodyAClearErrorNeverAStackTrace() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        String init = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"protocolVersion\":"
                + "\"2025-06-18\",\"capabilities\":{},\"clientInfo\":{\"name\":\"t\",\"version\":\"1\"}}}";
        HttpResponse<String> none = http.send(post(init, null), HttpResponse.BodyHandlers.ofString());
        assertThat(none.statusCode()).isEqualTo(401);
        assertThat(none.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(v -> assertThat(v).startsWith("Bearer"));
        HttpResponse<String> wrong = http.send(post(init, "nova_not-a-key"), HttpResponse.BodyHandlers.ofString());
        assertThat(wrong.statusCode()).isEqualTo(401);
        assertThat(wrong.body()).contains("invalid_token");
        assertThatThrownBy(() -> client("nova_not-a-key")).as("the SDK client is refused too").isNotNull();

        String key = server.key("ann");
        String revoked = server.key("gone");
        server.server().revokeKey("gone");
        assertThat(http.send(post(init, revoked), HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(401);

        HttpResponse<String> broken = http.send(post("{\"jsonrpc\": \"2.0\", nope", key), HttpResponse.BodyHandlers.ofString());
        assertThat(broken.statusCode()).isBetween(400, 499);
        assertThat(broken.body()).doesNotContain("Exception", "at io.", "at dev.");
        HttpResponse<String> ok = http.send(post(init, key), HttpResponse.BodyHandlers.ofString());
        assertThat(ok.statusCode()).isEqualTo(200);
        assertThat(ok.body()).contains("\"name\":\"nova\"");
    }

    @Test
    void theTypeScriptSdkAsAnOutsideHostCreatesATaskThatASubscriberSees() throws Exception {
        String node = McpServers.node();
        Path script = McpServers.script("board-client.mjs");
        try (WsTestClient bob = watching(server.login("bob"), "tasks")) {
            Process p = new ProcessBuilder(node, script.toString(), url() + "/mcp", server.key("claude", Role.USER),
                    "create_task", "{\"content\":\"Review the release notes\",\"title\":\"From Claude\"}")
                    .redirectErrorStream(true).start();
            assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("the TypeScript client finished").isTrue();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            String last = out.lines().reduce((a, b) -> b).orElse("");
            JsonNode answer = JSON.readTree(last);
            assertThat(answer.has("error")).as(out).isFalse();
            assertThat(answer.path("tools").toString()).contains("create_task", "post_message");
            JsonNode result = answer.path("result");
            assertThat(result.path("isError").asBoolean()).isFalse();
            JsonNode task = JSON.readTree(result.path("content").get(0).path("text").asText());
            String id = task.path("task_id").asText();
            ServerMessage.TaskUpdate seen = (ServerMessage.TaskUpdate) bob.nextMatching(e ->
                    e.data() instanceof ServerMessage.TaskUpdate u && u.taskId().equals(id)).data();
            assertThat(seen.title()).isEqualTo("From Claude");

            Process refused = new ProcessBuilder(node, script.toString(), url() + "/mcp", "nova_wrong", "list_tasks", "{}")
                    .redirectErrorStream(true).start();
            assertThat(refused.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(refused.exitValue()).isEqualTo(1);
            assertThat(new String(refused.getInputStream().readAllBytes(), StandardCharsets.UTF_8)).contains("invalid_token");
        }
    }

    private HttpRequest post(String body, String key) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url() + "/mcp"))
                .header("Content-Type", "application/json").header("Accept", "application/json, text/event-stream")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (key != null) {
            b.header("Authorization", "Bearer " + key);
        }
        return b.build();
    }
}
