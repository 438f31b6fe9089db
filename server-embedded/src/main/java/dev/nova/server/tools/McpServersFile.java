package dev.nova.server.tools;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.nova.protocol.Check;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads {@code mcp.json} in the format LM Studio, Cursor and Claude Desktop use:
 * {@code {"mcpServers": {NAME: {"command", "args", "env"} | {"url", "headers"}}}}. A server that
 * cannot be used as written is left out with a warning that says why; the others are kept.
 */
public final class McpServersFile {
    private static final Logger log = LoggerFactory.getLogger(McpServersFile.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private McpServersFile() {}

    /** The servers in {@code file}; none when it does not exist. */
    public static List<McpServerSpec> read(Path file) {
        if (file == null || !Files.exists(file)) {
            return List.of();
        }
        JsonNode root;
        try {
            root = JSON.readTree(file.toFile());
        } catch (IOException e) {
            throw new IllegalArgumentException(file + " is not valid JSON: " + e.getMessage());
        }
        return parse(root, file.toString());
    }

    static List<McpServerSpec> parse(JsonNode root, String from) {
        JsonNode servers = root == null ? null : root.path("mcpServers");
        if (servers == null || !servers.isObject()) {
            throw new IllegalArgumentException(from + ": expected {\"mcpServers\": {...}}");
        }
        List<McpServerSpec> out = new ArrayList<>();
        servers.fields().forEachRemaining(f -> {
            String name = f.getKey();
            JsonNode s = f.getValue();
            if (!Check.isName(name)) {
                log.warn("{}: MCP server '{}' left out: its name must be 1-128 of [A-Za-z0-9_.:-]", from, name);
            } else if (s.path("url").isTextual()) {
                out.add(new McpServerSpec(name, null, null, null, s.get("url").asText(), strings(s.path("headers"))));
            } else if (s.path("command").isTextual() && !s.get("command").asText().isBlank()) {
                List<String> args = new ArrayList<>();
                s.path("args").forEach(a -> args.add(a.asText()));
                out.add(new McpServerSpec(name, s.get("command").asText(), args, strings(s.path("env")), null, null));
            } else {
                log.warn("{}: MCP server '{}' left out: it needs a \"command\" (stdio) or a \"url\" (HTTP)", from, name);
            }
        });
        return out;
    }

    private static Map<String, String> strings(JsonNode object) {
        Map<String, String> out = new LinkedHashMap<>();
        object.fields().forEachRemaining(f -> out.put(f.getKey(), f.getValue().asText()));
        return out;
    }
}
