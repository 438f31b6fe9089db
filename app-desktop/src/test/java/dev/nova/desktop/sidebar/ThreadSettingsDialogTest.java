package dev.nova.desktop.sidebar;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nova.protocol.ThreadSettings;
import org.junit.jupiter.api.Test;

class ThreadSettingsDialogTest {
    @Test
    void blankFieldsAreTheDefaultsAndATemperatureIsReadWithACommaToo() {
        assertThat(ThreadSettingsDialog.read(" ", "\n", "")).isEqualTo(ThreadSettings.DEFAULTS);
        assertThat(ThreadSettingsDialog.read(" mistral-7b ", "  Answer in French.\n", "0,7"))
                .isEqualTo(new ThreadSettings("mistral-7b", "Answer in French.", 0.7));
    }

    @Test
    void aTemperatureOutOfRangeOrNotANumberSaysWhatToFix() {
        assertThatThrownBy(() -> ThreadSettingsDialog.read("", "", "hot")).hasMessageContaining("from 0 to 2");
        assertThatThrownBy(() -> ThreadSettingsDialog.read("", "", "2.5")).hasMessageContaining("from 0 to 2");
        assertThatThrownBy(() -> ThreadSettingsDialog.read("m".repeat(201), "", "")).hasMessageContaining("model name");
    }

    @Test
    void theHeaderSaysWhatTheThreadHasOfItsOwn() {
        assertThat(ThreadSettingsDialog.summary(ThreadSettings.DEFAULTS)).isEmpty();
        assertThat(ThreadSettingsDialog.summary(new ThreadSettings("mistral-7b", "x", 0.20)))
                .isEqualTo("mistral-7b \u00b7 temperature 0.2 \u00b7 own system prompt");
        assertThat(ThreadSettingsDialog.summary(new ThreadSettings(null, null, 1.0))).isEqualTo("temperature 1");
    }

    @Test
    void theToolServersChosenAreKeptAndShownInTheHeader() {
        ThreadSettings s = ThreadSettingsDialog.read("", "", "", java.util.List.of("files", "web"));
        assertThat(s.tools()).containsExactly("files", "web");
        assertThat(ThreadSettingsDialog.read("", "", "", java.util.List.of()).tools()).as("none chosen: none").isNull();
        assertThat(ThreadSettingsDialog.summary(s)).isEqualTo("tools: files, web");
        assertThat(ThreadSettingsDialog.summary(new ThreadSettings("m", null, null, java.util.List.of("files"))))
                .isEqualTo("m \u00b7 tools: files");
        assertThatThrownBy(() -> ThreadSettingsDialog.read("", "", "", java.util.Collections.nCopies(
                ThreadSettings.MAX_TOOL_SERVERS + 1, "x"))).hasMessageContaining("at most");
    }
}
