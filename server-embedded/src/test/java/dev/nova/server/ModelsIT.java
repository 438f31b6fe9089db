package dev.nova.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.nova.protocol.ErrorCode;
import dev.nova.protocol.ModelInfo;
import dev.nova.protocol.ModelState;
import dev.nova.protocol.ServerMessage.ModelStatus;
import dev.nova.protocol.ServerMessage.Models;
import dev.nova.protocol.ServerMessage;
import dev.nova.server.identity.Role;
import dev.nova.server.testing.FakeLmStudio.Request;
import dev.nova.server.testing.FakeLmStudio.Script;
import dev.nova.server.testing.FakeLmStudio;
import dev.nova.server.testing.LmStudioDocs;
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
 * {@code models}, {@code model_load} and {@code model_unload} against a stand-in serving LM
 * Studio's native APIs as their documentation shows them (the JSON below is the documented
 * example response of {@code GET /api/v1/models} and {@code GET /api/v0/models}; the load stream
 * uses the documented {@code /api/v1/chat} event names and fields), and against a plain
 * OpenAI-compatible server. The real llama.cpp server is asked in {@code RealModelE2EIT}.
 */
class ModelsIT {
    @TempDir
    Path dir;
    FakeLmStudio lm;
    TestServer server;

    @BeforeEach
    void start() throws java.io.IOException {
        lm = new FakeLmStudio();
        server = TestServer.start(dir, TestServer.llm(lm.baseUrl(), Duration.ofSeconds(5)));
    }

    @AfterEach
    void stop() {
        server.close();
        lm.close();
    }

    private static Models models(WsTestClient c) {
        return c.send("{\"type\":\"models\",\"data\":{}}").next(Models.class);
    }

    /** The model_status frames of one load, up to its last (loaded or failed). */
    private static List<ModelStatus> load(WsTestClient c, String model) {
        c.send("{\"type\":\"model_load\",\"data\":{\"model\":\"" + model + "\"}}");
        List<ModelStatus> seen = new ArrayList<>();
        ModelStatus s;
        do {
            s = c.next(ModelStatus.class);
            seen.add(s);
        } while (s.state() == ModelState.LOADING);
        return seen;
    }

    private Request lastTo(String path) {
        return lm.requests().stream().filter(r -> r.path().equals(path)).reduce((a, b) -> b).orElseThrow();
    }

