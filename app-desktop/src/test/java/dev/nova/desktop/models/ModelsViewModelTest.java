package dev.nova.desktop.models;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nova.desktop.ui.UiExecutor;
import dev.nova.protocol.ClientMessage;
import dev.nova.protocol.ModelInfo;
import dev.nova.protocol.ModelState;
import dev.nova.protocol.ServerMessage.ModelStatus;
import dev.nova.protocol.ServerMessage.Models;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The Models window's view model without JavaFX running. */
class ModelsViewModelTest {
    private final List<ClientMessage> sent = new ArrayList<>();
    private final ModelsViewModel vm = new ModelsViewModel((ch, m) -> sent.add(m), UiExecutor.direct());
    private static final ModelInfo GEMMA = new ModelInfo("gemma-3-270m-it-qat", "Gemma 3 270m", "llm", ModelState.LOADED,
            241410208L, "Q4_0", "270M", 32768L, 4096L, false, false);
    private static final ModelInfo QWEN = new ModelInfo("qwen2.5-7b-instruct", null, "llm", ModelState.NOT_LOADED,
            4_680_000_000L, "Q4_K_M", "7B", 131072L, null, false, true);
    private static final ModelInfo NOMIC = new ModelInfo("text-embedding-nomic", null, "embedding", ModelState.NOT_LOADED,
            274290560L, "F16", null, 2048L, null, null, null);

    @Test
    void theListSaysWhatIsLoadedAndThePickersOfferChatModelsOnly() {
        vm.received(new Models("lmstudio", true, true, List.of(GEMMA, QWEN, NOMIC), null));
        assertThat(vm.models()).containsExactly(GEMMA, QWEN, NOMIC);
        assertThat(vm.names()).containsExactly("gemma-3-270m-it-qat", "qwen2.5-7b-instruct");
        assertThat(vm.note().get()).isEqualTo("LM Studio: 1 of 3 models loaded");
        assertThat(ModelsViewModel.size(GEMMA.sizeBytes())).isEqualTo("241 MB");
        assertThat(ModelsViewModel.size(QWEN.sizeBytes())).isEqualTo("4.7 GB");
        assertThat(ModelsViewModel.context(GEMMA)).isEqualTo("4,096 of 32,768");
        assertThat(ModelsViewModel.context(QWEN)).isEqualTo("131,072");
        vm.received(new Models("openai", false, false, List.of(), "LM Studio is not reachable at http://localhost:1234/v1"));
        assertThat(vm.note().get()).contains("not reachable");
        assertThat(vm.canLoad().get()).isFalse();
    }

    @Test
    void aLoadShowsItsProgressOnceAndTheListIsAskedAgainWhenItEnds() {
        vm.received(new Models("lmstudio", true, true, List.of(GEMMA, QWEN), null));
        vm.load(QWEN);
        vm.load(QWEN); // a second click while it loads asks nothing more
        assertThat(sent).containsExactly(new ClientMessage.ModelLoad("qwen2.5-7b-instruct"));
        assertThat(vm.isBusy("qwen2.5-7b-instruct")).isTrue();
        vm.received(new ModelStatus("qwen2.5-7b-instruct", ModelState.LOADING, 0.65, null, null));
        assertThat(vm.status().get("qwen2.5-7b-instruct").progress()).isEqualTo(0.65);
        sent.clear();
        vm.received(new ModelStatus("qwen2.5-7b-instruct", ModelState.LOADED, 1.0, 9.1, null));
        assertThat(vm.isBusy("qwen2.5-7b-instruct")).isFalse();
        assertThat(sent).containsExactly(new ClientMessage.Models());
        vm.unload(GEMMA);
        assertThat(sent).endsWith(new ClientMessage.ModelUnload("gemma-3-270m-it-qat"));
    }

    @Test
    void withoutLoadingOnTheServerNothingIsAsked() {
        vm.received(new Models("openai", false, false, List.of(ModelInfo.of("tiny.gguf")), null));
        vm.load(ModelInfo.of("tiny.gguf"));
        vm.unload(ModelInfo.of("tiny.gguf"));
        assertThat(sent).isEmpty();
        assertThat(vm.note().get()).isEqualTo("The models this server serves (it loads them itself)");
    }
}
