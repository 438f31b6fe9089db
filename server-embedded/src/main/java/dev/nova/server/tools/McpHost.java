package dev.nova.server.tools;

import dev.nova.server.config.ToolSettings;
import io.modelcontextprotocol.spec.McpSchema;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Nova as an MCP host: one connection per server in {@code mcp.json}, started with the server and
 * kept up (restarted with backoff when one fails), their tools, and calls into them. Listeners
 * hear of every change of a server's state or tools.
 */
public final class McpHost implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(McpHost.class);

    private final ToolSettings settings;
    private final Map<String, McpConnection> servers = new LinkedHashMap<>();
    private final List<Runnable> listeners = new CopyOnWriteArrayList<>();
    private final ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "nova-mcp-timers");
        t.setDaemon(true);
        return t;
    });
    private final ExecutorService calls = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "nova-mcp");
        t.setDaemon(true);
        return t;
    });

    public McpHost(ToolSettings settings, List<McpServerSpec> specs) {
        this.settings = settings;
        for (McpServerSpec spec : specs) {
            servers.put(spec.name(), new McpConnection(spec, settings.callTimeout(), timers, calls, this::changed));
        }
    }

    /** The host of the servers in the settings' {@code mcp.json}; a file that cannot be read is no servers, said in the log. */
    public static McpHost fromSettings(ToolSettings settings) {
        List<McpServerSpec> specs;
        try {
            specs = McpServersFile.read(settings.mcpConfig());
        } catch (IllegalArgumentException e) {
            log.warn("MCP servers not started: {}", e.getMessage());
            specs = List.of();
        }
        return new McpHost(settings, specs);
    }

    /** Starts every server, in the background. */
    public McpHost start() {
        if (!servers.isEmpty()) {
            log.info("starting {} MCP servers: {}", servers.size(), String.join(", ", servers.keySet()));
        }
        servers.values().forEach(McpConnection::start);
        return this;
    }

    public ToolSettings settings() {
        return settings;
    }

    /** Hears of every change of a server's state or tools (on the host's own threads). */
    public void onChange(Runnable listener) {
        listeners.add(listener);
    }

    private void changed() {
        for (Runnable l : listeners) {
            try {
                l.run();
            } catch (RuntimeException e) {
                log.warn("an MCP change listener failed", e);
            }
        }
    }

    /** Every configured server's name, in the order of {@code mcp.json}. */
    public Collection<String> names() {
        return List.copyOf(servers.keySet());
    }

    /** How each server is doing, and its tools: a snapshot. */
    public List<Server> servers() {
        List<Server> out = new ArrayList<>();
        servers.values().forEach(c -> out.add(new Server(c.spec().name(), c.spec().transport(),
                c.state().name().toLowerCase(java.util.Locale.ROOT), c.detail(), c.tools())));
        return out;
    }

    /** One server as it is now. */
    public record Server(String name, String transport, String state, String detail, List<McpSchema.Tool> tools) {
        public boolean connected() {
            return "connected".equals(state);
        }
    }

    /** The tool {@code tool} of {@code server}, when that server is connected and offers it. */
    public Optional<McpSchema.Tool> tool(String server, String tool) {
        McpConnection c = servers.get(server);
        return c == null ? Optional.empty() : c.tools().stream().filter(t -> t.name().equals(tool)).findFirst();
    }

    /** Calls a tool; completes exceptionally when the server is not there, not connected, or the call failed. */
    public CompletableFuture<McpSchema.CallToolResult> call(String server, String tool, Map<String, Object> arguments) {
        McpConnection c = servers.get(server);
        if (c == null) {
            return CompletableFuture.failedFuture(new IllegalArgumentException("no MCP server '" + server + "'"));
        }
        return c.call(tool, arguments);
    }

    @Override
    public void close() {
        servers.values().forEach(McpConnection::close);
        timers.shutdownNow();
        calls.shutdownNow();
    }
}
