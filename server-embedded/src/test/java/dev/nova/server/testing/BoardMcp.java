package dev.nova.server.testing;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.json.jackson2.JacksonMcpJsonMapper;
import java.time.Duration;

/** The official Java SDK's MCP client on a test server's {@code /mcp}, with a Nova API key. */
public final class BoardMcp {
    private BoardMcp() {}

    /** A client that has initialized; close it with {@code closeGracefully}. */
    public static McpSyncClient connect(TestServer server, String key) {
        var transport = HttpClientStreamableHttpTransport.builder("http://127.0.0.1:" + server.server().port())
                .endpoint("/mcp")
                .jsonMapper(new JacksonMcpJsonMapper(new ObjectMapper()))
                .httpRequestCustomizer((request, method, uri, body, context) ->
                        request.header("Authorization", "Bearer " + key))
                .build();
        McpSyncClient c = McpClient.sync(transport).requestTimeout(Duration.ofSeconds(20)).build();
        try {
            c.initialize();
        } catch (RuntimeException e) {
            c.closeGracefully();
            throw e;
        }
        return c;
    }
}
