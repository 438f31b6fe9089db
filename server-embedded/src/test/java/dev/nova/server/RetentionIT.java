package dev.nova.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.nova.protocol.ServerMessage.ChatMessage;
import dev.nova.server.testing.Cli;
import dev.nova.server.testing.Eventually;
import dev.nova.server.testing.Frames;
import dev.nova.server.testing.TestServer;
import dev.nova.server.testing.WsTestClient;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Retention is an operator's choice: set with {@code nova-server retention} beside a running
 * server, applied by its periodic sweep to that channel only, and shown in {@code /health} and
 * {@code /metrics}; channels without a rule and people's assistant threads keep everything.
 */
class RetentionIT {
    @TempDir
    Path dir;
    TestServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void aRuleSetFromTheCommandLineIsAppliedByTheNextSweepToThatChannelOnly() throws Exception {
        Path data = dir.resolve("data");
        server = TestServer.start(data, c -> c.withRetention(c.retention(), Duration.ofSeconds(1)));
        try (WsTestClient ann = server.login("ann")) {
            ann.post("general", "g", 1, 150);
            ann.post("random", "r", 1, 150);
            for (int i = 0; i < 30; i++) {
                ann.send("{\"type\":\"thread_import\",\"data\":{\"thread_id\":\"mine\",\"messages\":[{\"role\":\"user\","
                        + "\"content\":\"mine " + i + "\",\"message_id\":\"mine-" + i + "\",\"created_at\":"
                        + "\"2020-01-01T00:00:00.000Z\"}]}}");
                ann.nextMatching(e -> e.data() instanceof dev.nova.protocol.ServerMessage.ThreadImport);
            }
        }
        Cli.Run set = Cli.run("retention", "set", "general", "--max-messages", "100", "--data-dir", data.toString(),
                "--config", dir.resolve("none.json").toString());
        assertThat(set.exit()).as(set.err()).isZero();
        assertThat(set.out()).isEqualTo("general: keeps the newest 100 messages\n");
        Cli.Run list = Cli.run("retention", "list", "--data-dir", data.toString(), "--config",
                dir.resolve("none.json").toString());
        assertThat(list.out()).contains("(default)", "everything", "general", "the newest 100 messages",
                "(assistant threads)");

        Eventually.until("the sweep applied the rule", Duration.ofSeconds(30),
                () -> server.server().store().history().oldest("general") == 51);
        assertThat(server.server().store().history().after("general", 0, 1000)).hasSize(100);
        assertThat(server.server().store().history().after("random", 0, 1000)).hasSize(150);
        assertThat(server.server().store().history().after("@assistant/ann", 0, 1000))
                .as("six-year-old messages of a person's own thread").hasSize(30);

        JsonNode health = new ObjectMapper().readTree(get("/health"));
        assertThat(health.at("/retention/removed").asLong()).isEqualTo(50);
        assertThat(health.at("/retention/channel_rules").asInt()).isEqualTo(1);
        assertThat(health.at("/retention/default").asText()).isEqualTo("everything");
        assertThat(get("/metrics")).contains("nova_retention_removed_total 50.0");

        Cli.Run clear = Cli.run("retention", "clear", "general", "--data-dir", data.toString(), "--config",
                dir.resolve("none.json").toString());
        assertThat(clear.exit()).isZero();
        Cli.Run bad = Cli.run("retention", "set", "@assistant/ann", "--max-messages", "1", "--data-dir",
                data.toString());
        assertThat(bad.exit()).isEqualTo(1);
        assertThat(bad.err()).contains("CHANNEL must be a channel name");
        try (WsTestClient ann = server.login("ann2")) {
            ann.send(Frames.history("general", null, 200));
            assertThat(ann.next(dev.nova.protocol.ServerMessage.History.class).messages())
                    .extracting(ChatMessage::content).hasSize(100).startsWith("g51");
        }
    }

    private String get(String path) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + server.server().port() + path)).build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }
}
