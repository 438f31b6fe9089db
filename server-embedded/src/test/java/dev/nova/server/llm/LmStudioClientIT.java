package dev.nova.server.llm;

import dev.nova.server.config.LlmSettings;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.nova.protocol.ErrorCode;
import dev.nova.protocol.FinishReason;
import dev.nova.server.llm.StreamEvents.Outcome;
import dev.nova.server.testing.FakeLmStudio;
import dev.nova.server.testing.FakeLmStudio.Script;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The LM Studio client against a real HTTP server speaking LM Studio's streaming format. */
class LmStudioClientIT {
    FakeLmStudio lm;
    LmStudioClient client;

    @BeforeEach
    void start() throws Exception {
        lm = new FakeLmStudio();
        client = new LmStudioClient(LlmSettings.defaults().withBaseUrl(lm.baseUrl()).withApiKey("lm-token")
                .withTimeouts(Duration.ofSeconds(2), Duration.ofSeconds(1)));
    }

    @AfterEach
    void stop() {
        client.close();
        lm.close();
    }

    private RecordingEvents stream(String model) {
        RecordingEvents events = new RecordingEvents();
        client.stream(model, List.of(ChatTurn.system("be brief"), ChatTurn.user("Hello?")), events);
        return events;
    }

    @Test
    void aNormalAnswerStreamsItsPiecesAndEndsWithStopAndStats() throws Exception {
        lm.enqueue(Script.stream().answer("Hello", " there", "!"));
        RecordingEvents events = stream("llama-3.2-3b-instruct");
        Outcome end = events.awaitEnd();
        assertThat(events.contents).containsExactly("Hello", " there", "!");
        assertThat(end.finishReason()).isEqualTo(FinishReason.STOP);
        assertThat(end.failed()).isFalse();
        assertThat(end.stats().tokens()).isEqualTo(3); // from usage
        assertThat(end.stats().ttftMs()).isNotNull().isGreaterThanOrEqualTo(0);
        assertThat(end.model()).as("the model that answered, not the one asked for").isEqualTo(FakeLmStudio.MODEL);
        assertThat(events.ends).hasValue(1);

        JsonNode sent = new ObjectMapper().readTree(lm.requests().get(0).body());
        assertThat(sent.get("stream").asBoolean()).isTrue();
        assertThat(sent.at("/stream_options/include_usage").asBoolean()).isTrue();
        assertThat(sent.get("model").asText()).isEqualTo("llama-3.2-3b-instruct");
        assertThat(sent.at("/messages/0/role").asText()).isEqualTo("system");
        assertThat(sent.at("/messages/1/content").asText()).isEqualTo("Hello?");
        assertThat(lm.requests().get(0).authorization()).isEqualTo("Bearer lm-token");
        assertThat(lm.requests().get(0).path()).isEqualTo("/v1/chat/completions");
    }

    @Test
    void reasoningIsKeptApartFromTheAnswer() {
        lm.enqueue(Script.stream().reasoning("Let me think.").reasoning(" Yes.").content("42").finish("stop").done().build());
        RecordingEvents events = stream(null);
        events.awaitEnd();
        assertThat(events.reasonings).containsExactly("Let me think.", " Yes.");
        assertThat(events.text()).isEqualTo("42");
    }

    @Test
    void eventsSplitAcrossReadsAndSeveralInOneReadAreAllParsed() {
        String a = "data: " + FakeLmStudio.delta("{\"content\":\"Hel\"}") + "\n\n";
        String b = "data: " + FakeLmStudio.delta("{\"content\":\"lo\"}") + "\n\n";
        String c = "data: " + FakeLmStudio.delta("{\"content\":\" wor\"}") + "\n\n";
        String d = "data: " + FakeLmStudio.delta("{\"content\":\"ld\"}") + "\n\n";
        lm.enqueue(Script.stream()
                .raw(a.substring(0, 7)).pause(30).raw(a.substring(7, 60)).pause(30).raw(a.substring(60))
                .raw(b + c.substring(0, c.length() - 1)).pause(30).raw("\n" + d)     // several in one read
                .raw("data: [DO").pause(20).raw("NE]\n\n")
                .build());
        RecordingEvents events = stream(null);
        Outcome end = events.awaitEnd();
        assertThat(events.text()).isEqualTo("Hello world");
        // no finish_reason chunk came: [DONE] alone is not a finished answer
        assertThat(end.finishReason()).isEqualTo(FinishReason.ERROR);
    }

    @Test
    void crlfLineEndsAndUnknownFieldsAreFine() {
        lm.enqueue(Script.stream()
                .raw("data: {\"choices\":[{\"delta\":{\"content\":\"ok\",\"tool_calls\":null,\"x\":1}}],\"new\":true}\r\n\r\n")
                .raw("data: {\"choices\":[{\"delta\":{},\"finish_reason\":\"length\"}]}\r\n\r\n")
                .build());
        RecordingEvents events = stream(null);
        assertThat(events.awaitEnd().finishReason()).isEqualTo(FinishReason.LENGTH);
        assertThat(events.text()).isEqualTo("ok");
    }

    @Test
    void aNullFirstDeltaAndACharacterSplitAcrossReadsAreHandled() {
        String event = "data: " + FakeLmStudio.delta("{\"content\":\"caf\u00e9 \uD83D\uDE00\"}") + "\n\n";
        byte[] bytes = event.getBytes(StandardCharsets.UTF_8);
        int insideEmoji = event.substring(0, event.indexOf('\uD83D')).getBytes(StandardCharsets.UTF_8).length + 2;
        lm.enqueue(Script.stream()
                .event(FakeLmStudio.delta("{\"role\":\"assistant\",\"content\":null}"))
                .bytes(Arrays.copyOfRange(bytes, 0, insideEmoji)).pause(30)
                .bytes(Arrays.copyOfRange(bytes, insideEmoji, bytes.length))
                .finish("stop").done().build());
        RecordingEvents events = stream(null);
        events.awaitEnd();
        assertThat(events.text()).isEqualTo("caf\u00e9 \uD83D\uDE00");
    }