    @Test
    void lmStudio04ListsEveryDownloadedModelLoadsWithProgressAndUnloads() throws Exception {
        lm.serve("/api/v1/models", LmStudioDocs.V1_MODELS);
        lm.route("/api/v1/chat", Script.stream()
                .named("chat.start", "{\"type\":\"chat.start\",\"model_instance_id\":\"gemma-3-270m-it-qat\"}")
                .named("model_load.start", "{\"type\":\"model_load.start\",\"model_instance_id\":\"gemma-3-270m-it-qat\"}")
                .named("model_load.progress", "{\"type\":\"model_load.progress\",\"model_instance_id\":\"gemma-3-270m-it-qat\",\"progress\":0.25}")
                .named("model_load.progress", "{\"type\":\"model_load.progress\",\"model_instance_id\":\"gemma-3-270m-it-qat\",\"progress\":0.255}")
                .named("model_load.progress", "{\"type\":\"model_load.progress\",\"model_instance_id\":\"gemma-3-270m-it-qat\",\"progress\":0.65}")
                .named("model_load.end", "{\"type\":\"model_load.end\",\"model_instance_id\":\"gemma-3-270m-it-qat\",\"load_time_seconds\":12.34}")
                .named("prompt_processing.start", "{\"type\":\"prompt_processing.start\"}")
                .hang().build());
        lm.route("/api/v1/models/unload", Script.stream().raw("{\"instance_id\":\"gemma-3-270m-it-qat\"}").build());
        try (WsTestClient admin = server.login("root", server.key("root", Role.ADMIN));
             WsTestClient ann = server.login("ann")) {
            Models list = models(ann);
            assertThat(list.api()).isEqualTo("lmstudio");
            assertThat(list.canLoad()).isTrue();
            assertThat(list.canUnload()).isTrue();
            assertThat(list.models()).containsExactly(
                    new ModelInfo("gemma-3-270m-it-qat", "Gemma 3 270m Instruct Qat", "llm", ModelState.LOADED, 241410208L,
                            "Q4_0", "270M", 32768L, 4096L, false, false),
                    new ModelInfo("text-embedding-nomic-embed-text-v1.5-embedding", "Nomic Embed Text v1.5", "embedding",
                            ModelState.NOT_LOADED, 274290560L, "F16", null, 2048L, null, null, null));

            List<ModelStatus> steps = load(ann, "gemma-3-270m-it-qat");
            assertThat(steps).extracting(ModelStatus::state).containsExactly(ModelState.LOADING, ModelState.LOADING,
                    ModelState.LOADING, ModelState.LOADED);
            assertThat(steps).extracting(ModelStatus::progress).containsExactly(0.0, 0.25, 0.65, 1.0); // 0.255 is too close to tell
            assertThat(steps.get(3).loadTimeS()).isEqualTo(12.34);
            JsonNode asked = new ObjectMapper().readTree(lastTo("/api/v1/chat").body());
            assertThat(asked.path("model").asText()).isEqualTo("gemma-3-270m-it-qat");
            assertThat(asked.path("stream").asBoolean()).isTrue();
            assertThat(asked.path("max_output_tokens").asInt()).isEqualTo(1);
            assertThat(asked.path("store").asBoolean(true)).as("the warm-up chat is not kept in LM Studio").isFalse();

            ann.send("{\"type\":\"model_unload\",\"data\":{\"model\":\"gemma-3-270m-it-qat\"}}");
            assertThat(ann.next(ServerMessage.Error.class).code()).isEqualTo(ErrorCode.FORBIDDEN);
            admin.send("{\"type\":\"model_unload\",\"data\":{\"model\":\"gemma-3-270m-it-qat\"}}");
            assertThat(admin.next(ModelStatus.class).state()).isEqualTo(ModelState.NOT_LOADED);
            assertThat(new ObjectMapper().readTree(lastTo("/api/v1/models/unload").body()).path("instance_id").asText())
                    .isEqualTo("gemma-3-270m-it-qat");
        }
    }

    @Test
    void aModelAlreadyLoadedIsLoadedAtOnceAndALoadErrorIsSaid() {
        lm.serve("/api/v1/models", LmStudioDocs.V1_MODELS);
        lm.route("/api/v1/chat", Script.stream()
                .named("chat.start", "{\"type\":\"chat.start\",\"model_instance_id\":\"gemma-3-270m-it-qat\"}")
                .named("prompt_processing.start", "{\"type\":\"prompt_processing.start\"}")
                .hang().build());
        try (WsTestClient ann = server.login("ann")) {
            assertThat(load(ann, "gemma-3-270m-it-qat")).extracting(ModelStatus::state)
                    .containsExactly(ModelState.LOADING, ModelState.LOADED);
            lm.route("/api/v1/chat", Script.stream()
                    .named("chat.start", "{\"type\":\"chat.start\",\"model_instance_id\":\"big\"}")
                    .named("error", "{\"type\":\"error\",\"error\":{\"type\":\"model_not_found\",\"message\":\"Model big not found\"}}")
                    .build());
            ModelStatus failed = load(ann, "big").get(1);
            assertThat(failed.state()).isEqualTo(ModelState.FAILED);
            assertThat(failed.error()).isEqualTo("Model big not found");
            lm.route("/api/v1/chat", Script.error(404, "{\"error\":{\"message\":\"Model 'nope' not found\"}}"));
            assertThat(load(ann, "nope").get(1).error()).isEqualTo("Model 'nope' not found");
        }
    }

