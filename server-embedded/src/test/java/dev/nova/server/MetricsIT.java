package dev.nova.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nova.protocol.ServerMessage;
import dev.nova.protocol.ServerMessage.ChatMessage;
import dev.nova.protocol.ServerMessage.LlmChunk;
import dev.nova.server.testing.FakeLmStudio;
import dev.nova.server.testing.FakeLmStudio.Script;
import dev.nova.server.testing.Frames;
import dev.nova.server.testing.Metrics;
import dev.nova.server.testing.TestServer;
import dev.nova.server.testing.WsTestClient;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code GET /metrics}: Prometheus text, Prometheus names, the figures an operator needs, nobody's name. */
class MetricsIT {
    @TempDir
    Path dir;

    @Test
    void trafficShowsUpUnderPrometheusNamesWithoutPerUserLabels() throws Exception {
        try (FakeLmStudio lm = new FakeLmStudio();
             TestServer server = TestServer.start(dir, TestServer.llm(lm.baseUrl(), Duration.ofSeconds(5)))) {
            lm.enqueue(Script.stream().answer("Hello", " there"));
            try (WsTestClient alice = server.login("alice-smith"); WsTestClient bob = server.login("bob-jones")) {
                alice.send(Frames.subscribe("general")).next(ServerMessage.SubscriptionSuccess.class);
                bob.send(Frames.chat("general", "hi")).next(ChatMessage.class);
                alice.next(ChatMessage.class);
                bob.send("{\"type\":\"nope\",\"data\":{}}").next(ServerMessage.Error.class);
                bob.send("{\"type\":\"llm_request\",\"data\":{\"content\":\"x\",\"template\":\"chat\",\"metadata\":{}}}");
                while (!bob.next(LlmChunk.class).isFinal()) {
                    // streaming
                }
                try (WsTestClient wrong = server.connect("eve-guesser")) {
                    wrong.send(Frames.auth("nova_wrong"));
                    wrong.awaitClose();
                }
                Metrics m = new Metrics(server);
                String text = m.scrape();
                assertThat(m.value("nova_connections_open", "")).isGreaterThanOrEqualTo(2);
                assertThat(m.value("nova_connections_authenticated", "")).isGreaterThanOrEqualTo(2);
                assertThat(m.value("nova_frames_received_total", "type=\"chat_message\"")).isEqualTo(1);
                assertThat(m.value("nova_frames_sent_total", "type=\"chat_message\"")).isEqualTo(2);
                assertThat(m.value("nova_frames_received_total", "type=\"invalid\"")).isEqualTo(1);
                assertThat(m.value("nova_errors_total", "code=\"unknown_type\"")).isEqualTo(1);
                assertThat(m.value("nova_connections_closed_total", "code=\"4001\"")).isEqualTo(1);
                assertThat(m.value("nova_delivery_latency_seconds_count", "")).isGreaterThanOrEqualTo(2);
                assertThat(m.value("nova_llm_operation_duration_seconds_count", "outcome=\"stop\"")).isEqualTo(1);
                assertThat(m.value("nova_llm_time_to_first_token_seconds_count", "model=\"" + FakeLmStudio.MODEL))
                        .isEqualTo(1);
                assertThat(m.value("nova_llm_output_tokens_count", "")).isEqualTo(1);
                assertThat(text).contains("nova_send_queue_bytes", "nova_rate_limited_frames_total",
                        "nova_llm_streams_active", "jvm_memory_used_bytes", "process_cpu_usage");
                assertThat(text).as("no label names a person").doesNotContain("alice-smith", "bob-jones", "eve-guesser");
            }
        }
    }
}
