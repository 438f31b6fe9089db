package dev.nova.server.config;

import java.nio.file.Path;
import java.time.Duration;

/**
 * MCP tools: where the MCP servers are configured ({@code mcp.json}, the format LM Studio and
 * Cursor use), and the bounds of an answer that calls tools.
 *
 * @param mcpConfig      the {@code mcp.json} file ({@code mcp_config}); a missing file is no servers
 * @param maxRounds      rounds of tool calls one answer may make before it is stopped ({@code tool_max_rounds})
 * @param callTimeout    how long one call may run ({@code tool_timeout_s})
 * @param maxResultChars how much of a result the model is given; the rest is cut, and it is told ({@code tool_result_max_chars})
 */
public record ToolSettings(Path mcpConfig, int maxRounds, Duration callTimeout, int maxResultChars) {
    public ToolSettings {
        if (maxRounds < 1) {
            throw new IllegalArgumentException("tool_max_rounds must be at least 1");
        }
        if (callTimeout == null || callTimeout.isNegative() || callTimeout.isZero()) {
            throw new IllegalArgumentException("tool_timeout_s must be positive");
        }
        if (maxResultChars < 100) {
            throw new IllegalArgumentException("tool_result_max_chars must be at least 100");
        }
    }

    public static ToolSettings defaults() {
        return new ToolSettings(ConfigLoader.defaultConfigFile().resolveSibling("mcp.json"), 10, Duration.ofSeconds(60),
                20_000);
    }

    public ToolSettings withMcpConfig(Path file) {
        return new ToolSettings(file, maxRounds, callTimeout, maxResultChars);
    }

    public ToolSettings withBounds(int rounds, Duration timeout, int resultChars) {
        return new ToolSettings(mcpConfig, rounds, timeout, resultChars);
    }
}
