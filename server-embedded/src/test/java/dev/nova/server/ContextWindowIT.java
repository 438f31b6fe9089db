package dev.nova.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.nova.protocol.ServerMessage.ChatMessage;
import dev.nova.protocol.ServerMessage.LlmChunk;
import dev.nova.server.testing.FakeLmStudio;
import dev.nova.server.testing.FakeLmStudio.Script;
import dev.nova.server.testing.TestServer;
import dev.nova.server.testing.WsTestClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A long thread still gets answers from a model with a small context: the assistant sends as much
 * of it as fits (system prompt and question always, oldest turns dropped first) and the answer
 * says how many earlier messages were left out. The context comes from the model server's own
 * API, each as it documents it: LM Studio's /api/v1 and /api/v0, llama.cpp's /props.
 */
class ContextWindowIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    @TempDir
    Path dir;
    FakeLmStudio lm;
    TestServer server;

    @BeforeEach
    void start() throws Exception {
        lm = new FakeLmStudio();
        lm.always(Script.stream().answer("A fairly ordinary answer of a few words, ", "as a small model writes them."));
        server = TestServer.start(dir, TestServer.llm(lm.baseUrl(), Duration.ofSeconds(5)));
    }

    @AfterEach
    void stop() {
        server.close();
        lm.close();
    }

    /** Asks {@code n} questions one after another in the person's assistant thread; the last answer. */
    private static ChatMessage ask(WsTestClient c, int n, String model) {
        ChatMessage answer = null;
        for (int i = 1; i <= n; i++) {
            String q = "Question number " + i + ": tell me something about the sea, the sky and the hills.";
            c.send("{\"type\":\"chat_message\",\"data\":{\"content\":\"" + q + "\""
                    + (model == null ? "" : ",\"model\":\"" + model + "\"") + "}}");
            answer = (ChatMessage) c.nextMatching(e -> e.data() instanceof ChatMessage m && Boolean.TRUE.equals(m.isFinal()))
                    .data();
        }
        return answer;
    }

    /** The messages of the last chat request the model server got. */
    private JsonNode lastPrompt() throws Exception {
        List<FakeLmStudio.Request> chats = lm.requests().stream().filter(r -> r.path().endsWith("chat/completions")).toList();
        return JSON.readTree(chats.get(chats.size() - 1).body()).path("messages");
    }

    @Test
    void aThirtyTurnThreadFitsLmStudiosLoadedContextAndTheAnswerSaysWhatWasLeftOut() throws Exception {
        // LM Studio 0.4+: the loaded instance's context (256) counts, not the model's maximum.
        lm.serve("/api/v1/models", "{\"models\":[{\"type\":\"llm\",\"publisher\":\"google\",\"key\":\"" + FakeLmStudio.MODEL
                + "\",\"display_name\":\"Gemma\",\"loaded_instances\":[{\"id\":\"" + FakeLmStudio.MODEL
                + "\",\"config\":{\"context_length\":256}}],\"max_context_length\":32768,\"format\":\"gguf\"}]}");
        try (WsTestClient c = server.login("longtalker")) {
            ChatMessage last = ask(c, 30, null);
            assertThat(last.stats().contextTokens()).isEqualTo(256);
            assertThat(last.stats().leftOut()).as("earlier messages left out").isGreaterThan(20);
            assertThat(last.stats().promptTokens()).isLessThanOrEqualTo(256 - 64);
            JsonNode prompt = lastPrompt();
            assertThat(prompt.get(0).path("role").asText()).as("the system prompt is kept").isEqualTo("system");
            assertThat(prompt.get(prompt.size() - 1).path("content").asText()).startsWith("Question number 30:");
            assertThat(prompt.get(1).path("role").asText()).as("whole exchanges: a question first").isEqualTo("user");
            assertThat(prompt.size()).isLessThan(10);
            // the figures are kept with the stored answer
            c.send("{\"type\":\"history\",\"data\":{\"thread_id\":\"" + last.threadId() + "\",\"limit\":1}}");
            dev.nova.protocol.ServerMessage.History page = (dev.nova.protocol.ServerMessage.History) c.nextMatching(
                    e -> e.data() instanceof dev.nova.protocol.ServerMessage.History).data();
            assertThat(page.messages().get(0).stats().leftOut()).isEqualTo(last.stats().leftOut());
        }
    }

    @Test
    void theFinalChunkCarriesTheContextFiguresToo() {
        lm.serve("/props", "{\"default_generation_settings\":{\"n_ctx\":512},\"total_slots\":1}");
        try (WsTestClient c = server.login("streamer")) {
            c.send("{\"type\":\"chat_message\",\"data\":{\"content\":\"hello\"}}");
            LlmChunk last = (LlmChunk) c.nextMatching(e -> e.data() instanceof LlmChunk ch && ch.isFinal()).data();
            assertThat(last.stats().contextTokens()).as("llama.cpp's n_ctx").isEqualTo(512);
            assertThat(last.stats().leftOut()).isZero();
            assertThat(last.stats().tokens()).isEqualTo(2);
        }
    }

    @Test
    void lmStudio03sModelInfoGivesTheContextOfTheModelAsked() {
        lm.serve("/api/v0/models/qwen/qwen3-4b", "{\"id\":\"qwen/qwen3-4b\",\"object\":\"model\",\"type\":\"llm\","
                + "\"state\":\"loaded\",\"max_context_length\":300}");
        try (WsTestClient c = server.login("oldstudio")) {
            ChatMessage last = ask(c, 12, "qwen/qwen3-4b");
            assertThat(last.stats().contextTokens()).isEqualTo(300);
            assertThat(last.stats().leftOut()).isPositive();
        }
    }

    @Test
    void aServerThatDoesNotSaySendsTheLastMessagesAsBefore() throws Exception {
        try (WsTestClient c = server.login("plain")) {
            ChatMessage last = ask(c, 3, null);
            assertThat(last.stats().contextTokens()).isNull();
            assertThat(lastPrompt().size()).as("system, two exchanges, the question").isEqualTo(6);
        }
    }

    @Test
    void aPromptTheServerCountsLongerThanEstimatedIsCutAgainAndAnswered() throws Exception {
        lm.serve("/props", "{\"default_generation_settings\":{\"n_ctx\":256}}");
        try (WsTestClient c = server.login("tokenizer")) {
            ask(c, 4, null);
            int sentBefore = lastPrompt().size();
            // llama.cpp's answer when its tokenizer makes more of the thread than the estimate did
            lm.enqueue(Script.error(400, "{\"error\":{\"code\":400,\"message\":\"request (273 tokens) exceeds the available"
                    + " context size (256 tokens), try increasing it\",\"type\":\"exceed_context_size_error\","
                    + "\"n_prompt_tokens\":273,\"n_ctx\":256}}"));
            int requests = lm.requests().size();
            ChatMessage last = ask(c, 1, null);
            assertThat(last.finishReason()).as(String.valueOf(last.error())).isNotEqualTo(dev.nova.protocol.FinishReason.ERROR);
            assertThat(last.error()).isNull();
            List<FakeLmStudio.Request> chats = lm.requests().subList(requests, lm.requests().size()).stream()
                    .filter(r -> r.path().endsWith("chat/completions")).toList();
            assertThat(chats).as("refused once, asked once more").hasSize(2);
            int refused = JSON.readTree(chats.get(0).body()).path("messages").size();
            int again = JSON.readTree(chats.get(1).body()).path("messages").size();
            assertThat(again).as("cut again by what the server counted").isLessThan(refused);
            assertThat(refused).isGreaterThanOrEqualTo(sentBefore);
            assertThat(last.stats().leftOut()).isPositive();
        }
    }

    @Test
    void aServerThatDoesNotSayGetsTheContextLengthSetByTheOperator() {
        server.close();
        server = TestServer.start(dir, c -> {
            dev.nova.server.config.ServerConfig withLm = TestServer.llm(lm.baseUrl(), Duration.ofSeconds(5)).apply(c);
            return withLm.withLlm(withLm.llm().withContextLength(300));
        });
        try (WsTestClient c = server.login("ollama-user")) {
            ChatMessage last = ask(c, 12, null);
            assertThat(last.stats().contextTokens()).isEqualTo(300);
            assertThat(last.stats().leftOut()).isPositive();
        }
    }

    @Test
    void aModelServerStillLoadingIsAskedAgainAtTheNextQuestion() {
        lm.serve("/props", 503, "{\"error\":{\"code\":503,\"message\":\"Loading model\"}}");
        try (WsTestClient c = server.login("early")) {
            assertThat(ask(c, 1, null).stats().contextTokens()).as("not known while it loads").isNull();
            lm.serve("/props", "{\"default_generation_settings\":{\"n_ctx\":256}}");
            assertThat(ask(c, 1, null).stats().contextTokens()).as("not remembered as unknown").isEqualTo(256);
        }
    }
}
