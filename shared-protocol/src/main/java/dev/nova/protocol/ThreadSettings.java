package dev.nova.protocol;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * How the assistant answers in one thread, stored with the thread. Each field left out (null)
 * falls back to the server's default: its default model, its chat persona, its temperature.
 *
 * @param model        the model that answers in this thread
 * @param systemPrompt the system prompt sent before the thread (instead of the chat persona)
 * @param temperature  sampling temperature, 0 to 2
 * @param tools        the MCP servers whose tools the assistant may use in this thread (none: no tools)
 */
public record ThreadSettings(
        @JsonProperty("model") String model,
        @JsonProperty("system_prompt") String systemPrompt,
        @JsonProperty("temperature") Double temperature,
        @JsonProperty("tools") java.util.List<String> tools) {
    public static final int MAX_MODEL = 200;
    public static final int MAX_SYSTEM_PROMPT = 20_000;
    public static final double MAX_TEMPERATURE = 2.0;
    /** No setting of its own: the server's defaults. */
    public static final ThreadSettings DEFAULTS = new ThreadSettings(null, null, null, null);
    /** The most MCP servers one thread may use. */
    public static final int MAX_TOOL_SERVERS = 16;

    public ThreadSettings {
        Check.optionalShortText("model", model, MAX_MODEL);
        Check.optionalShortText("system_prompt", systemPrompt, MAX_SYSTEM_PROMPT);
        Check.optionalNonNegative("temperature", temperature);
        if (temperature != null && temperature > MAX_TEMPERATURE) {
            throw Check.invalid("temperature", "must be from 0 to " + MAX_TEMPERATURE);
        }
        if (tools != null) {
            if (tools.size() > MAX_TOOL_SERVERS || tools.stream().anyMatch(t -> !Check.isName(t))) {
                throw Check.invalid("tools", "must list at most " + MAX_TOOL_SERVERS + " MCP server names");
            }
            tools = tools.isEmpty() ? null : java.util.List.copyOf(new java.util.LinkedHashSet<>(tools));
        }
    }

    /** Without tools, as every thread was before tools. */
    public ThreadSettings(String model, String systemPrompt, Double temperature) {
        this(model, systemPrompt, temperature, null);
    }

    /** Nothing of its own set. */
    @JsonIgnore
    public boolean isDefault() {
        return model == null && systemPrompt == null && temperature == null && tools == null;
    }

    /** {@code this}, or null when nothing is set (left off the wire). */
    public ThreadSettings orNull() {
        return isDefault() ? null : this;
    }
}
