package dev.nova.desktop.tools;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * "Import from LM Studio": the MCP servers of LM Studio's {@code mcp.json} added to Nova's (both in
 * the format LM Studio and Cursor use). A server Nova already has by that name is kept as it is;
 * everything else in Nova's file stays. The file is replaced in one move, so the local server,
 * which follows it, never reads half of it.
 */
public final class McpImport {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private McpImport() {}

    /** What an import did: the servers added, and those Nova had already (kept as they were). */
    public record Result(List<String> added, List<String> kept) {
        public String summary() {
            if (added.isEmpty() && kept.isEmpty()) {
                return "LM Studio's mcp.json lists no MCP servers";
            }
            StringBuilder b = new StringBuilder();
            if (!added.isEmpty()) {
                b.append("Added from LM Studio: ").append(String.join(", ", added));
            } else {
                b.append("Nothing new in LM Studio's mcp.json");
            }
            if (!kept.isEmpty()) {
                b.append(" (already here, kept as they were: ").append(String.join(", ", kept)).append(')');
            }
            return b.toString();
        }
    }

    /**
     * LM Studio's {@code mcp.json}: {@code ~/.lmstudio/mcp.json} as its documentation says, else
     * {@code ~/.cache/lm-studio/mcp.json}, where some versions keep it; the first when neither exists.
     */
    public static Path lmStudioFile(Path home) {
        Path documented = home.resolve(".lmstudio").resolve("mcp.json");
        Path cache = home.resolve(".cache").resolve("lm-studio").resolve("mcp.json");
        return !Files.exists(documented) && Files.exists(cache) ? cache : documented;
    }

    /**
     * Adds the servers of {@code from} to {@code into} (created when missing).
     *
     * @throws IOException when a file cannot be read or written, or is not an {@code mcpServers} object
     */
    public static Result merge(Path from, Path into) throws IOException {
        if (!Files.exists(from)) {
            throw new IOException("LM Studio's mcp.json is not at " + from + " (LM Studio 0.3.17 or later keeps"
                    + " its MCP servers there)");
        }
        ObjectNode theirs = servers(JSON.readTree(from.toFile()), from);
        JsonNode ours = Files.exists(into) && Files.size(into) > 0 ? JSON.readTree(into.toFile())
                : JSON.createObjectNode();
        ObjectNode root = ours instanceof ObjectNode o ? o : JSON.createObjectNode();
        ObjectNode mine = root.has("mcpServers") ? servers(root, into) : root.putObject("mcpServers");
        List<String> added = new ArrayList<>();
        List<String> kept = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = theirs.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> server = it.next();
            if (mine.has(server.getKey())) {
                kept.add(server.getKey());
            } else {
                mine.set(server.getKey(), server.getValue());
                added.add(server.getKey());
            }
        }
        if (!added.isEmpty()) {
            Files.createDirectories(into.toAbsolutePath().getParent());
            Path next = into.resolveSibling(into.getFileName() + ".new");
            JSON.writeValue(next.toFile(), root);
            Files.move(next, into, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        }
        return new Result(added, kept);
    }

    private static ObjectNode servers(JsonNode root, Path file) throws IOException {
        JsonNode servers = root == null ? null : root.get("mcpServers");
        if (!(servers instanceof ObjectNode o)) {
            throw new IOException(file + " has no \"mcpServers\" object");
        }
        return o;
    }
}
