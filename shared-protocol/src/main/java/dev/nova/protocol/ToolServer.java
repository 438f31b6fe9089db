package dev.nova.protocol;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * One MCP server the Nova server is configured with ({@code mcp.json}) and how it is doing.
 *
 * @param name      its name in {@code mcp.json}
 * @param transport {@code stdio} (a command the server runs) or {@code http} (Streamable HTTP)
 * @param state     {@code starting}, {@code connected}, {@code failed} (and restarting), {@code stopped}
 * @param detail    why it failed, or what it is doing
 * @param tools     its tools (none until connected)
 */
public record ToolServer(
        @JsonProperty("name") String name,
        @JsonProperty("transport") String transport,
        @JsonProperty("state") String state,
        @JsonProperty("detail") String detail,
        @JsonProperty("tools") List<ToolInfo> tools) {
    public ToolServer {
        Check.name("name", name);
        Check.name("transport", transport);
        Check.name("state", state);
        Check.optionalNonEmptyText("detail", detail);
        tools = tools == null ? List.of() : List.copyOf(tools);
    }
}
