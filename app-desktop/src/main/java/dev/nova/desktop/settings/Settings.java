package dev.nova.desktop.settings;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.net.URI;

/**
 * What the person chose in the settings dialog. The API key is kept here (owner-only file) for
 * remote mode; local mode makes its own key.
 */
public record Settings(
        @JsonProperty("mode") Mode mode,
        @JsonProperty("server_url") String serverUrl,
        @JsonProperty("api_key") String apiKey,
        @JsonProperty("llm_url") String llmUrl,
        @JsonProperty("model") String model,
        @JsonProperty("temperature") Double temperature,
        @JsonProperty("max_tokens") Integer maxTokens,
        @JsonProperty("theme") Theme theme) {

    public enum Mode {
        LOCAL("Local (on this computer)"),
        REMOTE("Team server");

        private final String label;

        Mode(String label) {
            this.label = label;
        }

        /** What the settings dialog shows. */
        public String label() {
            return label;
        }
    }

    public enum Theme {
        LIGHT("Light"),
        DARK("Dark");

        private final String label;

        Theme(String label) {
            this.label = label;
        }

        /** What the settings dialog shows. */
        public String label() {
            return label;
        }
    }

    public static Settings defaults() {
        return new Settings(Mode.LOCAL, null, null, "http://localhost:1234/v1", null, 0.7, null, Theme.LIGHT);
    }

    /** Settings with blanks filled from the defaults, so an old or partial file still works. */
    public Settings orDefaults() {
        Settings d = defaults();
        return new Settings(mode != null ? mode : d.mode, serverUrl, apiKey, llmUrl != null ? llmUrl : d.llmUrl, model,
                temperature != null ? temperature : d.temperature, maxTokens, theme != null ? theme : d.theme);
    }

    /**
     * Whether going from {@code before} to these settings needs a new connection: another mode,
     * server or key, or - for the local server, which holds them - another LM Studio URL,
     * temperature or length limit. The model and the theme apply without one.
     */
    public boolean needsReconnect(Settings before) {
        Settings a = before.orDefaults();
        Settings b = orDefaults();
        if (a.mode != b.mode || !java.util.Objects.equals(a.serverUrl, b.serverUrl)
                || !java.util.Objects.equals(a.apiKey, b.apiKey)) {
            return true;
        }
        return b.mode == Mode.LOCAL && (!a.llmUri().equals(b.llmUri())
                || !java.util.Objects.equals(a.temperature, b.temperature)
                || !java.util.Objects.equals(a.maxTokens, b.maxTokens));
    }

    /** The LM Studio URL; the default one when the saved value is not a usable http(s) URL. */
    public URI llmUri() {
        try {
            URI u = URI.create(llmUrl.strip());
            if (("http".equals(u.getScheme()) || "https".equals(u.getScheme())) && u.getHost() != null) {
                return u;
            }
        } catch (IllegalArgumentException | NullPointerException e) {
            // fall through to the default
        }
        return URI.create(defaults().llmUrl);
    }

    @Override
    public String toString() {
        return "Settings[mode=" + mode + ", server_url=" + serverUrl + ", api_key=" + (apiKey == null ? "none" : "<set>")
                + ", llm_url=" + llmUrl + ", model=" + model + ", theme=" + theme + "]";
    }
}
