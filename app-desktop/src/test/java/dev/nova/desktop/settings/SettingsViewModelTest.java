package dev.nova.desktop.settings;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nova.desktop.ui.UiExecutor;
import dev.nova.server.testing.FakeLmStudio;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SettingsViewModelTest {
    @TempDir
    Path dir;

    private static void await(java.util.function.BooleanSupplier c) {
        dev.nova.server.testing.Eventually.until("the view model's check", java.time.Duration.ofSeconds(10), c);
    }

    @Test
    void badValuesAreExplainedAndNothingIsSaved() {
        SettingsStore store = new SettingsStore(dir.resolve("settings.json"));
        SettingsViewModel vm = new SettingsViewModel(store, UiExecutor.direct());
        vm.mode().set(Settings.Mode.REMOTE);
        vm.serverUrl().set("http://team/ws");
        vm.llmUrl().set("localhost:1234");
        vm.temperature().set("hot");
        vm.maxTokens().set("1.5");
        assertThat(vm.save()).hasSize(5).anyMatch(p -> p.startsWith("Server URL must be a ws://"))
                .anyMatch(p -> p.startsWith("Remote mode needs the API key"));
        assertThat(dir.resolve("settings.json")).doesNotExist();
    }

    @Test
    void goodValuesAreSavedAndComeBack() {
        SettingsStore store = new SettingsStore(dir.resolve("settings.json"));
        SettingsViewModel vm = new SettingsViewModel(store, UiExecutor.direct());
        vm.mode().set(Settings.Mode.REMOTE);
        vm.serverUrl().set("wss://team.example/ws");
        vm.apiKey().set("nova_key");
        vm.temperature().set("0.3");
        vm.maxTokens().set("512");
        vm.model().set("qwen");
        vm.theme().set(Settings.Theme.DARK);
        assertThat(vm.save()).isEmpty();
        assertThat(store.load()).isEqualTo(new Settings(Settings.Mode.REMOTE, "wss://team.example/ws", "nova_key",
                "http://localhost:1234/v1", "qwen", 0.3, 512, Settings.Theme.DARK));
    }

    @Test
    void theModelPickerListsWhatLmStudioHasAndSaysWhenItIsNotThere() throws Exception {
        try (FakeLmStudio lm = new FakeLmStudio()) {
            SettingsViewModel vm = new SettingsViewModel(new SettingsStore(dir.resolve("s.json")), UiExecutor.direct());
            vm.llmUrl().set(lm.baseUrl().toString());
            vm.refreshModels();
            await(() -> vm.modelsStatus().get().matches("\\d+ models")); // set after the list: both are in
            assertThat(vm.models()).contains(FakeLmStudio.MODEL);
            assertThat(vm.modelsStatus().get()).isEqualTo("2 models");
            vm.llmUrl().set("http://127.0.0.1:9/v1");
            vm.refreshModels();
            await(() -> vm.modelsStatus().get().startsWith("LM Studio is not reachable"));
        }
    }

    @Test
    void theLmStudioGivenOnTheCommandLineIsTheOneShownCheckedAndKept() throws Exception {
        try (FakeLmStudio lm = new FakeLmStudio()) {
            SettingsStore store = new SettingsStore(dir.resolve("s.json"));
            SettingsViewModel vm = new SettingsViewModel(store, UiExecutor.direct(), lm.baseUrl());
            assertThat(vm.llmUrl().get()).as("--llm-url, not the saved default").isEqualTo(lm.baseUrl().toString());
            vm.refreshModels();
            await(() -> vm.modelsStatus().get().matches("\\d+ models"));
            assertThat(vm.models()).contains(FakeLmStudio.MODEL);
            assertThat(vm.save()).isEmpty();
            assertThat(store.load().llmUrl()).as("OK keeps the LM Studio in use").isEqualTo(lm.baseUrl().toString());
        }
    }

    @Test
    void oneModelIsOneModelAndChoicesShowWordsNotEnumNames() throws Exception {
        try (FakeLmStudio lm = new FakeLmStudio().withModels(FakeLmStudio.MODEL)) {
            SettingsViewModel vm = new SettingsViewModel(new SettingsStore(dir.resolve("s.json")), UiExecutor.direct());
            vm.llmUrl().set(lm.baseUrl().toString());
            vm.refreshModels();
            await(() -> !vm.models().isEmpty());
            await(() -> vm.modelsStatus().get().endsWith("model"));
            assertThat(vm.modelsStatus().get()).isEqualTo("1 model");
        }
        javafx.util.StringConverter<Settings.Mode> modes = SettingsDialog.labels(Settings.Mode::label, Settings.Mode.values());
        assertThat(modes.toString(Settings.Mode.LOCAL)).isEqualTo("Local (on this computer)");
        assertThat(modes.fromString("Team server")).isEqualTo(Settings.Mode.REMOTE);
        assertThat(SettingsDialog.labels(Settings.Theme::label, Settings.Theme.values()).toString(Settings.Theme.DARK))
                .isEqualTo("Dark");
    }
}
