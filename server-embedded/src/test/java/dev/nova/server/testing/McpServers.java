package dev.nova.server.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;

/**
 * The real MCP servers from npm the tests talk to ({@code server-embedded/src/test/mcp}, installed
 * with {@code npm ci} by {@code .ci/run}): {@code server-everything} (stdio or Streamable HTTP) and
 * {@code server-filesystem}. Without them the test is skipped, unless {@code NOVA_REQUIRE_MCP=1}
 * ({@code .ci/run} sets it) makes that a failure.
 */
public final class McpServers {
    private McpServers() {}

    /** The installed command {@code name} ({@code mcp-server-everything}, {@code mcp-server-filesystem}). */
    public static Path command(String name) {
        for (Path dir : new Path[] {Path.of("src/test/mcp"), Path.of("../server-embedded/src/test/mcp")}) {
            Path bin = dir.resolve("node_modules/.bin").resolve(name).toAbsolutePath().normalize();
            if (Files.isExecutable(bin)) {
                return bin;
            }
        }
        if ("1".equals(System.getenv("NOVA_REQUIRE_MCP"))) {
            throw new IllegalStateException(name + " is not installed: (cd server-embedded/src/test/mcp && npm ci)");
        }
        Assumptions.abort(name + " is not installed ((cd server-embedded/src/test/mcp && npm ci)): the MCP tests are skipped");
        return null;
    }

    /** A script of ours beside the installed servers, run with their {@code node_modules} (the TypeScript SDK). */
    public static Path script(String name) {
        // the servers' directory: node_modules/.bin/<command> -> node_modules -> the directory
        return command("mcp-server-everything").getParent().getParent().getParent().resolve(name);
    }

    /** Whether {@code node} is there to run them. */
    public static String node() {
        String node = Executables.find("node");
        if (node == null) {
            Assumptions.abort("node is not installed: the MCP tests are skipped");
        }
        return node;
    }
}
