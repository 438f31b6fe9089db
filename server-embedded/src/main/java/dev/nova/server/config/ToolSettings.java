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
 * @param agentTools     the MCP servers each built-in agent may use, by its kind ({@code researcher_tools},
 *                       {@code writer_tools}); none by default
 */
public record ToolSettings(Path mcpConfig, int maxRounds, Duration callTimeout, int maxResultChars,
                           java.util.Map<String, java.util.List<String>> agentTools) {
    public ToolSettings {
        agentTools = agentTools == null ? java.util.Map.of() : java.util.Map.copyOf(agentTools);
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
                20_000, java.util.Map.of());
    }

    public ToolSettings withMcpConfig(Path file) {
        return new ToolSettings(file, maxRounds, callTimeout, maxResultChars, agentTools);
    }

    public ToolSettings withBounds(int rounds, Duration timeout, int resultChars) {
        return new ToolSettings(mcpConfig, rounds, timeout, resultChars, agentTools);
    }

    /** With the MCP servers built-in agent {@code kind} ({@code researcher}, {@code writer}) may use. */
    public ToolSettings withAgentTools(String kind, java.util.List<String> servers) {
        java.util.Map<String, java.util.List<String>> all = new java.util.HashMap<>(agentTools);
        all.put(kind, java.util.List.copyOf(servers));
        return new ToolSettings(mcpConfig, maxRounds, callTimeout, maxResultChars, all);
    }

    /** The MCP servers built-in agent {@code kind} may use (none: empty). */
    public java.util.List<String> agentTools(String kind) {
        return agentTools.getOrDefault(kind, java.util.List.of());
    }
}
