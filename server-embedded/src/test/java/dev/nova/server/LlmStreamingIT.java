package dev.nova.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nova.protocol.Envelope;
import dev.nova.protocol.ErrorCode;
import dev.nova.protocol.FinishReason;
import dev.nova.protocol.ServerMessage;
import dev.nova.protocol.ServerMessage.ChatMessage;
import dev.nova.protocol.ServerMessage.LlmChunk;
import dev.nova.server.testing.FakeLmStudio;
import dev.nova.server.testing.Frames;
import dev.nova.server.testing.FakeLmStudio.Script;
import dev.nova.server.testing.TestServer;
import dev.nova.server.testing.WsTestClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** llm_request / llm_chunk / llm_cancel and the assistant, over real sockets, against a scripted LM Studio. */
class LlmStreamingIT {
    @TempDir
    Path dir;
    FakeLmStudio lm;
    TestServer server;

    @BeforeEach
    void start() throws Exception {
        lm = new FakeLmStudio();
        server = TestServer.start(dir, TestServer.llm(lm.baseUrl(), Duration.ofSeconds(5)));
    }

    @AfterEach
    void stop() {
        server.close();
        lm.close();
    }

    private static final String GUIDE_REQUEST = "{\"type\":\"llm_request\",\"data\":{\"content\":\"Test query\","
            + "\"template\":\"parsing_analysis\",\"metadata\":{\"domain\":\"test\",\"type\":\"analysis\"}}}";

    /** Collects chunks until the final one, as the guide's tests do. */
    private static List<Envelope<ServerMessage>> collectStream(WsTestClient c) {
        List<Envelope<ServerMessage>> out = new ArrayList<>();
        while (true) {
            Envelope<ServerMessage> e = c.next();
            out.add(e);
            if (e.data() instanceof LlmChunk chunk && chunk.isFinal()) {
                return out;
            }
        }
    }

    @Test
    void theGuidesStreamingFlowCollectsChunksUntilTheFinalOne() throws Exception {
        lm.enqueue(Script.stream().answer("## Summary", "\nA test", " query."));
        try (WsTestClient c = server.login("test-client")) {
            c.send(GUIDE_REQUEST);
            List<Envelope<ServerMessage>> chunks = collectStream(c);
            assertThat(chunks.size()).isGreaterThan(1);
            assertThat(chunks).allMatch(e -> e.type().equals("llm_chunk"));
            String response = chunks.stream().map(e -> (LlmChunk) e.data()).filter(ch -> !ch.isFinal())
                    .map(LlmChunk::chunk).reduce("", String::concat);
            assertThat(response).isEqualTo("## Summary\nA test query.");
            LlmChunk last = (LlmChunk) chunks.get(chunks.size() - 1).data();
            assertThat(last.finishReason()).isEqualTo(FinishReason.STOP);
            assertThat(last.stats().tokens()).isEqualTo(3);
            assertThat(last.stats().ttftMs()).isNotNull();
            assertThat(last.model()).isEqualTo(FakeLmStudio.MODEL);
            assertThat(chunks).extracting(e -> ((LlmChunk) e.data()).requestId()).doesNotContainNull().hasSize(chunks.size())
                    .allMatch(id -> id.equals(last.requestId()));
        }
        String prompt = lm.requests().get(0).body();
        assertThat(prompt).contains("Test query", "\\\"domain\\\":\\\"test\\\"", "Nova's analyst");
    }

    @Test
    void twoRequestsStreamAtOnceOnOneConnectionToldApartByRequestId() {
        lm.enqueue(Script.stream().firstContent("a1").pause(50).content("a2").pause(50).content("a3").finish("stop").done().build());
        lm.enqueue(Script.stream().firstContent("b1").pause(40).content("b2").pause(40).content("b3").finish("stop").done().build());
        try (WsTestClient c = server.login("multi")) {
            c.send(request("one", "first"));
            c.send(request("two", "second"));
            Map<String, StringBuilder> text = new HashMap<>();
            int finals = 0;
            while (finals < 2) {
                LlmChunk chunk = c.next(LlmChunk.class);
                if (chunk.isFinal()) {
                    finals++;
                    assertThat(chunk.finishReason()).isEqualTo(FinishReason.STOP);
                } else {
                    text.computeIfAbsent(chunk.requestId(), k -> new StringBuilder()).append(chunk.chunk());
                }
            }
            assertThat(text.values()).extracting(StringBuilder::toString).containsExactlyInAnyOrder("a1a2a3", "b1b2b3");
        }
    }

