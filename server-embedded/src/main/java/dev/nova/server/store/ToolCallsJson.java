package dev.nova.server.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.nova.protocol.ToolUse;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The MCP tool calls kept with a task, as both adapters store them: a JSON array of the protocol's
 * {@code ToolUse}; none is no value. A call that cannot be read back is left out, never the task.
 */
public final class ToolCallsJson {
    private static final ObjectMapper JSON = new ObjectMapper();

    private ToolCallsJson() {}

    public static String write(List<ToolUse> calls) {
        if (calls == null || calls.isEmpty()) {
            return null;
        }
        return JSON.valueToTree(calls).toString();
    }

    public static List<ToolUse> read(String json) {
        if (json == null || json.isBlank()) {
            return List.of();
        }
        List<ToolUse> out = new ArrayList<>();
        try {
            for (JsonNode n : JSON.readTree(json)) {
                try {
                    out.add(JSON.treeToValue(n, ToolUse.class));
                } catch (IOException | RuntimeException e) {
                    // skipped: see above
                }
            }
        } catch (IOException e) {
            return List.of();
        }
        return out;
    }
}