    @Test
    void lmStudio03ListsWithStateAndLoadsAModelByAskingIt() throws Exception {
        lm.serve("/api/v0/models", LmStudioDocs.V0_MODELS);
        lm.enqueue(Script.stream().raw("{\"id\":\"chatcmpl-1\",\"object\":\"chat.completion\",\"choices\":[{\"index\":0,"
                + "\"finish_reason\":\"length\",\"message\":{\"role\":\"assistant\",\"content\":\"Hi\"}}]}").build());
        try (WsTestClient ann = server.login("ann")) {
            Models list = models(ann);
            assertThat(list.api()).isEqualTo("lmstudio");
            assertThat(list.canUnload()).isFalse();
            assertThat(list.models()).extracting(ModelInfo::key, ModelInfo::state, ModelInfo::quantization,
                    ModelInfo::maxContextLength).containsExactly(
                    org.assertj.core.groups.Tuple.tuple("qwen2-vl-7b-instruct", ModelState.NOT_LOADED, "4bit", 32768L),
                    org.assertj.core.groups.Tuple.tuple("meta-llama-3.1-8b-instruct", ModelState.LOADED, "Q4_K_M", 131072L));
            assertThat(list.models().get(0).vision()).isTrue();
            assertThat(load(ann, "qwen2-vl-7b-instruct")).extracting(ModelStatus::state)
                    .containsExactly(ModelState.LOADING, ModelState.LOADED);
            JsonNode asked = new ObjectMapper().readTree(lastTo("/v1/chat/completions").body());
            assertThat(asked.path("model").asText()).isEqualTo("qwen2-vl-7b-instruct");
            assertThat(asked.path("max_tokens").asInt()).isEqualTo(1);
        }
    }

    @Test
    void anOpenAiCompatibleServerListsItsModelsAndLoadsNothing() {
        lm.withModels("tiny.gguf");
        try (WsTestClient admin = server.login("root", server.key("root", Role.ADMIN))) {
            Models list = models(admin);
            assertThat(list.api()).isEqualTo("openai");
            assertThat(list.canLoad()).isFalse();
            assertThat(list.models()).containsExactly(ModelInfo.of("tiny.gguf"));
            ModelStatus refused = load(admin, "tiny.gguf").get(0);
            assertThat(refused.state()).isEqualTo(ModelState.FAILED);
            assertThat(refused.error()).contains("loads its models itself");
            admin.send("{\"type\":\"model_unload\",\"data\":{\"model\":\"tiny.gguf\"}}");
            assertThat(admin.next(ModelStatus.class).error()).contains("cannot unload");
        }
    }

    @Test
    void anOlderLlamaCppTellsItsModelInMetaAndTheContextItRunsWithInProps() {
        // /v1/models as llama.cpp b4000-b5000 wrote it: no n_ctx or ftype in meta; the file name says the quantization
        lm.serve("/v1/models", "{\"object\":\"list\",\"data\":[{\"id\":\"gemma-3-1b-it-Q4_K_M.gguf\",\"object\":\"model\","
                + "\"created\":1,\"owned_by\":\"llamacpp\",\"meta\":{\"vocab_type\":1,\"n_vocab\":262144,"
                + "\"n_ctx_train\":32768,\"n_embd\":1152,\"n_params\":999885952,\"size\":806058496}}]}");
        lm.serve("/props", "{\"default_generation_settings\":{\"n_ctx\":4096},\"total_slots\":1,"
                + "\"model_path\":\"/models/gemma-3-1b-it-Q4_K_M.gguf\"}");
        try (WsTestClient ann = server.login("ann")) {
            Models list = models(ann);
            assertThat(list.api()).isEqualTo("openai");
            assertThat(list.models()).containsExactly(new ModelInfo("gemma-3-1b-it-Q4_K_M.gguf", null, "llm",
                    ModelState.LOADED, 806058496L, "Q4_K_M", "1B", 32768L, 4096L, null, null));
        }
    }

    @Test
    void aModelServerThatIsNotThereIsSaidAndTheConnectionStays() {
        server.close();
        server = TestServer.start(dir, TestServer.llm(URI.create("http://127.0.0.1:" + TestServer.unusedPort() + "/v1"),
                Duration.ofSeconds(2)));
        try (WsTestClient ann = server.login("ann")) {
            Models list = models(ann);
            assertThat(list.models()).isEmpty();
            assertThat(list.error()).contains("not reachable");
            assertThat(load(ann, "any").get(0).error()).contains("not reachable");
            ann.send("{\"type\":\"ping\",\"data\":{}}").next(ServerMessage.Pong.class);
        }
    }
}
