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

    /** How often {@code mcp.json} is looked at for changes. */
    static final java.time.Duration WATCH_EVERY = java.time.Duration.ofSeconds(2);

    private final ToolSettings settings;
    /** By name, in the order of {@code mcp.json}; replaced whole on a reload. */
    private volatile Map<String, McpConnection> servers = Map.of();
    /** What the file looked like when last read (modified time and size), to see it changed. */
    private volatile List<Long> seen;
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
        Map<String, McpConnection> made = new LinkedHashMap<>();
        for (McpServerSpec spec : specs) {
            made.put(spec.name(), connection(spec));
        }
        this.servers = made;
    }

    private McpConnection connection(McpServerSpec spec) {
        return new McpConnection(spec, settings.callTimeout(), timers, calls, this::changed);
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

    /**
     * Starts every server, in the background, and watches {@code mcp.json}: when it changes (an
     * operator edited it, the desktop imported LM Studio's servers) the servers follow it.
     */
    public McpHost start() {
        Map<String, McpConnection> now = servers;
        if (!now.isEmpty()) {
            log.info("starting {} MCP servers: {}", now.size(), String.join(", ", now.keySet()));
        }
        now.values().forEach(McpConnection::start);
        if (settings.mcpConfig() != null) {
            seen = stamp(settings.mcpConfig());
            timers.scheduleWithFixedDelay(this::checkFile, WATCH_EVERY.toMillis(), WATCH_EVERY.toMillis(),
                    java.util.concurrent.TimeUnit.MILLISECONDS);
        }
        return this;
    }

    /** Reads {@code mcp.json} again when it changed since it was last read. */
    private void checkFile() {
        java.nio.file.Path file = settings.mcpConfig();
        List<Long> now = stamp(file);
        if (now.equals(seen)) {
            return;
        }
        seen = now;
        try {
            reload(McpServersFile.read(file));
        } catch (IllegalArgumentException e) {
            log.warn("{} changed but cannot be used; the MCP servers stay as they were: {}", file, e.getMessage());
        } catch (RuntimeException e) {
            log.warn("reloading the MCP servers failed", e);
        }
    }

    private static List<Long> stamp(java.nio.file.Path file) {
        try {
            return List.of(java.nio.file.Files.getLastModifiedTime(file).toMillis(), java.nio.file.Files.size(file));
        } catch (java.io.IOException e) {
            return List.of(); // not there (yet)
        }
    }

    /**
     * Makes the servers those of {@code specs}: a new one starts, one no longer listed stops (its
     * calls under way fail), one whose settings changed starts again; the others go on untouched.
     */
    public void reload(List<McpServerSpec> specs) {
        List<McpConnection> stopping = new ArrayList<>();
        List<McpConnection> starting = new ArrayList<>();
        synchronized (this) {
            Map<String, McpConnection> before = servers;
            Map<String, McpConnection> next = new LinkedHashMap<>();
            for (McpServerSpec spec : specs) {
                McpConnection old = before.get(spec.name());
                if (old != null && old.spec().equals(spec)) {
                    next.put(spec.name(), old);
                } else {
                    McpConnection c = connection(spec);
                    next.put(spec.name(), c);
                    starting.add(c);
                }
            }
            before.forEach((name, c) -> {
                if (next.get(name) != c) {
                    stopping.add(c);
                }
            });
            servers = next;
        }
        if (stopping.isEmpty() && starting.isEmpty()) {
            return;
        }
        log.info("MCP servers changed: {} started, {} stopped", starting.stream().map(c -> c.spec().name()).toList(),
                stopping.stream().map(c -> c.spec().name()).toList());
        stopping.forEach(McpConnection::close);
        starting.forEach(McpConnection::start);
        changed();
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
