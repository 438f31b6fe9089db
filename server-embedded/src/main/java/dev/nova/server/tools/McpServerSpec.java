package dev.nova.server.tools;

import java.util.List;
import java.util.Map;

/**
 * One MCP server as {@code mcp.json} gives it: a command Nova starts and speaks to over stdio
 * ({@code command}, {@code args}, {@code env}), or a Streamable HTTP endpoint ({@code url},
 * {@code headers}).
 */
public record McpServerSpec(String name, String command, List<String> args, Map<String, String> env, String url,
                            Map<String, String> headers) {
    public McpServerSpec {
        args = args == null ? List.of() : List.copyOf(args);
        env = env == null ? Map.of() : Map.copyOf(env);
        headers = headers == null ? Map.of() : Map.copyOf(headers);
    }

    /** {@code stdio} or {@code http}. */
    public String transport() {
        return url != null ? "http" : "stdio";
    }
}