    @Test
    void cancelStopsTheGenerationUpstreamAndEndsWithCancelled() throws Exception {
        lm.enqueue(Script.stream().firstContent("tok").repeat(1000, 10, " tok").finish("stop").done().build());
        try (WsTestClient c = server.login("stopper")) {
            c.send(request("long", "write a novel"));
            c.next(LlmChunk.class);
            c.send("{\"type\":\"llm_cancel\",\"data\":{\"request_id\":\"long\"}}");
            LlmChunk last = c.nextMatching(e -> e.data() instanceof LlmChunk ch && ch.isFinal()).data() instanceof LlmChunk ch ? ch : null;
            assertThat(last.finishReason()).isEqualTo(FinishReason.CANCELLED);
            assertThat(lm.awaitClosedByClient(1, TimeUnit.SECONDS.toMillis(10))).as("upstream request closed").isTrue();
            // a second stop, crossing the end: nothing to stop and nothing said (no error for the client to show)
            c.send("{\"type\":\"llm_cancel\",\"data\":{\"request_id\":\"long\"}}");
            c.send(Frames.ping());
            c.next(ServerMessage.Pong.class);
        }
    }

    @Test
    void aClientThatDisconnectsMidStreamCancelsItsStreams() throws Exception {
        lm.enqueue(Script.stream().firstContent("tok").repeat(1000, 10, " tok").finish("stop").done().build());
        WsTestClient c = server.login("leaver");
        c.send(request("bye", "go on"));
        c.next(LlmChunk.class);
        c.abort();
        assertThat(lm.awaitClosedByClient(1, TimeUnit.SECONDS.toMillis(10))).as("upstream request closed").isTrue();
    }

    @Test
    void noModelLoadedGivesLlmErrorWithLmStudiosMessageThenAFinalChunk() {
        lm.enqueue(Script.error(400, FakeLmStudio.NO_MODEL_BODY));
        try (WsTestClient c = server.login("nomodel")) {
            c.send(request("q", "hello"));
            ServerMessage.Error error = c.next(ServerMessage.Error.class);
            assertThat(error.code()).isEqualTo(ErrorCode.LLM_ERROR);
            assertThat(error.message()).startsWith("No models loaded.");
            assertThat(error.requestId()).isEqualTo("q");
            LlmChunk last = c.next(LlmChunk.class);
            assertThat(last.isFinal()).isTrue();
            assertThat(last.finishReason()).isEqualTo(FinishReason.ERROR);
        }
    }

    @Test
    void anUnreachableLmStudioIsLlmUnavailableAndOtherConnectionsAreUnaffected() {
        lm.close();
        try (WsTestClient c = server.login("alone"); WsTestClient other = server.login("other")) {
            c.send(request("q", "hello"));
            assertThat(c.next(ServerMessage.Error.class).code()).isEqualTo(ErrorCode.LLM_UNAVAILABLE);
            assertThat(c.next(LlmChunk.class).finishReason()).isEqualTo(FinishReason.ERROR);
            other.send("{\"type\":\"ping\",\"data\":{}}");
            other.next(ServerMessage.Pong.class);
        }
    }

    @Test
    void anUnknownTemplateListsTheKnownOnes() {
        try (WsTestClient c = server.login("typo")) {
            c.send("{\"type\":\"llm_request\",\"data\":{\"content\":\"x\",\"template\":\"summarise\",\"metadata\":{}}}");
            ServerMessage.Error error = c.next(ServerMessage.Error.class);
            assertThat(error.code()).isEqualTo(ErrorCode.INVALID_MESSAGE);
            assertThat(error.message()).contains("unknown template 'summarise'", "summarize", "parsing_analysis",
                    "explain_code", "plan");
        }
    }

