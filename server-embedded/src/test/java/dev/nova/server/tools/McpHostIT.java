package dev.nova.server.tools;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nova.server.config.ToolSettings;
import dev.nova.server.testing.Eventually;
import dev.nova.server.testing.McpServers;
import dev.nova.server.testing.TestServer;
import io.modelcontextprotocol.spec.McpSchema;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Nova as an MCP host, against real MCP servers from npm: stdio and Streamable HTTP. */
class McpHostIT {
    @TempDir
    Path dir;
    McpHost host;
    Process httpServer;

    private static final ToolSettings SETTINGS = ToolSettings.defaults().withBounds(10, Duration.ofSeconds(20), 20_000);

    @AfterEach
    void stop() {
        if (host != null) {
            host.close();
        }
        if (httpServer != null) {
            httpServer.destroyForcibly();
        }
    }

    private McpHost.Server server(String name) {
        return host.servers().stream().filter(s -> s.name().equals(name)).findFirst().orElseThrow();
    }

    private static String text(McpSchema.CallToolResult r) {
        return r.content().stream().filter(c -> c instanceof McpSchema.TextContent).map(c -> ((McpSchema.TextContent) c).text())
                .reduce("", String::concat);
    }

    @Test
    void aStdioServerIsStartedItsToolsListedAndCalled() throws Exception {
        McpServers.node();
        Path files = Files.createDirectories(dir.resolve("files"));
        Files.writeString(files.resolve("todo.md"), "- buy milk\n");
        host = new McpHost(SETTINGS, List.of(
                new McpServerSpec("everything", McpServers.command("mcp-server-everything").toString(), List.of("stdio"),
                        Map.of(), null, null),
                new McpServerSpec("files", McpServers.command("mcp-server-filesystem").toString(),
                        List.of(files.toString()), Map.of(), null, null))).start();
        Eventually.until("both connected", Duration.ofSeconds(60),
                () -> server("everything").connected() && server("files").connected());
        assertThat(server("everything").tools()).extracting(McpSchema.Tool::name).contains("echo", "get-sum");
        McpSchema.Tool read = host.tool("files", "read_text_file").orElseThrow();
        assertThat(read.annotations().readOnlyHint()).isTrue();

        McpSchema.CallToolResult echo = host.call("everything", "echo", Map.of("message", "hello")).get(20, TimeUnit.SECONDS);
        assertThat(text(echo)).contains("hello");
        McpSchema.CallToolResult todo = host.call("files", "read_text_file",
                Map.of("path", files.resolve("todo.md").toString())).get(20, TimeUnit.SECONDS);
        assertThat(text(todo)).contains("buy milk");
        McpSchema.CallToolResult outside = host.call("files", "read_text_file", Map.of("path", "/etc/passwd"))
                .get(20, TimeUnit.SECONDS);
        assertThat(outside.isError()).as("the filesystem server keeps to its folder").isTrue();
    }

    @Test
    void aStreamableHttpServerIsReachedAtItsUrl() throws Exception {
        McpServers.node();
        int port = TestServer.unusedPort();
        ProcessBuilder pb = new ProcessBuilder(McpServers.command("mcp-server-everything").toString(), "streamableHttp")
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD);
        pb.environment().put("PORT", Integer.toString(port));
        httpServer = pb.start();
        host = new McpHost(SETTINGS, List.of(new McpServerSpec("remote", null, null, null,
                "http://127.0.0.1:" + port + "/mcp", Map.of("X-Nova-Test", "1")))).start();
        Eventually.until("connected over HTTP", Duration.ofSeconds(60), () -> server("remote").connected());
        McpSchema.CallToolResult sum = host.call("remote", "get-sum", Map.of("a", 2, "b", 3)).get(20, TimeUnit.SECONDS);
        assertThat(text(sum)).contains("5");
    }

    @Test
    void aServerThatCannotStartIsShownFailedWithTheReasonAndOneThatDiesIsStartedAgain() throws Exception {
        McpServers.node();
        host = new McpHost(SETTINGS, List.of(
                new McpServerSpec("missing", dir.resolve("no-such-program").toString(), List.of(), Map.of(), null, null),
                new McpServerSpec("everything", McpServers.command("mcp-server-everything").toString(), List.of("stdio"),
                        Map.of(), null, null))).start();
        Eventually.until("the missing one failed", Duration.ofSeconds(30), () -> server("missing").state().equals("failed"));
        assertThat(server("missing").detail()).contains("trying again in");
        Eventually.until("connected", Duration.ofSeconds(60), () -> server("everything").connected());

        // kill -9 the server process the host started: a call fails, the server comes back
        ProcessHandle child = ProcessHandle.current().descendants()
                .filter(p -> p.info().commandLine().orElse("").contains("mcp-server-everything"))
                .findFirst().orElseThrow();
        child.destroyForcibly();
        child.onExit().get(10, TimeUnit.SECONDS);
        Eventually.until("noticed and connected again", Duration.ofSeconds(60), () -> {
            if (server("everything").connected()) {
                try {
                    return text(host.call("everything", "echo", Map.of("message", "back")).get(10, TimeUnit.SECONDS))
                            .contains("back");
                } catch (Exception stillDown) {
                    return false;
                }
            }
            return false;
        });
    }

    @Test
    void whenMcpJsonChangesTheServersFollowItWithoutARestart() throws Exception {
        McpServers.node();
        Path config = dir.resolve("mcp.json");
        String everything = McpServers.command("mcp-server-everything").toString();
        Files.writeString(config, "{\"mcpServers\": {\"one\": {\"command\": \"" + everything + "\", \"args\": [\"stdio\"]}}}");
        host = McpHost.fromSettings(SETTINGS.withMcpConfig(config)).start();
        Eventually.until("one connected", Duration.ofSeconds(60), () -> server("one").connected());
        java.util.concurrent.atomic.AtomicInteger changes = new java.util.concurrent.atomic.AtomicInteger();
        host.onChange(changes::incrementAndGet);

        Files.writeString(config, "{\"mcpServers\": {\"two\": {\"command\": \"" + everything + "\", \"args\": [\"stdio\"]}}}");
        Eventually.until("two connected, one gone", Duration.ofSeconds(60), () -> host.names().equals(List.of("two"))
                && server("two").connected());
        assertThat(changes.get()).as("listeners heard of it").isPositive();
        McpSchema.CallToolResult echo = host.call("two", "echo", Map.of("message", "moved")).get(20, TimeUnit.SECONDS);
        assertThat(text(echo)).contains("moved");
        assertThat(host.call("one", "echo", Map.of("message", "x"))).isCompletedExceptionally();
    }
}
