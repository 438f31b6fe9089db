package dev.nova.desktop.shell;

import atlantafx.base.theme.PrimerDark;
import atlantafx.base.theme.PrimerLight;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.nova.desktop.LaunchOptions;
import dev.nova.desktop.local.LocalServer;
import dev.nova.desktop.net.NovaClient;
import dev.nova.desktop.settings.Settings;
import dev.nova.desktop.settings.SettingsDialog;
import dev.nova.desktop.settings.SettingsStore;
import dev.nova.desktop.settings.SettingsViewModel;
import dev.nova.desktop.ui.FxUiExecutor;
import dev.nova.desktop.ui.UiExecutor;
import dev.nova.server.llm.LlmSettings;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javafx.application.Application;
import javafx.scene.Parent;
import javafx.scene.Scene;
import javafx.stage.Stage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The desktop app. Local mode (default) runs its own server in-process; remote mode
 * ({@code --server URL} with a key from {@code --api-key-file}, {@code NOVA_API_KEY} or the
 * settings, or the settings' own remote server) connects to a team server. Everything the window shows
 * comes from view models fed by one {@link NovaClient}.
 */
public final class NovaApp extends Application {
    private static final Logger log = LoggerFactory.getLogger(NovaApp.class);

    private LocalServer local;
    private java.nio.file.Path settingsFile;
    private NovaClient client;
    private ScheduledExecutorService background;

    @Override
    public void start(Stage stage) {
        LaunchOptions options = LaunchOptions.parse(getParameters().getRaw());
        settingsFile = options.settingsFile(System.getenv());
        Settings settings = new SettingsStore(settingsFile).load();
        URI llmUrl = options.llmUrl().orElse(settings.llmUri());
        // The smoke test runs in local mode (unless told --server), in a data directory of its own unless given one.
        java.util.Optional<LaunchOptions.Remote> remote = options.smokeTest() && options.server().isEmpty()
                ? java.util.Optional.empty() : options.remote(settings, System.getenv());
        URI server;
        String key;
        if (remote.isPresent()) {
            server = remote.get().server();
            key = remote.get().apiKey();
        } else {
            try {
                java.nio.file.Path dataDir = options.dataDir().orElseGet(() -> options.smokeTest()
                        ? temporaryDataDir() : LocalServer.defaultDataDir());
                local = LocalServer.start(dataDir,
                        LlmSettings.defaults().withBaseUrl(llmUrl)
                                .withSampling(settings.temperature(), settings.maxTokens(), settings.model()));
            } catch (RuntimeException e) {
                log.error("the local server did not start", e);
                new javafx.scene.control.Alert(javafx.scene.control.Alert.AlertType.ERROR,
                        "Nova could not start its local server: " + e.getMessage()
                                + "\n\nIs another Nova running with the same data directory?").showAndWait();
                javafx.application.Platform.exit();
                return;
            }
            server = local.uri();
            key = local.apiKey();
        }
        UiExecutor ui = new FxUiExecutor();
        client = new NovaClient(server, key);
        this.ui = ui;
        this.stage = stage;
        Parent content = wire(client, ui, stage);
        if (local != null) {
            // the model picked in the settings answers at once (the team server's own default applies in remote mode)
            appModel.chat().model().set(settings.model());
        }
        Scene scene = new Scene(content, 1280, 800);
        scene.getStylesheets().add(NovaApp.class.getResource("/dev/nova/desktop/nova.css").toExternalForm());
        Application.setUserAgentStylesheet(settings.theme() == Settings.Theme.DARK
                ? new PrimerDark().getUserAgentStylesheet() : new PrimerLight().getUserAgentStylesheet());
        String name = "Nova" + (remote.isPresent() ? " - " + server.getHost() : "");
        stage.titleProperty().bind(javafx.beans.binding.Bindings.createStringBinding(() -> {
            int unread = appModel.sidebar().totalUnread().get();
            return unread == 0 ? name : name + " (" + unread + ")";
        }, appModel.sidebar().totalUnread()));
        stage.setScene(scene);
        restorePlace(stage);
        stage.show();
        followPlace(stage);
        // From the start of the launcher's JVM when it started this one (Launcher), so the figure includes it.
        long jvmStart = Long.getLong(dev.nova.desktop.Launcher.STARTED_AT,
                java.lang.management.ManagementFactory.getRuntimeMXBean().getStartTime());
        log.info("window shown {} ms after the JVM started", System.currentTimeMillis() - jvmStart);
        client.onState(s -> {
            if (s == dev.nova.desktop.net.ConnectionState.CONNECTED) {
                log.info("connected {} ms after the JVM started", System.currentTimeMillis() - jvmStart);
            }
        });
        if (options.smokeTest()) {
            SmokeTest.run(client, code -> javafx.application.Platform.runLater(() -> {
                stop();
                deleteSmokeDir();
                System.exit(code);
            }));
        }
        client.connect();
        background = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "nova-health");
            t.setDaemon(true);
            return t;
        });
        // Every 10 s; every 2 s while the connection is lost, so that it comes back as soon as the server does.
        long[] lastPoll = {0};
        background.scheduleWithFixedDelay(() -> {
            boolean lost = client.state() == dev.nova.desktop.net.ConnectionState.RECONNECTING;
            if (lost || System.nanoTime() - lastPoll[0] >= TimeUnit.SECONDS.toNanos(10)) {
                lastPoll[0] = System.nanoTime();
                if (pollHealth(server, statusModel) && lost) {
                    client.reconnectNow(); // the server answers again: no need to wait out the backoff
                }
            }
        }, 0, 2, TimeUnit.SECONDS);
    }

    private Parent wire(NovaClient c, UiExecutor ui, Stage stage) {
        AppModel model = AppModel.wire(c, ui);
        appModel = model;
        statusModel = model.status();
        return model.view(this::openSettings);
    }

    private UiExecutor ui;
    private Stage stage;

    private void openSettings() {
        SettingsStore store = new SettingsStore(settingsFile);
        if (SettingsDialog.show(stage, new SettingsViewModel(store, ui))) {
            Settings saved = store.load();
            if (local != null) {
                appModel.chat().model().set(saved.model());
            }
            Application.setUserAgentStylesheet(saved.theme() == Settings.Theme.DARK
                    ? new PrimerDark().getUserAgentStylesheet() : new PrimerLight().getUserAgentStylesheet());
        }
    }

    private StatusViewModel statusModel;
    private AppModel appModel;

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();

    /** Asks the server's {@code /health}; true when it answered. */
    private static boolean pollHealth(URI wsUri, StatusViewModel status) {
        String scheme = "wss".equals(wsUri.getScheme()) ? "https" : "http";
        URI health = URI.create(scheme + "://" + wsUri.getHost() + ":" + wsUri.getPort() + "/health");
        try {
            HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(health).timeout(Duration.ofSeconds(5)).build(),
                    HttpResponse.BodyHandlers.ofString());
            JsonNode body = new ObjectMapper().readTree(r.body());
            status.llmHealth(body.path("llm"));
            return true;
        } catch (Exception e) {
            log.debug("health check failed: {}", e.toString());
            status.llmHealth(null);
            return false;
        }
    }

    /** The smoke test's own data directory when it was not given one; removed when it ends. */
    private java.nio.file.Path smokeDir;

    private java.nio.file.Path temporaryDataDir() {
        try {
            smokeDir = java.nio.file.Files.createTempDirectory("nova-smoke-test");
            return smokeDir;
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private void deleteSmokeDir() {
        if (smokeDir == null) {
            return;
        }
        try (var paths = java.nio.file.Files.walk(smokeDir)) {
            for (java.nio.file.Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                java.nio.file.Files.deleteIfExists(p);
            }
        } catch (java.io.IOException e) {
            log.debug("could not remove {}: {}", smokeDir, e.toString());
        }
    }

    /** Opens the window where it was last, if that place is still on a screen. */
    private void restorePlace(Stage stage) {
        WindowState saved = WindowState.load(WindowState.fileFor(settingsFile));
        if (saved == null || javafx.stage.Screen.getScreensForRectangle(saved.x(), saved.y(), saved.width(),
                saved.height()).isEmpty()) {
            return; // the default size, centred
        }
        stage.setX(saved.x());
        stage.setY(saved.y());
        stage.setWidth(saved.width());
        stage.setHeight(saved.height());
        stage.setMaximized(saved.maximized());
    }

    /** Where the window is now, kept as it moves (FX thread), saved when the app ends however it ends. */
    private volatile WindowState place;
    private final java.util.concurrent.atomic.AtomicBoolean placeSaved = new java.util.concurrent.atomic.AtomicBoolean();

    private void followPlace(Stage stage) {
        javafx.beans.InvalidationListener moved = o -> {
            if (!stage.isMaximized() && !stage.isIconified()) {
                place = new WindowState(stage.getX(), stage.getY(), stage.getWidth(), stage.getHeight(), false);
            } else if (place != null) {
                place = new WindowState(place.x(), place.y(), place.width(), place.height(), stage.isMaximized());
            }
        };
        stage.xProperty().addListener(moved);
        stage.yProperty().addListener(moved);
        stage.widthProperty().addListener(moved);
        stage.heightProperty().addListener(moved);
        stage.maximizedProperty().addListener(moved);
        moved.invalidated(null);
        // Closing the window saves it (stop); so does a logout or a kill (SIGTERM), which skips stop.
        Runtime.getRuntime().addShutdownHook(new Thread(this::savePlace, "nova-window-place"));
    }

    private void savePlace() {
        WindowState p = place;
        if (p != null && settingsFile != null && placeSaved.compareAndSet(false, true)) {
            p.save(WindowState.fileFor(settingsFile));
        }
    }

    @Override
    public void stop() {
        savePlace();
        if (background != null) {
            background.shutdownNow();
        }
        if (client != null) {
            client.close();
        }
        if (local != null) {
            local.close();
        }
    }
}
