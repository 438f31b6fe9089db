package dev.nova.desktop.settings;

import dev.nova.desktop.ui.Plural;
import dev.nova.desktop.ui.UiExecutor;
import dev.nova.server.config.LlmSettings;
import dev.nova.server.llm.LmStudioClient;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/** The settings dialog's state: edit, check, pick a model from LM Studio, save. */
public final class SettingsViewModel {
    private final SettingsStore store;
    private final UiExecutor ui;
    private final ObjectProperty<Settings.Mode> mode = new SimpleObjectProperty<>();
    private final StringProperty serverUrl = new SimpleStringProperty("");
    private final StringProperty apiKey = new SimpleStringProperty("");
    private final StringProperty llmUrl = new SimpleStringProperty("");
    private final StringProperty model = new SimpleStringProperty("");
    private final StringProperty temperature = new SimpleStringProperty("");
    private final StringProperty maxTokens = new SimpleStringProperty("");
    private final ObjectProperty<Settings.Theme> theme = new SimpleObjectProperty<>();
    private final ObservableList<String> models = FXCollections.observableArrayList();
    private final StringProperty modelsStatus = new SimpleStringProperty("");

    public SettingsViewModel(SettingsStore store, UiExecutor ui) {
        this(store, ui, null);
    }

    /**
     * The settings as saved, except the LM Studio URL when the app runs with another one
     * ({@code --llm-url}): the dialog shows, checks and keeps the one in use.
     */
    public SettingsViewModel(SettingsStore store, UiExecutor ui, URI llmUrlInUse) {
        this.store = store;
        this.ui = ui;
        Settings s = store.load();
        mode.set(s.mode());
        serverUrl.set(s.serverUrl() == null ? "" : s.serverUrl());
        apiKey.set(s.apiKey() == null ? "" : s.apiKey());
        llmUrl.set(llmUrlInUse != null ? llmUrlInUse.toString() : s.llmUrl());
        model.set(s.model() == null ? "" : s.model());
        temperature.set(s.temperature() == null ? "" : String.valueOf(s.temperature()));
        maxTokens.set(s.maxTokens() == null ? "" : String.valueOf(s.maxTokens()));
        theme.set(s.theme());
    }

    public ObjectProperty<Settings.Mode> mode() { return mode; }

    public StringProperty serverUrl() { return serverUrl; }

    public StringProperty apiKey() { return apiKey; }

    public StringProperty llmUrl() { return llmUrl; }

    public StringProperty model() { return model; }

    public StringProperty temperature() { return temperature; }

    public StringProperty maxTokens() { return maxTokens; }

    public ObjectProperty<Settings.Theme> theme() { return theme; }

    public ObservableList<String> models() { return models; }

    /** "1 model", "3 models", or why the list could not be read. */
    public StringProperty modelsStatus() { return modelsStatus; }

    /** What is wrong with the values, one line each; empty when they can be saved. */
    public List<String> problems() {
        List<String> out = new ArrayList<>();
        if (mode.get() == Settings.Mode.REMOTE) {
            if (!isUrl(serverUrl.get(), "ws", "wss")) {
                out.add("Server URL must be a ws:// or wss:// address, e.g. wss://nova.example.com/ws");
            }
            if (apiKey.get().isBlank()) {
                out.add("Remote mode needs the API key the team server's admin gave you");
            }
        }
        if (!isUrl(llmUrl.get(), "http", "https")) {
            out.add("LM Studio URL must be an http:// address, e.g. http://localhost:1234/v1");
        }
        Double t = number(temperature.get());
        if (!temperature.get().isBlank() && (t == null || t < 0 || t > 2)) {
            out.add("Temperature must be a number from 0 to 2");
        }
        Double m = number(maxTokens.get());
        if (!maxTokens.get().isBlank() && (m == null || m < 0 || m != Math.floor(m))) {
            out.add("Max tokens must be a whole number (0 or empty for no limit)");
        }
        return out;
    }

    public Settings toSettings() {
        return new Settings(mode.get(), blankToNull(serverUrl.get()), blankToNull(apiKey.get()), llmUrl.get().strip(),
                blankToNull(model.get()), number(temperature.get()),
                number(maxTokens.get()) == null ? null : number(maxTokens.get()).intValue(), theme.get());
    }

    /** Saves when the values are valid; returns the problems otherwise. */
    public List<String> save() {
        List<String> problems = problems();
        if (problems.isEmpty()) {
            store.save(toSettings());
        }
        return problems;
    }

    /** Reads the model list from LM Studio's {@code /v1/models} at the URL in the dialog. */
    public void refreshModels() {
        if (!isUrl(llmUrl.get(), "http", "https")) {
            modelsStatus.set("Enter LM Studio's URL first");
            return;
        }
        modelsStatus.set("Asking LM Studio...");
        LmStudioClient client = new LmStudioClient(LlmSettings.defaults().withBaseUrl(URI.create(llmUrl.get().strip())));
        client.models(Duration.ofSeconds(5)).whenComplete((list, failure) -> {
            client.close();
            ui.execute(() -> {
                if (failure != null) {
                    Throwable cause = failure.getCause() != null ? failure.getCause() : failure;
                    modelsStatus.set(cause.getMessage());
                } else {
                    models.setAll(list);
                    modelsStatus.set(list.isEmpty() ? "LM Studio has no models" : Plural.of(list.size(), "model"));
                }
            });
        });
    }

    private static boolean isUrl(String s, String... schemes) {
        try {
            URI u = URI.create(s.strip());
            String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
            return List.of(schemes).contains(scheme) && u.getHost() != null;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static Double number(String s) {
        try {
            return s == null || s.isBlank() ? null : Double.valueOf(s.strip());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}
