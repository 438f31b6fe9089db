package dev.nova.server.http;

import dev.nova.protocol.ProtocolCodec;
import dev.nova.server.config.ServerConfig;
import dev.nova.server.metrics.NovaMetrics;
import dev.nova.server.ws.Hub;
import dev.nova.server.ws.WsEndpoint;
import io.javalin.Javalin;
import io.javalin.http.Handler;
import java.util.List;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.component.LifeCycle;
import org.eclipse.jetty.websocket.server.WebSocketCreator;
import org.eclipse.jetty.websocket.server.WebSocketUpgradeHandler;

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
            // The sockets go in front of Javalin's whole handler once Javalin has set it (as the server starts).
            cfg.jetty.modifyServer(server -> server.addEventListener(new LifeCycle.Listener() {
                @Override
                public void lifeCycleStarting(LifeCycle event) {
                    WebSocketUpgradeHandler sockets = sockets(server, endpoint, config);
                    sockets.setHandler(server.getHandler());
                    server.setHandler(sockets);
                }
            }));
            cfg.routes.get("/health", health::serve);
            // Nova's board as an MCP server (Streamable HTTP, stateless): POST carries JSON-RPC
            cfg.routes.post("/mcp", mcp);
            cfg.routes.get("/mcp", mcp);
            cfg.routes.delete("/mcp", mcp);
            cfg.routes.get("/metrics", ctx -> ctx.contentType("text/plain; version=0.0.4; charset=utf-8")
                    .result(metrics.scrape()));
        });
    }

    /**
     * The WebSocket endpoints on Jetty's own WebSocket server, in front of Javalin's handler: a
     * socket keeps a small listener and a copy of its upgrade's headers, where Javalin's WebSocket
     * layer kept the whole upgrade request and its HTTP connection for the socket's lifetime (about
     * half of Nova's memory per idle connection; docs/BENCHMARKS.md).
     */
    private static WebSocketUpgradeHandler sockets(Server server, WsEndpoint endpoint, ServerConfig config) {
        List<String> origins = config.allowedOrigins();
        return WebSocketUpgradeHandler.from(server, container -> {
            container.setMaxTextMessageSize(Math.max(MAX_TRANSPORT_MESSAGE, ProtocolCodec.MAX_FRAME_BYTES));
            container.setMaxBinaryMessageSize(ProtocolCodec.MAX_FRAME_BYTES);
            // Nova drops silent peers itself (Hub); Jetty's timeout is only the last resort.
            container.setIdleTimeout(config.heartbeat().multipliedBy(6));
            container.addMapping("/ws", creator(endpoint, origins, config.compression(), null));
            container.addMapping("/api/nova/ws/*", creator(endpoint, origins, config.compression(), CLIENT_ID_PATH));
        });
    }

    private static final String CLIENT_ID_PATH = "/api/nova/ws/";

    /** Checks the origin, leaves compression out unless configured, and makes the socket's listener. */
    private static WebSocketCreator creator(WsEndpoint endpoint, List<String> origins, boolean compression,
                                            String clientIdPrefix) {
        return (request, response, callback) -> {
            String origin = request.getHeaders().get(HttpHeader.ORIGIN);
            if (origin != null && !origins.isEmpty() && !origins.contains(origin)) {
                Response.writeError(request, response, callback, 403,
                        "origin " + origin + " is not allowed (allowed_origins)");
                return null;
            }
            String clientId = null;
            if (clientIdPrefix != null) {
                clientId = URLDecoder.decode(Request.getPathInContext(request).substring(clientIdPrefix.length()),
                        StandardCharsets.UTF_8);
                if (clientId.isEmpty() || clientId.contains("/")) {
                    Response.writeError(request, response, callback, 404, "no such endpoint");
                    return null;
                }
            }
            if (!compression) {
                // Compressing costs CPU for every receiver of a broadcast and memory per connection.
                response.setExtensions(List.of());
            }
            return endpoint.listener(clientId);
        };
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
