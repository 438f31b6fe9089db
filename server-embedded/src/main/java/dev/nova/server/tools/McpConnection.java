package dev.nova.server.tools;

import dev.nova.server.config.ServerInfo;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.spec.McpSchema;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One configured MCP server, through the official MCP Java SDK: started (a command over stdio, or
 * a Streamable HTTP endpoint), its tools listed page by page and again when it says they changed,
 * its calls run with a timeout. A server that cannot be reached, or stops answering its pings, is
 * started again after a pause that doubles up to a minute; its state says what is going on.
 */
final class McpConnection implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(McpConnection.class);
    static final Duration PING_EVERY = Duration.ofSeconds(15);
    static final Duration MAX_BACKOFF = Duration.ofSeconds(60);

    /** Where a server is: starting, connected (with its tools), failed (and when it is tried again), stopped. */
    enum State { STARTING, CONNECTED, FAILED, STOPPED }

    private final McpServerSpec spec;
    private final Duration callTimeout;
    private final ScheduledExecutorService timers;
    private final ExecutorService calls;
    private final Runnable changed;
    // guarded by this
    private McpSyncClient client;
    private State state = State.STARTING;
    private String detail;
    private List<McpSchema.Tool> tools = List.of();
    private int failures;
    private boolean closed;
    /** Calls under way, failed at once when the server goes away (the SDK would wait for their timeout). */
    private final java.util.Set<CompletableFuture<McpSchema.CallToolResult>> inflight = ConcurrentHashMap.newKeySet();

    McpConnection(McpServerSpec spec, Duration callTimeout, ScheduledExecutorService timers, ExecutorService calls,
                  Runnable changed) {
        this.spec = spec;
        this.callTimeout = callTimeout;
        this.timers = timers;
        this.calls = calls;
        this.changed = changed;
    }

    McpServerSpec spec() {
        return spec;
    }

    synchronized State state() {
        return state;
    }

    synchronized String detail() {
        return detail;
    }

    synchronized List<McpSchema.Tool> tools() {
        return tools;
    }

    /** Starts (or starts again) in the background. */
    void start() {
        calls.execute(this::connect);
    }

    private void connect() {
        java.util.Set<Long> before = McpTransports.childPids();
        McpSyncClient c;
        synchronized (this) {
            if (closed) {
                return;
            }
            state = State.STARTING;
            detail = null;
        }
        changed.run();
        try {
            c = McpClient.sync(McpTransports.of(spec))
                    .clientInfo(new McpSchema.Implementation("nova", ServerInfo.version()))
                    .requestTimeout(callTimeout)
                    .initializationTimeout(Duration.ofSeconds(30))
                    .toolsChangeConsumer(list -> calls.execute(this::refreshTools))
                    .build();
            c.initialize();
            List<McpSchema.Tool> listed = listAll(c);
            boolean stale;
            synchronized (this) {
                stale = closed;
                if (!stale) {
                    client = c;
                    tools = listed;
                    state = State.CONNECTED;
                    failures = 0;
                }
            }
            if (stale) {
                c.closeGracefully();
                return;
            }
            log.info("MCP server {} connected ({}, {} tools)", spec.name(), spec.transport(), listed.size());
            McpTransports.watchProcess(spec, before, () -> {
                boolean current;
                synchronized (this) {
                    current = client == c;
                }
                if (current) {
                    failed(new IllegalStateException("its process ended"));
                }
            });
            changed.run();
            timers.schedule(this::ping, PING_EVERY.toMillis(), TimeUnit.MILLISECONDS);
        } catch (RuntimeException e) {
            failed(e);
        }
    }

    /** Every tool, page after page. */
    private static List<McpSchema.Tool> listAll(McpSyncClient c) {
        List<McpSchema.Tool> all = new ArrayList<>();
        String cursor = null;
        do {
            String from = cursor;
            McpSchema.ListToolsResult page = sendingOnce(() -> from == null ? c.listTools() : c.listTools(from));
            all.addAll(page.tools());
            cursor = page.nextCursor();
        } while (cursor != null && !cursor.isEmpty());
        return List.copyOf(all);
    }

    private void refreshTools() {
        withClient(c -> {
            List<McpSchema.Tool> listed = listAll(c);
            synchronized (this) {
                tools = listed;
            }
            log.info("MCP server {} changed its tools: {} now", spec.name(), listed.size());
            changed.run();
        });
    }

    private void ping() {
        withClient(c -> {
            sendingOnce(c::ping);
            timers.schedule(this::ping, PING_EVERY.toMillis(), TimeUnit.MILLISECONDS);
        });
    }

    /** {@code work} on the connected client, if there is one; its failure is the server's. */
    private void withClient(java.util.function.Consumer<McpSyncClient> work) {
        McpSyncClient c;
        synchronized (this) {
            c = client;
        }
        if (c == null) {
            return;
        }
        try {
            work.accept(c);
        } catch (RuntimeException e) {
            failed(e);
        }
    }

    /** It failed or stopped answering: closed, marked failed, and started again after a pause. */
    void failed(Throwable cause) {
        McpSyncClient old;
        Duration pause;
        synchronized (this) {
            if (closed) {
                return;
            }
            old = client;
            client = null;
            tools = List.of();
            failures++;
            pause = Duration.ofSeconds(1L << Math.min(failures - 1, 6));
            pause = pause.compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : pause;
            state = State.FAILED;
            detail = reason(cause) + "; trying again in " + pause.toSeconds() + " s";
        }
        log.warn("MCP server {} failed: {}", spec.name(), detail());
        IllegalStateException gone = new IllegalStateException("the MCP server '" + spec.name() + "' went away: "
                + reason(cause));
        inflight.forEach(f -> f.completeExceptionally(gone));
        if (old != null) {
            calls.execute(() -> closeQuietly(old));
        }
        changed.run();
        timers.schedule(this::start, pause.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Calls a tool: completes with its result, or exceptionally when the call could not be made. */
    CompletableFuture<McpSchema.CallToolResult> call(String tool, Map<String, Object> arguments) {
        McpSyncClient c;
        CompletableFuture<McpSchema.CallToolResult> result = new CompletableFuture<>();
        synchronized (this) {
            c = client;
            if (c != null) {
                // under the lock that failed() clears the client with: a server that goes away now
                // finds this call among those to fail, instead of leaving it to wait for its timeout
                inflight.add(result);
            }
        }
        if (c == null) {
            return CompletableFuture.failedFuture(new IllegalStateException("the MCP server '" + spec.name()
                    + "' is not connected" + (detail() == null ? "" : " (" + detail() + ")")));
        }
        result.whenComplete((r, x) -> inflight.remove(result));
        calls.execute(() -> {
            try {
                result.complete(sendingOnce(() -> c.callTool(new McpSchema.CallToolRequest(tool, arguments))));
            } catch (RuntimeException e) {
                if (!result.isDone() && (!c.isInitialized() || isTransportFailure(e))) {
                    failed(e); // the server went away under the call
                }
                result.completeExceptionally(e);
            }
        });
        return result;
    }

    /**
     * {@code request}, made again when the SDK's stdio transport could not queue it: two calls sent
     * at the same moment race for its outgoing queue, and the loser fails with "Failed to enqueue
     * message" although nothing was sent (seen in about one run of fifteen with two calls side by side).
     */
    static <T> T sendingOnce(java.util.function.Supplier<T> request) {
        for (int attempt = 1; ; attempt++) {
            try {
                return request.get();
            } catch (RuntimeException e) {
                if (attempt >= 5 || !String.valueOf(e.getMessage()).contains("Failed to enqueue message")) {
                    throw e;
                }
                java.util.concurrent.locks.LockSupport.parkNanos(attempt * 20_000_000L);
            }
        }
    }

    private static boolean isTransportFailure(RuntimeException e) {
        String m = String.valueOf(e.getMessage()).toLowerCase(java.util.Locale.ROOT);
        return m.contains("closed") || m.contains("broken pipe") || m.contains("connection") || m.contains("exited");
    }

    static String reason(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t && (t.getMessage() == null || t.getMessage().isBlank())) {
            t = t.getCause();
        }
        String m = t.getMessage();
        return m == null || m.isBlank() ? t.getClass().getSimpleName() : m;
    }

    private static void closeQuietly(McpSyncClient c) {
        try {
            c.closeGracefully();
        } catch (RuntimeException e) {
            log.debug("closing an MCP client failed", e);
        }
    }

    @Override
    public void close() {
        McpSyncClient c;
        synchronized (this) {
            closed = true;
            c = client;
            client = null;
            state = State.STOPPED;
            tools = List.of();
        }
        inflight.forEach(f -> f.completeExceptionally(
                new IllegalStateException("the MCP server '" + spec.name() + "' was stopped")));
        if (c != null) {
            closeQuietly(c);
        }
    }
}
