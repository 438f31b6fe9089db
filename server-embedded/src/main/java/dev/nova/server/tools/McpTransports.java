package dev.nova.server.tools;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.client.transport.ServerParameters;
import io.modelcontextprotocol.client.transport.StdioClientTransport;
import io.modelcontextprotocol.json.jackson2.JacksonMcpJsonMapper;
import io.modelcontextprotocol.spec.McpClientTransport;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** How Nova reaches an MCP server through the SDK, and keeps an eye on a stdio server's process. */
final class McpTransports {
    private static final Logger log = LoggerFactory.getLogger(McpTransports.class);
    private static final JacksonMcpJsonMapper JSON = new JacksonMcpJsonMapper(new ObjectMapper());
    /** Processes some connection watches already, so two servers started alike do not watch one process. */
    private static final java.util.Set<Long> WATCHED = ConcurrentHashMap.newKeySet();

    private McpTransports() {}

    /** The SDK's transport for {@code spec}: its command over stdio, or its URL over Streamable HTTP. */
    static McpClientTransport of(McpServerSpec spec) {
        if (spec.url() != null) {
            // the SDK takes the origin and the endpoint apart: http://host:3001/mcp -> http://host:3001 + /mcp
            java.net.URI u = java.net.URI.create(spec.url());
            String endpoint = u.getRawPath() == null || u.getRawPath().isEmpty() ? "/mcp"
                    : u.getRawPath() + (u.getRawQuery() == null ? "" : "?" + u.getRawQuery());
            var b = HttpClientStreamableHttpTransport.builder(u.getScheme() + "://" + u.getRawAuthority())
                    .endpoint(endpoint).jsonMapper(JSON).connectTimeout(Duration.ofSeconds(10));
            if (!spec.headers().isEmpty()) {
                b.httpRequestCustomizer((request, method, uri, body, context) -> spec.headers().forEach(request::header));
            }
            return b.build();
        }
        ServerParameters params = ServerParameters.builder(spec.command()).args(spec.args()).env(spec.env()).build();
        StdioClientTransport t = new StdioClientTransport(params, JSON);
        t.setStdErrorHandler(line -> log.debug("MCP server {}: {}", spec.name(), line));
        return t;
    }

    /**
     * A stdio server's process, found among this JVM's children (the SDK does not show it), is
     * watched: when it ends - it crashed, or was killed - the server is marked failed at once and
     * its calls under way fail with that, instead of waiting for their timeout.
     */
    static void watchProcess(McpServerSpec spec, java.util.Set<Long> before, Runnable ended) {
        if (spec.command() == null) {
            return;
        }
        // a child that was not there before this connect began, running this server's command
        ProcessHandle.current().children()
                .filter(p -> !before.contains(p.pid()))
                .filter(p -> p.info().commandLine().map(line -> line.contains(spec.command())).orElse(false))
                .filter(p -> WATCHED.add(p.pid()))
                .findFirst()
                .ifPresent(p -> p.onExit().thenAccept(gone -> {
                    WATCHED.remove(gone.pid());
                    ended.run();
                }));
    }

    static java.util.Set<Long> childPids() {
        java.util.Set<Long> pids = new java.util.HashSet<>();
        ProcessHandle.current().children().forEach(p -> pids.add(p.pid()));
        return pids;
    }
}
