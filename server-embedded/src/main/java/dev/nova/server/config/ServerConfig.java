package dev.nova.server.config;

import dev.nova.server.llm.LlmSettings;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Everything a Nova server is started with. Build one with {@link ConfigLoader} (defaults, then
 * the config file, then {@code NOVA_*} environment variables, then command-line flags) or with
 * {@link #defaults()} and the {@code with*} methods in code and tests.
 */
public record ServerConfig(
        String host,
        int port,
        Path dataDir,
        Duration authTimeout,
        Duration heartbeat,
        int historyMaxMessages,
        Duration historyMaxAge,
        Duration shutdownGrace,
        LlmSettings llm,
        Path templatesDir) {

    public static final String DEFAULT_HOST = "127.0.0.1";
    public static final int DEFAULT_PORT = 8000;

    public ServerConfig {
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("port must be 0-65535, not " + port);
        }
        if (historyMaxMessages < 1) {
            throw new IllegalArgumentException("history_max_messages must be at least 1");
        }
        requirePositive("auth_timeout", authTimeout);
        requirePositive("heartbeat", heartbeat);
        requirePositive("history_max_age", historyMaxAge);
        requirePositive("shutdown_grace", shutdownGrace);
    }

    public static ServerConfig defaults() {
        return new ServerConfig(DEFAULT_HOST, DEFAULT_PORT, defaultDataDir(), Duration.ofSeconds(10),
                Duration.ofSeconds(20), 1000, Duration.ofDays(30), Duration.ofSeconds(5), LlmSettings.defaults(),
                ConfigLoader.defaultConfigFile().resolveSibling("templates"));
    }

    /** {@code $XDG_DATA_HOME/nova}, or {@code ~/.local/share/nova}. */
    public static Path defaultDataDir() {
        String xdg = System.getenv("XDG_DATA_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".local", "share");
        return base.resolve("nova");
    }

    public ServerConfig withHost(String h) {
        return new ServerConfig(h, port, dataDir, authTimeout, heartbeat, historyMaxMessages, historyMaxAge, shutdownGrace, llm, templatesDir);
    }

    public ServerConfig withPort(int p) {
        return new ServerConfig(host, p, dataDir, authTimeout, heartbeat, historyMaxMessages, historyMaxAge, shutdownGrace, llm, templatesDir);
    }

    public ServerConfig withDataDir(Path d) {
        return new ServerConfig(host, port, d, authTimeout, heartbeat, historyMaxMessages, historyMaxAge, shutdownGrace, llm, templatesDir);
    }

    public ServerConfig withAuthTimeout(Duration t) {
        return new ServerConfig(host, port, dataDir, t, heartbeat, historyMaxMessages, historyMaxAge, shutdownGrace, llm, templatesDir);
    }

    public ServerConfig withHeartbeat(Duration h) {
        return new ServerConfig(host, port, dataDir, authTimeout, h, historyMaxMessages, historyMaxAge, shutdownGrace, llm, templatesDir);
    }

    public ServerConfig withHistory(int maxMessages, Duration maxAge) {
        return new ServerConfig(host, port, dataDir, authTimeout, heartbeat, maxMessages, maxAge, shutdownGrace, llm,
                templatesDir);
    }

    public ServerConfig withLlm(LlmSettings l) {
        return new ServerConfig(host, port, dataDir, authTimeout, heartbeat, historyMaxMessages, historyMaxAge,
                shutdownGrace, l, templatesDir);
    }

    public ServerConfig withTemplatesDir(Path dir) {
        return new ServerConfig(host, port, dataDir, authTimeout, heartbeat, historyMaxMessages, historyMaxAge,
                shutdownGrace, llm, dir);
    }

    private static void requirePositive(String name, Duration d) {
        if (d == null || d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(name + " must be positive");
        }
    }
}
