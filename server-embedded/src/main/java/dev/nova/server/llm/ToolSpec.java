package dev.nova.server.llm;

import java.util.Map;

/** A tool offered to the model: the function name it calls, what it does, and its parameters' JSON Schema. */
public record ToolSpec(String name, String description, Map<String, Object> parameters) {
    public ToolSpec {
        parameters = parameters == null ? Map.of("type", "object", "properties", Map.of()) : parameters;
    }
}
