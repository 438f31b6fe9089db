package dev.nova.protocol;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * A tool an MCP server offers, as the MCP servers page lists it.
 *
 * @param name        its name on its server
 * @param description what it does, as the server says
 * @param readOnly    the server says it changes nothing (MCP's {@code readOnlyHint})
 * @param policy      whether it runs without asking: ask, allow, never
 */
public record ToolInfo(
        @JsonProperty("name") String name,
        @JsonProperty("description") String description,
        @JsonProperty("read_only") Boolean readOnly,
        @JsonProperty("policy") ToolPolicy policy) {
    public ToolInfo {
        Check.shortText("name", name, ToolUse.MAX_TOOL);
        if (description != null) {
            Check.text("description", description);
        }
        Check.required("read_only", readOnly);
        Check.required("policy", policy);
    }
}