    @Test
    void anErrorAnsweringARequestNamesThatRequestSoTwoInFlightCanBeToldApart() {
        try (WsTestClient c = server.login("juggler")) {
            c.send("{\"type\":\"llm_request\",\"data\":{\"content\":\"x\",\"template\":\"nope\",\"metadata\":{},"
                    + "\"request_id\":\"r-first\"}}");
            c.send("{\"type\":\"llm_request\",\"data\":{\"content\":\"x\",\"template\":\"nah\",\"metadata\":{},"
                    + "\"request_id\":\"r-second\"}}");
            ServerMessage.Error first = c.next(ServerMessage.Error.class);
            assertThat(first.requestId()).isEqualTo("r-first");
            assertThat(first.refType()).isEqualTo("llm_request");
            ServerMessage.Error second = c.next(ServerMessage.Error.class);
            assertThat(second.message()).contains("'nah'");
            assertThat(second.requestId()).isEqualTo("r-second");
        }
    }

    @Test
    void aTemplateInTheTemplatesFolderOverridesTheBuiltInOne() throws Exception {
        Path templates = dir.resolve("templates");
        Files.createDirectories(templates);
        Files.writeString(templates.resolve("summarize.prompt"), "Talk like a pirate.\n---\nTL;DR {{content}} for {{metadata.who}}");
        lm.enqueue(Script.stream().answer("Arr"));
        try (WsTestClient c = server.login("pirate")) {
            c.send("{\"type\":\"llm_request\",\"data\":{\"content\":\"the doc\",\"template\":\"summarize\","
                    + "\"metadata\":{\"who\":\"Ann\"}}}");
            collectStream(c);
        }
        assertThat(lm.requests().get(0).body()).contains("Talk like a pirate.", "TL;DR the doc for Ann");
    }

    @Test
    void aChatWithTheAssistantUsesTheThreadAsContextAndStoresTheAnswer() {
        lm.enqueue(Script.stream().answer("Paris", "."));
        lm.enqueue(Script.stream().answer("About 2.1", " million."));
        try (WsTestClient c = server.login("traveller")) {
            ChatMessage q1 = ask(c, "What is the capital of France?");
            ChatMessage a1 = answerTo(c, q1);
            assertThat(a1.content()).isEqualTo("Paris.");
            assertThat(a1.isFinal()).isTrue();
            assertThat(a1.response()).isEqualTo("Paris.");
            assertThat(a1.model()).isEqualTo(FakeLmStudio.MODEL);
            assertThat(a1.stats().tokens()).isEqualTo(2);
            ChatMessage q2 = ask(c, "And its population?");
            answerTo(c, q2);
            String second = lm.requests().get(1).body();
            assertThat(second).contains("What is the capital of France?", "Paris.", "And its population?");
            c.send("{\"type\":\"history\",\"data\":{}}");
            assertThat(c.next(ServerMessage.History.class).messages()).extracting(ChatMessage::sender)
                    .containsExactly("traveller", "assistant", "traveller", "assistant");
        }
    }

