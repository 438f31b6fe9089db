package dev.nova.server.mcpserver;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.nova.server.agent.AgentTeam;
import dev.nova.server.auth.ApiKeys;
import dev.nova.server.auth.AuthThrottle;
import dev.nova.server.chat.Chat;
import dev.nova.server.config.Limits;
import dev.nova.server.config.ServerInfo;
import dev.nova.server.identity.Identity;
import dev.nova.server.ws.RateLimiter;
import io.javalin.http.Context;
import io.modelcontextprotocol.common.McpTransportContext;
import io.modelcontextprotocol.json.jackson2.JacksonMcpJsonMapper;
import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.McpStatelessSyncServer;
import io.modelcontextprotocol.server.transport.HttpServletStatelessServerTransport;
import io.modelcontextprotocol.spec.McpSchema;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * {@code /mcp}: Nova's board as an MCP server over Streamable HTTP, for any MCP host. Each request
 * carries a Nova API key as a bearer token and acts as that key ({@link BoardTools}); a missing or
 * wrong one is answered {@code 401} (a wrong one after the address's throttle delay, as on the
 * WebSocket, so keys cannot be guessed at speed), a key over its rate {@code 429}. The server is
 * stateless (the official SDK's stateless transport): no session lives between requests, so any
 * node of a team answers any request and a revoked key stops working at its next request.
 */
public final class McpEndpoint implements AutoCloseable {
    public static final String PATH = "/mcp";
    /** The largest request body taken (tool arguments are small; a message at most {@link BoardTools#MAX_TEXT}). */
    static final int MAX_REQUEST_BYTES = 512 * 1024;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final ApiKeys keys;
    private final AuthThrottle throttle;
    private final List<String> allowedOrigins;
    private final Limits limits;
    private final HttpServletStatelessServerTransport transport;
    private final McpStatelessSyncServer server;
    private final Map<String, RateLimiter> rates = new ConcurrentHashMap<>();

    public McpEndpoint(ApiKeys keys, AuthThrottle throttle, List<String> allowedOrigins, Limits limits, AgentTeam team,
                       Chat chat, Clock clock) {
        this.keys = keys;
        this.throttle = throttle;
        this.allowedOrigins = allowedOrigins;
        this.limits = limits;
        JacksonMcpJsonMapper mapper = new JacksonMcpJsonMapper(new ObjectMapper());
        this.transport = HttpServletStatelessServerTransport.builder().jsonMapper(mapper).messageEndpoint(PATH)
                .maxRequestSize(MAX_REQUEST_BYTES)
                .contextExtractor(request -> McpTransportContext.create(
                        Map.of(BoardTools.IDENTITY, request.getAttribute(BoardTools.IDENTITY))))
                .build();
        this.server = McpServer.sync(transport).serverInfo("nova", ServerInfo.version())
                .instructions("Nova's task board and channels: list, create and move tasks, read and post"
                        + " messages, see the agents. You act as the Nova API key you connected with.")
                .capabilities(McpSchema.ServerCapabilities.builder().tools(false).build())
                .tools(new BoardTools(team, chat, clock, mapper).specifications())
                .build();
    }

    /** Serves one request to {@code /mcp} (POST for JSON-RPC; GET and DELETE are refused by the stateless transport). */
    public void handle(Context ctx) throws Exception {
        String origin = ctx.header("Origin");
        if (origin != null && !allowedOrigins.isEmpty() && !allowedOrigins.contains(origin)) {
            refuse(ctx, 403, "forbidden", "origin " + origin + " is not allowed (allowed_origins)");
            return;
        }
        String key = bearer(ctx.header("Authorization"));
        Optional<Identity> who = key == null ? Optional.empty() : keys.authenticate(key);
        if (who.isEmpty()) {
            ctx.header("WWW-Authenticate", "Bearer realm=\"nova\"");
            if (key == null) {
                refuse(ctx, 401, "invalid_request", "send a Nova API key: Authorization: Bearer <key>");
                return;
            }
            Duration hold = throttle.delayFor(ctx.ip());
            throttle.failed(ctx.ip());
            // the answer to a wrong key waits, off the request threads, so guessing is slow
            ctx.future(() -> CompletableFuture.runAsync(
                    () -> refuse(ctx, 401, "invalid_token", "invalid or revoked api key"),
                    CompletableFuture.delayedExecutor(hold.toMillis(), TimeUnit.MILLISECONDS)));
            return;
        }
        long wait = takeToken(who.get().name());
        if (wait > 0) {
            ctx.header("Retry-After", Long.toString(Math.max(1, TimeUnit.MILLISECONDS.toSeconds(wait + 999))));
            refuse(ctx, 429, "rate_limited", "more than " + limits.messagesPerSecond()
                    + " requests a second for this key; try again in " + wait + " ms");
            return;
        }
        ctx.req().setAttribute(BoardTools.IDENTITY, who.get());
        transport.service((ServletRequest) ctx.req(), (ServletResponse) ctx.res());
    }

    /**
     * Takes a token from the key's bucket (as many requests a second as a WebSocket connection may
     * send frames): 0 when there was one, else the milliseconds until there is.
     */
    private long takeToken(String identity) {
        RateLimiter r = rates.computeIfAbsent(identity,
                k -> new RateLimiter(limits.messagesPerSecond(), limits.burst(), System.nanoTime()));
        synchronized (r) {
            return r.tryTake(System.nanoTime());
        }
    }

    private static String bearer(String header) {
        if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return null;
        }
        String key = header.substring(7).strip();
        return key.isEmpty() ? null : key;
    }

    private static void refuse(Context ctx, int status, String error, String description) {
        try {
            ctx.status(status).contentType("application/json")
                    .result(JSON.writeValueAsString(Map.of("error", error, "error_description", description)));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            ctx.status(status).result(error);
        }
    }

    @Override
    public void close() {
        server.close();
    }
}