    @Test
    void slowTokensArriveOneByOneWithoutTimingOut() {
        lm.enqueue(Script.stream().firstContent("a").pause(300).content("b").pause(300).content("c")
                .finish("stop").done().build());
        RecordingEvents events = stream(null);
        Outcome end = events.awaitEnd();
        assertThat(events.contents).containsExactly("a", "b", "c");
        assertThat(end.finishReason()).isEqualTo(FinishReason.STOP);
        assertThat(end.stats().tokens()).isEqualTo(3); // counted: no usage event this time
        assertThat(end.stats().tokensPerS()).isNotNull().isPositive();
    }

    @Test
    void aStreamCutMidwayEndsWithErrorAfterThePartialText() {
        lm.enqueue(Script.stream().firstContent("Once upon").content(" a time").build()); // then the body just ends
        RecordingEvents events = stream(null);
        Outcome end = events.awaitEnd();
        assertThat(events.text()).isEqualTo("Once upon a time");
        assertThat(end.finishReason()).isEqualTo(FinishReason.ERROR);
        assertThat(end.errorCode()).isEqualTo(ErrorCode.LLM_ERROR);
    }

    @Test
    void noModelLoadedIsAnLlmErrorWithLmStudiosOwnMessage() {
        lm.enqueue(Script.error(400, FakeLmStudio.NO_MODEL_BODY));
        Outcome end = stream(null).awaitEnd();
        assertThat(end.errorCode()).isEqualTo(ErrorCode.LLM_ERROR);
        assertThat(end.error()).startsWith("No models loaded. Please load a model");
    }

    @Test
    void aRefusedConnectionSaysLmStudioIsNotReachable() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        try (LmStudioClient nowhere = new LmStudioClient(LlmSettings.defaults()
                .withBaseUrl(URI.create("http://127.0.0.1:" + port + "/v1")))) {
            RecordingEvents events = new RecordingEvents();
            nowhere.stream(null, List.of(ChatTurn.user("hi")), events);
            Outcome end = events.awaitEnd();
            assertThat(end.errorCode()).isEqualTo(ErrorCode.LLM_UNAVAILABLE);
            assertThat(end.error()).isEqualTo("LM Studio is not reachable at http://127.0.0.1:" + port
                    + "/v1 - start its local server (Developer tab, or `lms server start`)");
        }
    }

    @Test
    void aServerThatHangsBeforeTheFirstByteTimesOut() {
        lm.enqueue(Script.hangBeforeHeaders());
        Outcome end = stream(null).awaitEnd();
        assertThat(end.errorCode()).isEqualTo(ErrorCode.LLM_ERROR);
        assertThat(end.error()).contains("did not start answering within 2 s");
    }

    @Test
    void aStreamThatFallsSilentMidwayTimesOut() {
        lm.enqueue(Script.stream().firstContent("partial").hang().build());
        RecordingEvents events = stream(null);
        Outcome end = events.awaitEnd();
        assertThat(events.text()).isEqualTo("partial");
        assertThat(end.error()).contains("sent nothing for 1 s");
    }

    @Test
    void cancelClosesTheUpstreamRequestAndEndsAsCancelled() throws Exception {
        lm.enqueue(Script.stream().firstContent("tok").repeat(500, 10, " tok").finish("stop").done().build());
        RecordingEvents events = new RecordingEvents();
        Generation g = client.stream(null, List.of(ChatTurn.user("go on")), events);
        events.awaitFirstDelta();
        g.cancel();
        assertThat(events.awaitEnd().finishReason()).isEqualTo(FinishReason.CANCELLED);
        assertThat(lm.awaitClosedByClient(1, TimeUnit.SECONDS.toMillis(10))).as("LM Studio saw the request closed").isTrue();
        int seen = events.contents.size();
        assertThat(seen).isLessThan(100);
        g.cancel(); // twice is harmless
        assertThat(events.ends).hasValue(1);
    }

    @Test
    void modelsListsWhatLmStudioHasLoaded() throws Exception {
        assertThat(client.models(Duration.ofSeconds(5)).get(5, TimeUnit.SECONDS))
                .containsExactly(FakeLmStudio.MODEL, "text-embedding-nomic-embed-text-v1.5");
    }

    @Test
    void thePersonsSamplingSettingsAndDefaultModelAreSent() throws Exception {
        lm.enqueue(Script.stream().answer("ok"));
        try (LmStudioClient tuned = new LmStudioClient(LlmSettings.defaults().withBaseUrl(lm.baseUrl())
                .withSampling(0.2, 256, "qwen2.5-7b-instruct"))) {
            RecordingEvents events = new RecordingEvents();
            tuned.stream(null, List.of(ChatTurn.user("hi")), events);
            events.awaitEnd();
        }
        JsonNode sent = new ObjectMapper().readTree(lm.requests().get(0).body());
        assertThat(sent.get("model").asText()).isEqualTo("qwen2.5-7b-instruct");
        assertThat(sent.get("temperature").asDouble()).isEqualTo(0.2);
        assertThat(sent.get("max_tokens").asInt()).isEqualTo(256);
    }
}