    @Test
    void aTemplateQuestionInAThreadIsAnsweredWithTheTemplateAndKeptWithItsAnswerAcrossARestart() {
        lm.enqueue(Script.stream().answer("Milk and a call.", ""));
        lm.enqueue(Script.stream().answer("A call and milk.", ""));
        String key = server.key("summer");
        ChatMessage q;
        try (WsTestClient c = server.login("summer", key)) {
            q = ask(c, "/summarize Buy milk. Call Ada. Research and write the report.");
            ChatMessage a = answerTo(c, q);
            assertThat(a.content()).isEqualTo("Milk and a call.");
            assertThat(a.work()).as("the template, not the agents (the text says research and write)").isNullOrEmpty();
        }
        String body = lm.requests().stream().filter(r -> r.path().endsWith("/chat/completions")).findFirst()
                .orElseThrow().body();
        assertThat(body).contains("Nova's summarizer", "Buy milk. Call Ada.").doesNotContain("/summarize");

        server.close();
        server = TestServer.start(dir, TestServer.llm(lm.baseUrl(), Duration.ofSeconds(5)));
        try (WsTestClient c = server.login("summer", key)) {
            c.send("{\"type\":\"history\",\"data\":{}}");
            assertThat(c.next(ServerMessage.History.class).messages()).extracting(ChatMessage::content)
                    .as("what the thread showed is what it kept").containsExactly(
                            "/summarize Buy milk. Call Ada. Research and write the report.", "Milk and a call.");
            c.send("{\"type\":\"regenerate\",\"data\":{\"message_id\":\"" + q.messageId() + "\"}}");
            assertThat(answerTo(c, q).content()).isEqualTo("A call and milk.");
        }
        assertThat(lm.requests().stream().filter(r -> r.path().endsWith("/chat/completions")).toList().get(1).body())
                .as("regenerated with the template too").contains("Nova's summarizer");
    }

    @Test
    void failedAndStoppedTurnsAreNotSentBackAsContext() {
        lm.enqueue(Script.error(400, FakeLmStudio.NO_MODEL_BODY));
        lm.enqueue(Script.stream().firstContent("Once").repeat(1000, 10, " more").finish("stop").done().build());
        lm.enqueue(Script.stream().answer("Fine."));
        try (WsTestClient c = server.login("unlucky")) {
            answerTo(c, ask(c, "First try, when no model is loaded"));
            ChatMessage q2 = ask(c, "Tell me a long story");
            c.next(LlmChunk.class);
            c.send("{\"type\":\"llm_cancel\",\"data\":{\"request_id\":\"answer-" + q2.messageId() + "\"}}");
            ChatMessage stopped = (ChatMessage) c.nextMatching(e -> e.data() instanceof ChatMessage).data();
            assertThat(stopped.finishReason()).isEqualTo(FinishReason.CANCELLED);
            answerTo(c, ask(c, "A short one, then"));
        }
        String third = lm.requests().get(2).body();
        assertThat(third).contains("A short one, then")
                .doesNotContain("First try", "No models loaded", "Tell me a long story", "Once more");
    }

    @Test
    void aFailedAnswerKeepsItsReasonAndRegenerateAnswersTheSameQuestionAgainInsteadOfAskingItTwice() {
        lm.enqueue(Script.error(400, FakeLmStudio.NO_MODEL_BODY));
        lm.enqueue(Script.stream().answer("Blue."));
        lm.enqueue(Script.stream().answer("Still blue."));
        try (WsTestClient c = server.login("retrier")) {
            ChatMessage q = ask(c, "What colour is the sky?");
            ChatMessage failed = answerTo(c, q);
            assertThat(failed.finishReason()).isEqualTo(FinishReason.ERROR);
            assertThat(failed.replyTo()).isEqualTo(q.messageId());
            assertThat(failed.error()).contains("No models loaded");

            c.send("{\"type\":\"regenerate\",\"data\":{\"message_id\":\"" + q.messageId() + "\"}}");
            ChatMessage again = answerTo(c, q);
            assertThat(again.content()).isEqualTo("Blue.");
            assertThat(again.replyTo()).isEqualTo(q.messageId());
            assertThat(again.error()).isNull();

            c.send("{\"type\":\"history\",\"data\":{}}");
            List<ChatMessage> stored = c.next(ServerMessage.History.class).messages();
            assertThat(stored).extracting(ChatMessage::sender).as("the question once, both answers")
                    .containsExactly("retrier", "assistant", "assistant");
            assertThat(stored.get(1).error()).as("the reason, after a restart too").contains("No models loaded");

            answerTo(c, ask(c, "And at night?"));
            assertThat(lm.requests().get(2).body()).contains("What colour is the sky?", "Blue.", "And at night?")
                    .doesNotContain("No models loaded");

            c.send("{\"type\":\"regenerate\",\"data\":{\"message_id\":\"m-nope\"}}");
            assertThat(c.next(ServerMessage.Error.class).code()).isEqualTo(ErrorCode.NOT_FOUND);
            c.send("{\"type\":\"regenerate\",\"channel\":\"general\",\"data\":{\"message_id\":\"" + q.messageId() + "\"}}");
            assertThat(c.next(ServerMessage.Error.class).code()).isEqualTo(ErrorCode.INVALID_MESSAGE);
        }
    }

