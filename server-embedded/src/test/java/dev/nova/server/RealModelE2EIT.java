package dev.nova.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.nova.protocol.Envelope;
import dev.nova.protocol.FinishReason;
import dev.nova.protocol.ModelInfo;
import dev.nova.protocol.ServerMessage.ChatMessage;
import dev.nova.protocol.ServerMessage.LlmChunk;
import dev.nova.protocol.ServerMessage;
import dev.nova.server.testing.TestServer;
import dev.nova.server.testing.WsTestClient;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * End to end with a real model: a Nova server streams answers from llama.cpp's OpenAI-compatible
 * server (the engine LM Studio is built on) serving the tiny model in ../shared/fixtures/llm.
 * {@code .ci/run} starts that server and sets {@code NOVA_E2E_LLM_URL}; without it this test is
 * skipped (and .ci/run says so).
 */
class RealModelE2EIT {
    @TempDir
    Path dir;
    TestServer server;

    @BeforeEach
    void start() {
        String url = System.getenv("NOVA_E2E_LLM_URL");
        assumeTrue(url != null && !url.isBlank(), "NOVA_E2E_LLM_URL is not set: no real model server");
        server = TestServer.start(dir, c -> c.withLlm(c.llm().withBaseUrl(URI.create(url))
                .withTimeouts(Duration.ofSeconds(60), Duration.ofSeconds(30))));
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void aRealModelsAnswerStreamsOverTheWebSocket() {
        try (WsTestClient c = server.login("test-client")) {
            c.send("{\"type\":\"llm_request\",\"data\":{\"content\":\"Test query\",\"template\":\"parsing_analysis\","
                    + "\"metadata\":{\"domain\":\"test\",\"type\":\"analysis\"}}}");
            List<LlmChunk> chunks = new ArrayList<>();
            LlmChunk chunk;
            do {
                chunk = c.next(LlmChunk.class);
                chunks.add(chunk);
            } while (!chunk.isFinal());
            String response = chunks.stream().filter(ch -> !ch.isFinal()).map(LlmChunk::chunk).reduce("", String::concat);
            assertThat(chunks.size()).isGreaterThan(1);
            assertThat(response).isNotBlank();
            assertThat(chunk.finishReason()).isIn(FinishReason.STOP, FinishReason.LENGTH);
            assertThat(chunk.stats().tokens()).isPositive();
            assertThat(chunk.stats().ttftMs()).isNotNull();
            assertThat(chunk.model()).isEqualTo("fortune-llama-2m");
        }
    }

    @Test
    void theAssistantAnswersAChatMessageAndTheAnswerIsStored() {
        try (WsTestClient c = server.login("reader")) {
            c.send("{\"type\":\"chat_message\",\"data\":{\"content\":\"Tell me a fortune\"}}");
            ChatMessage question = c.next(ChatMessage.class);
            StringBuilder streamed = new StringBuilder();
            ChatMessage answer = null;
            while (answer == null) {
                Envelope<ServerMessage> e = c.next();
                if (e.data() instanceof LlmChunk ch) {
                    streamed.append(ch.chunk());
                } else if (e.data() instanceof ChatMessage m) {
                    answer = m;
                }
            }
            assertThat(answer.sender()).isEqualTo("assistant");
            assertThat(answer.isFinal()).isTrue();
            assertThat(answer.content()).isEqualTo(streamed.toString()).isNotBlank();
            assertThat(answer.offset()).isEqualTo(question.offset() + 1);
        }
    }

    @Test
    void llamaCppIsListedThroughTheOpenAiFallbackWithNothingToLoad() {
        try (WsTestClient c = server.login("lister")) {
            ServerMessage.Models list = c.send("{\"type\":\"models\",\"data\":{}}").next(ServerMessage.Models.class);
            assertThat(list.error()).isNull();
            assertThat(list.api()).isEqualTo("openai");
            assertThat(list.canLoad()).isFalse();
            assertThat(list.models()).isNotEmpty();
            assertThat(list.models().get(0).key()).isNotBlank();
            // what llama.cpp says of its model in /v1/models (and /props): the Models window shows it
            ModelInfo m = list.models().get(0);
            assertThat(m.sizeBytes()).as("size").isPositive();
            assertThat(m.quantization()).as("quantization").isEqualTo("Q8_0");
            assertThat(m.params()).as("parameters").isEqualTo("2M");
            assertThat(m.maxContextLength()).as("trained context").isEqualTo(256);
            assertThat(m.contextLength()).as("the context it runs with").isEqualTo(256);
        }
    }

    @Test
    void aThirtyTurnThreadStillGetsAnswersFromA256TokenModel() {
        try (WsTestClient c = server.login("talker")) {
            ChatMessage last = null;
            for (int i = 1; i <= 30; i++) {
                c.send("{\"type\":\"chat_message\",\"data\":{\"content\":\"Tell me fortune number " + i + ", please\"}}");
                last = (ChatMessage) c.nextMatching(e -> e.data() instanceof ChatMessage m && Boolean.TRUE.equals(m.isFinal()),
                        java.time.Duration.ofSeconds(60)).data();
                assertThat(last.finishReason()).as("turn %d: %s", i, last.error())
                        .isNotEqualTo(dev.nova.protocol.FinishReason.ERROR);
            }
            assertThat(last.stats().contextTokens()).as("llama.cpp's /props").isEqualTo(256);
            assertThat(last.stats().leftOut()).as("the oldest turns were left out").isPositive();
        }
    }
}
