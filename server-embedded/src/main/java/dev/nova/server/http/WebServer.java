package dev.nova.server.http;

import dev.nova.protocol.ProtocolCodec;
import dev.nova.server.config.ServerConfig;
import dev.nova.server.metrics.NovaMetrics;
import dev.nova.server.ws.Hub;
import dev.nova.server.ws.WsEndpoint;
import io.javalin.Javalin;
import io.javalin.http.ForbiddenResponse;
import io.javalin.http.Handler;
import java.util.List;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.session.NullSessionCache;
import org.eclipse.jetty.session.NullSessionDataStore;

/**
 * The Javalin wiring of a Nova server: one connector (plain, or TLS for {@code wss://} and
 * {@code https://}), the WebSocket endpoints {@code /api/nova/ws/{client_id}} and {@code /ws}
 * behind the origin allow-list, {@code GET /health}, {@code GET /metrics}, and {@code /mcp} (the
 * board's MCP server, handled by the handler given).
 */
public final class WebServer {
    /** Frames above the protocol limit but below this get an error; above it Jetty closes with 1009. */
    public static final long MAX_TRANSPORT_MESSAGE = 1024 * 1024;

    private WebServer() {}

    public static Javalin create(ServerConfig config, Hub hub, Health health, NovaMetrics metrics, Handler mcp) {
        WsEndpoint endpoint = new WsEndpoint(hub);
        return Javalin.create(cfg -> {
            cfg.startup.showJavalinBanner = false;
            cfg.startup.showOldJavalinVersionWarning = false;
            cfg.jetty.addConnector((server, http) -> connector(server, http, config));
            // Javalin opens an HTTP session on every WebSocket upgrade; Nova uses none, and Jetty's
            // default cache would keep each one (and its upgrade request) after the socket closed.
            cfg.jetty.modifyServletContextHandler(h -> {
                NullSessionCache none = new NullSessionCache(h.getSessionHandler());
                none.setSessionDataStore(new NullSessionDataStore());
                h.getSessionHandler().setSessionCache(none);
            });
            cfg.jetty.modifyWebSocketServletFactory(f -> {
                f.setMaxTextMessageSize(Math.max(MAX_TRANSPORT_MESSAGE, ProtocolCodec.MAX_FRAME_BYTES));
                f.setMaxBinaryMessageSize(ProtocolCodec.MAX_FRAME_BYTES);
                // Nova drops silent peers itself (Hub); Jetty's timeout is only the last resort.
                f.setIdleTimeout(config.heartbeat().multipliedBy(6));
                if (!config.compression()) {
                    // Compressing costs CPU for every receiver of a broadcast and memory per connection.
                    f.getAvailableExtensionNames().remove("permessage-deflate");
                }
            });
            List<String> origins = config.allowedOrigins();
            if (!origins.isEmpty()) {
                cfg.routes.wsBeforeUpgrade(ctx -> {
                    String origin = ctx.header("Origin");
                    if (origin != null && !origins.contains(origin)) {
                        throw new ForbiddenResponse("origin " + origin + " is not allowed (allowed_origins)");
                    }
                });
            }
            cfg.routes.ws("/api/nova/ws/{client_id}", ws -> endpoint.configure(ws, true));
            cfg.routes.ws("/ws", ws -> endpoint.configure(ws, false));
            cfg.routes.get("/health", health::serve);
            // Nova's board as an MCP server (Streamable HTTP, stateless): POST carries JSON-RPC
            cfg.routes.post("/mcp", mcp);
            cfg.routes.get("/mcp", mcp);
            cfg.routes.delete("/mcp", mcp);
            cfg.routes.get("/metrics", ctx -> ctx.contentType("text/plain; version=0.0.4; charset=utf-8")
                    .result(metrics.scrape()));
        });
    }

    private static ServerConnector connector(Server server, HttpConfiguration http, ServerConfig config) {
        ServerConnector connector;
        if (config.tls().enabled()) {
            SecureRequestCustomizer secure = new SecureRequestCustomizer();
            secure.setSniHostCheck(false); // clients reach a team server by IP as often as by name
            http.addCustomizer(secure);
            connector = new LingeringConnector(server,
                    new SslConnectionFactory(TlsContext.of(config.tls()), "http/1.1"), new HttpConnectionFactory(http));
        } else {
            connector = new LingeringConnector(server, new HttpConnectionFactory(http));
        }
        connector.setHost(config.host());
        connector.setPort(config.port());
        return connector;
    }
}