    @Test
    void aChatMessageCanNameTheModelThatAnswers() {
        lm.enqueue(Script.stream().answer("From the default."));
        lm.enqueue(Script.stream().answer("From the coder."));
        try (WsTestClient c = server.login("picky")) {
            answerTo(c, ask(c, "Which model are you?"));
            c.send("{\"type\":\"chat_message\",\"data\":{\"content\":\"And now?\",\"model\":\"qwen2.5-coder-7b\"}}");
            answerTo(c, c.next(ChatMessage.class));
        }
        assertThat(lm.requests().get(0).body()).doesNotContain("qwen2.5-coder-7b");
        assertThat(lm.requests().get(1).body()).contains("\"model\":\"qwen2.5-coder-7b\"");
    }

    @Test
    void aStoppedAnswerIsStoredWithWhatWasWrittenMarkedCancelled() {
        lm.enqueue(Script.stream().firstContent("Once").repeat(1000, 10, " more").finish("stop").done().build());
        try (WsTestClient c = server.login("impatient")) {
            ChatMessage q = ask(c, "Tell me a long story");
            c.next(LlmChunk.class);
            c.send("{\"type\":\"llm_cancel\",\"data\":{\"request_id\":\"answer-" + q.messageId() + "\"}}");
            ChatMessage answer = c.nextMatching(e -> e.data() instanceof ChatMessage).data() instanceof ChatMessage m ? m : null;
            assertThat(answer.finishReason()).isEqualTo(FinishReason.CANCELLED);
            assertThat(answer.content()).startsWith("Once");
            c.send("{\"type\":\"history\",\"data\":{}}");
            ChatMessage stored = c.nextMatching(e -> e.data() instanceof ServerMessage.History).data()
                    instanceof ServerMessage.History h ? h.messages().get(1) : null;
            assertThat(stored).isEqualTo(answer);
        }
    }

    @Test
    void healthReportsWhetherLmStudioIsReady() throws Exception {
        var http = java.net.http.HttpClient.newHttpClient();
        var r = http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(
                "http://127.0.0.1:" + server.server().port() + "/health")).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(r.body()).contains("\"llm\":{\"url\":\"" + lm.baseUrl() + "\",\"status\":\"ready\"");
    }

    private static ChatMessage ask(WsTestClient c, String question) {
        c.send("{\"type\":\"chat_message\",\"data\":{\"content\":\"" + question + "\"}}");
        return c.next(ChatMessage.class);
    }

    /** Reads the answer's chunks and returns the stored answer that closes it. */
    private static ChatMessage answerTo(WsTestClient c, ChatMessage question) {
        StringBuilder streamed = new StringBuilder();
        while (true) {
            Envelope<ServerMessage> e = c.next();
            if (e.data() instanceof LlmChunk chunk) {
                assertThat(chunk.requestId()).isEqualTo("answer-" + question.messageId());
                streamed.append(chunk.chunk());
            } else if (e.data() instanceof ChatMessage m) {
                assertThat(m.sender()).isEqualTo("assistant");
                assertThat(m.content()).isEqualTo(streamed.toString());
                assertThat(e.channel()).isNull();
                return m;
            }
        }
    }

    private static String request(String id, String content) {
        return "{\"type\":\"llm_request\",\"data\":{\"content\":\"" + content + "\",\"template\":\"chat\","
                + "\"metadata\":{},\"request_id\":\"" + id + "\"}}";
    }
}
