package dev.nova.desktop.shell;

import dev.nova.desktop.LaunchOptions;
import dev.nova.desktop.local.LocalServer;
import dev.nova.desktop.net.NovaClient;
import dev.nova.desktop.settings.Settings;
import dev.nova.desktop.ui.UiExecutor;
import dev.nova.server.config.LlmSettings;
import java.net.URI;
import java.nio.file.Path;
import java.util.Optional;

/**
 * One connection of the window: to a team server (remote mode) or to the server this app starts
 * (local mode), with the view models fed by it. A change of server, key or local LM Studio
 * settings closes the session and opens the next, in the same window, without a restart.
 */
public final class Session implements AutoCloseable {
    private final LocalServer local;
    private final NovaClient client;
    private final AppModel model;
    private final URI server;
    private final boolean remote;

    private Session(LocalServer local, NovaClient client, AppModel model, URI server, boolean remote) {
        this.local = local;
        this.client = client;
        this.model = model;
        this.server = server;
        this.remote = remote;
    }

    /**
     * Opens a session as {@code options} and {@code settings} say (a remote server, else a local
     * one in {@code localDataDir}); not connected yet ({@link #connect}).
     *
     * @throws IllegalArgumentException when remote mode has no key
     * @throws RuntimeException when the local server does not start (its data directory is in use)
     */
    public static Session open(LaunchOptions options, Settings settings, Path localDataDir, UiExecutor ui) {
        Optional<LaunchOptions.Remote> remote = options.remote(settings, System.getenv());
        LocalServer local = null;
        URI server;
        String key;
        if (remote.isPresent()) {
            server = remote.get().server();
            key = remote.get().apiKey();
        } else {
            URI llmUrl = options.llmUrl().orElse(settings.llmUri());
            local = LocalServer.start(localDataDir, LlmSettings.defaults().withBaseUrl(llmUrl)
                    .withSampling(settings.temperature(), settings.maxTokens(), settings.model()));
            server = local.uri();
            key = local.apiKey();
        }
        NovaClient client = new NovaClient(server, key);
        AppModel model = AppModel.wire(client, ui, local == null ? null : local.mcpConfig());
        if (local != null) {
            // the model picked in the settings answers at once (the team server's own default applies in remote mode)
            model.chat().model().set(settings.model());
        }
        return new Session(local, client, model, server, remote.isPresent());
    }

    public void connect() {
        client.connect();
    }

    public NovaClient client() {
        return client;
    }

    public AppModel model() {
        return model;
    }

    /** The WebSocket URI connected to. */
    public URI server() {
        return server;
    }

    public boolean isRemote() {
        return remote;
    }

    /** The settings changed without needing a new connection: the model and what follows it. */
    public void apply(Settings settings) {
        if (!remote) {
            model.chat().model().set(settings.model());
        }
    }

    @Override
    public void close() {
        client.close();
        if (local != null) {
            local.close();
        }
    }
}
