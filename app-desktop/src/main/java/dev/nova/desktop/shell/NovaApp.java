package dev.nova.desktop.shell;

import atlantafx.base.theme.PrimerDark;
import atlantafx.base.theme.PrimerLight;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.nova.desktop.LaunchOptions;
import dev.nova.desktop.local.LocalServer;
import dev.nova.desktop.sidebar.ConversationItem;
import dev.nova.desktop.net.NovaClient;
import dev.nova.desktop.settings.Settings;
import dev.nova.desktop.settings.SettingsDialog;
import dev.nova.desktop.settings.SettingsStore;
import dev.nova.desktop.settings.SettingsViewModel;
import dev.nova.desktop.ui.FxUiExecutor;
import dev.nova.desktop.ui.UiExecutor;
import dev.nova.server.config.LlmSettings;
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

    private java.nio.file.Path settingsFile;
    private LaunchOptions options;
    private java.nio.file.Path localDataDir;
    /** The connection the window shows; replaced when the settings change where it goes. */
    private volatile Session session;
    /** {@code --llm-url}, while it is the LM Studio in use. */
    private java.net.URI llmUrlFlag;
    private ScheduledExecutorService background;
    private UiExecutor ui;
    private Stage stage;
    private String windowName;

    @Override
    public void start(Stage stage) {
        options = LaunchOptions.parse(getParameters().getRaw());
        llmUrlFlag = options.llmUrl().orElse(null);
        settingsFile = options.settingsFile(System.getenv());
        Settings settings = new SettingsStore(settingsFile).load();
        if (options.smokeTest() && options.server().isEmpty()) {
            // the smoke test runs in local mode (unless told --server), in a data directory of its own unless given one
            settings = new Settings(Settings.Mode.LOCAL, settings.serverUrl(), settings.apiKey(), settings.llmUrl(),
                    settings.model(), settings.temperature(), settings.maxTokens(), settings.theme());
        }
        localDataDir = options.dataDir().orElseGet(() -> options.smokeTest() ? temporaryDataDir()
                : LocalServer.defaultDataDir());
        this.ui = new FxUiExecutor();
        this.stage = stage;
        try {
            session = Session.open(options, settings, localDataDir, ui);
        } catch (RuntimeException e) {
            log.error("the local server did not start", e);
            new javafx.scene.control.Alert(javafx.scene.control.Alert.AlertType.ERROR,
                    "Nova could not start its local server: " + e.getMessage()
                            + "\n\nIs another Nova running with the same data directory?").showAndWait();
            javafx.application.Platform.exit();
            return;
        }
        Scene scene = new Scene(session.model().view(this::openSettings), 1280, 800);
        scene.getStylesheets().add(NovaApp.class.getResource("/dev/nova/desktop/nova.css").toExternalForm());
        Application.setUserAgentStylesheet(settings.theme() == Settings.Theme.DARK
                ? new PrimerDark().getUserAgentStylesheet() : new PrimerLight().getUserAgentStylesheet());
        showTitle();
        stage.setScene(scene);
        restorePlace(stage);
        stage.show();
        followPlace(stage);
        // From the start of the launcher's JVM when it started this one (Launcher), so the figure includes it.
        long jvmStart = Long.getLong(dev.nova.desktop.Launcher.STARTED_AT,
                java.lang.management.ManagementFactory.getRuntimeMXBean().getStartTime());
        log.info("window shown {} ms after the JVM started", System.currentTimeMillis() - jvmStart);
        session.client().onState(s -> {
            if (s == dev.nova.desktop.net.ConnectionState.CONNECTED) {
                log.info("connected {} ms after the JVM started", System.currentTimeMillis() - jvmStart);
            }
        });
        if (options.smokeTest()) {
            SmokeTest.run(session.client(), code -> javafx.application.Platform.runLater(() -> {
                stop();
                deleteSmokeDir();
                System.exit(code);
            }));
        }
        session.connect();
        background = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "nova-health");
            t.setDaemon(true);
            return t;
        });
        // Every 10 s; every 2 s while the connection is lost, so that it comes back as soon as the server does.
        long[] lastPoll = {0};
        background.scheduleWithFixedDelay(() -> {
            Session now = session;
            boolean lost = now.client().state() == dev.nova.desktop.net.ConnectionState.RECONNECTING;
            if (lost || System.nanoTime() - lastPoll[0] >= TimeUnit.SECONDS.toNanos(10)) {
                lastPoll[0] = System.nanoTime();
                if (pollHealth(now.server(), now.model().status()) && lost) {
                    now.client().reconnectNow(); // the server answers again: no need to wait out the backoff
                }
            }
        }, 0, 2, TimeUnit.SECONDS);
    }

    /** "Nova (3)": the unread count; "Nova - 2 tool calls wait for you": what needs the person first. */
    static String title(String name, int unread, int waitingApprovals) {
        String t = unread == 0 ? name : name + " (" + unread + ")";
        if (waitingApprovals > 0) {
            t += " - " + (waitingApprovals == 1 ? "1 tool call waits" : waitingApprovals + " tool calls wait") + " for you";
        }
        return t;
    }

    /** "Nova", "Nova - team.example.com", with the unread count and the tool calls waiting for approval. */
    private void showTitle() {
        Session s = session;
        windowName = "Nova" + (s.isRemote() ? " - " + s.server().getHost() : "");
        var unread = s.model().sidebar().totalUnread();
        var waiting = s.model().tools().waitingCount();
        stage.titleProperty().bind(javafx.beans.binding.Bindings.createStringBinding(
                () -> title(windowName, unread.get(), waiting.get()), unread, waiting));
    }

    private void openSettings() {
        SettingsStore store = new SettingsStore(settingsFile);
        Settings before = store.load();
        // the LM Studio in use: --llm-url's until the settings replace the command line's choices
        java.net.URI llmInUse = session == null || session.isRemote() ? null : llmUrlFlag;
        if (SettingsDialog.show(stage, new SettingsViewModel(store, ui, llmInUse))) {
            Settings saved = store.load();
            Application.setUserAgentStylesheet(saved.theme() == Settings.Theme.DARK
                    ? new PrimerDark().getUserAgentStylesheet() : new PrimerLight().getUserAgentStylesheet());
            if (saved.needsReconnect(before)) {
                reconnect(saved);
            } else {
                session.apply(saved);
            }
        }
    }

    /**
     * Another server, key or local LM Studio: the session is closed and the next one opened in the
     * same window, the open thread kept open. A session that cannot open (the new server's key is
     * missing) is said, and the old one is opened again.
     */
    private void reconnect(Settings saved) {
        Session old = session;
        ConversationItem open = old.model().sidebar().selected().get();
        String openThread = open == null || open.key().isChannel() ? null : open.key().threadId();
        old.close();
        llmUrlFlag = null; // from now on the settings say which LM Studio
        Session next;
        try {
            next = Session.open(options.settingsRule(), saved, localDataDir, ui);
        } catch (RuntimeException e) {
            log.warn("the new settings could not be used: {}", e.getMessage());
            new javafx.scene.control.Alert(javafx.scene.control.Alert.AlertType.WARNING,
                    "Nova could not connect with the new settings: " + e.getMessage()).showAndWait();
            next = Session.open(options, new SettingsStore(settingsFile).load(), localDataDir, ui);
        }
        log.info("settings changed: connecting to {}", next.isRemote() ? next.server().getHost() : "the local server");
        session = next;
        next.model().sidebar().reopen(openThread);
        stage.getScene().setRoot(next.model().view(this::openSettings));
        showTitle();
        followOpenThread();
        next.connect();
    }

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();

    /** Asks the server's {@code /health}; true when it answered. */
    static boolean pollHealth(URI wsUri, StatusViewModel status) {
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
        if (saved != null) {
            session.model().sidebar().reopen(saved.openThread());
        }
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
                place = new WindowState(stage.getX(), stage.getY(), stage.getWidth(), stage.getHeight(), false, openThread);
            } else if (place != null) {
                place = new WindowState(place.x(), place.y(), place.width(), place.height(), stage.isMaximized(),
                        openThread);
            }
        };
        stage.xProperty().addListener(moved);
        stage.yProperty().addListener(moved);
        stage.widthProperty().addListener(moved);
        stage.heightProperty().addListener(moved);
        stage.maximizedProperty().addListener(moved);
        moved.invalidated(null);
        followOpenThread();
        // Closing the window saves it (stop); so does a logout or a kill (SIGTERM), which skips stop.
        Runtime.getRuntime().addShutdownHook(new Thread(this::savePlace, "nova-window-place"));
    }

    /** The assistant thread open now, kept for the next start. */
    private volatile String openThread;

    private void followOpenThread() {
        session.model().sidebar().selected().addListener((o, was, now) -> {
            if (now != null && !now.key().isChannel()) {
                openThread = now.key().threadId();
                WindowState p = place;
                if (p != null) {
                    place = p.withOpenThread(openThread);
                }
            }
        });
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
        if (session != null) {
            session.close();
        }
    }
}
