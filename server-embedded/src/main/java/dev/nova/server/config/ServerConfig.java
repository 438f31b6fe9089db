package dev.nova.server.config;

import dev.nova.server.config.LlmSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

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
        RetentionRule retention,
        Duration retentionSweep,
        Duration shutdownGrace,
        LlmSettings llm,
        Path templatesDir,
        Limits limits,
        Tls tls,
        List<String> allowedOrigins,
        boolean compression,
        int writerThreads,
        Redis redis,
        ToolSettings tools) {

    public static final String DEFAULT_HOST = "127.0.0.1";
    public static final int DEFAULT_PORT = 8000;
    /** How often retention rules are applied, when there are any. */
    public static final Duration DEFAULT_SWEEP = Duration.ofMinutes(10);

    public ServerConfig {
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("port must be 0-65535, not " + port);
        }
        retention = retention == null ? RetentionRule.KEEP_ALL : retention;
        requirePositive("auth_timeout", authTimeout);
        requirePositive("heartbeat", heartbeat);
        requirePositive("retention_sweep_s", retentionSweep);
        requirePositive("shutdown_grace", shutdownGrace);
        allowedOrigins = List.copyOf(allowedOrigins);
        if (writerThreads < 0) {
            throw new IllegalArgumentException("writer_threads must be 0 (one per two cores) or more");
        }
    }

    public static ServerConfig defaults() {
        return new ServerConfig(DEFAULT_HOST, DEFAULT_PORT, defaultDataDir(), Duration.ofSeconds(10),
                Duration.ofSeconds(20), RetentionRule.KEEP_ALL, DEFAULT_SWEEP, Duration.ofSeconds(5), LlmSettings.defaults(),
                ConfigLoader.defaultConfigFile().resolveSibling("templates"), Limits.defaults(), Tls.NONE, List.of(),
                false, 0, Redis.NONE, ToolSettings.defaults());
    }

    /**
     * The standalone server's data: {@code $XDG_DATA_HOME/nova-server}, or
     * {@code ~/.local/share/nova-server}; apart from the desktop's local mode ({@code nova}), so the
     * two never share one database.
     */
    public static Path defaultDataDir() {
        return xdgDataDir("nova-server");
    }

    /** {@code $XDG_DATA_HOME/NAME}, or {@code ~/.local/share/NAME}. */
    public static Path xdgDataDir(String name) {
        String xdg = System.getenv("XDG_DATA_HOME");
        String home = System.getenv("HOME");
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg)
                : Path.of(home != null && !home.isBlank() ? home : System.getProperty("user.home"), ".local", "share");
        return base.resolve(name);
    }

    public ServerConfig withHost(String h) {
        return new ServerConfig(h, port, dataDir, authTimeout, heartbeat, retention, retentionSweep,
                shutdownGrace, llm, templatesDir, limits, tls, allowedOrigins, compression, writerThreads, redis, tools);
    }

    public ServerConfig withPort(int p) {
        return new ServerConfig(host, p, dataDir, authTimeout, heartbeat, retention, retentionSweep,
                shutdownGrace, llm, templatesDir, limits, tls, allowedOrigins, compression, writerThreads, redis, tools);
    }

    public ServerConfig withDataDir(Path d) {
        return new ServerConfig(host, port, d, authTimeout, heartbeat, retention, retentionSweep,
                shutdownGrace, llm, templatesDir, limits, tls, allowedOrigins, compression, writerThreads, redis, tools);
    }

    public ServerConfig withAuthTimeout(Duration t) {
        return new ServerConfig(host, port, dataDir, t, heartbeat, retention, retentionSweep, shutdownGrace,
                llm, templatesDir, limits, tls, allowedOrigins, compression, writerThreads, redis, tools);
    }

    public ServerConfig withHeartbeat(Duration h) {
        return new ServerConfig(host, port, dataDir, authTimeout, h, retention, retentionSweep,
                shutdownGrace, llm, templatesDir, limits, tls, allowedOrigins, compression, writerThreads, redis, tools);
    }

    /**
     * What channels without a rule of their own keep ({@code rule}), and how often the sweep that
     * applies every rule runs. Assistant threads are never swept.
     */
    public ServerConfig withRetention(RetentionRule rule, Duration sweepEvery) {
        return new ServerConfig(host, port, dataDir, authTimeout, heartbeat, rule, sweepEvery, shutdownGrace, llm,
                templatesDir, limits, tls, allowedOrigins, compression, writerThreads, redis, tools);
    }

    public ServerConfig withShutdownGrace(Duration g) {
        return new ServerConfig(host, port, dataDir, authTimeout, heartbeat, retention, retentionSweep, g,
                llm, templatesDir, limits, tls, allowedOrigins, compression, writerThreads, redis, tools);
    }

    public ServerConfig withLlm(LlmSettings l) {
        return new ServerConfig(host, port, dataDir, authTimeout, heartbeat, retention, retentionSweep,
                shutdownGrace, l, templatesDir, limits, tls, allowedOrigins, compression, writerThreads, redis, tools);
    }

    public ServerConfig withTemplatesDir(Path dir) {
        return new ServerConfig(host, port, dataDir, authTimeout, heartbeat, retention, retentionSweep,
                shutdownGrace, llm, dir, limits, tls, allowedOrigins, compression, writerThreads, redis, tools);
    }

    public ServerConfig withLimits(Limits l) {
        return new ServerConfig(host, port, dataDir, authTimeout, heartbeat, retention, retentionSweep,
                shutdownGrace, llm, templatesDir, l, tls, allowedOrigins, compression, writerThreads, redis, tools);
    }

    public ServerConfig withTls(Tls t) {
        return new ServerConfig(host, port, dataDir, authTimeout, heartbeat, retention, retentionSweep,
                shutdownGrace, llm, templatesDir, limits, t, allowedOrigins, compression, writerThreads, redis, tools);
    }

    public ServerConfig withAllowedOrigins(List<String> origins) {
        return new ServerConfig(host, port, dataDir, authTimeout, heartbeat, retention, retentionSweep,
                shutdownGrace, llm, templatesDir, limits, tls, origins, compression, writerThreads, redis, tools);
    }

    public ServerConfig withCompression(boolean on) {
        return new ServerConfig(host, port, dataDir, authTimeout, heartbeat, retention, retentionSweep,
                shutdownGrace, llm, templatesDir, limits, tls, allowedOrigins, on, writerThreads, redis, tools);
    }

    public ServerConfig withWriterThreads(int n) {
        return new ServerConfig(host, port, dataDir, authTimeout, heartbeat, retention, retentionSweep,
                shutdownGrace, llm, templatesDir, limits, tls, allowedOrigins, compression, n, redis, tools);
    }

    /** How many threads write broadcasts to sockets: {@code writer_threads}, or one per two cores. */
    public int effectiveWriterThreads() {
        return writerThreads > 0 ? writerThreads : Math.max(1, Runtime.getRuntime().availableProcessors() / 2);
    }

    private static void requirePositive(String name, Duration d) {
        if (d == null || d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(name + " must be positive");
        }
    }

    /** A team node on Redis at {@code url} (every key under {@code prefix}); {@link Redis#NONE}: the embedded store. */
    public ServerConfig withRedis(Redis r) {
        return new ServerConfig(host, port, dataDir, authTimeout, heartbeat, retention, retentionSweep,
                shutdownGrace, llm, templatesDir, limits, tls, allowedOrigins, compression, writerThreads, r, tools);
    }

    /** MCP tools: the mcp.json file and the bounds of answers that call tools. */
    public ServerConfig withTools(ToolSettings t) {
        return new ServerConfig(host, port, dataDir, authTimeout, heartbeat, retention, retentionSweep,
                shutdownGrace, llm, templatesDir, limits, tls, allowedOrigins, compression, writerThreads, redis, t);
    }

    /** Where a team of nodes shares its store and bus ({@code redis_url}, {@code redis_prefix}). */
    public record Redis(String url, String prefix) {
        public static final Redis NONE = new Redis(null, "nova:");

        public Redis {
            if (url != null && !url.startsWith("redis://") && !url.startsWith("rediss://")
                    && !url.startsWith("redis-cluster://")) {
                throw new IllegalArgumentException("redis_url must look like redis://HOST:PORT[/DB], or"
                        + " redis-cluster://HOST:PORT[,HOST:PORT...] for a Redis Cluster, not " + url);
            }
            if (prefix == null || prefix.isBlank()) {
                throw new IllegalArgumentException("redis_prefix must not be blank");
            }
        }

        public boolean enabled() {
            return url != null;
        }
    }
}
