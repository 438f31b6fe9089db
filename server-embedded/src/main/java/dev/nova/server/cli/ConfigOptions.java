package dev.nova.server.cli;

import dev.nova.server.config.ConfigLoader;
import dev.nova.server.config.ServerConfig;
import dev.nova.server.store.Store;
import dev.nova.server.redis.RedisStore;
import dev.nova.server.sqlite.SqliteStore;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import picocli.CommandLine.Option;

/** Options every command shares: where the data (a directory, or a team's Redis) and the config file are. */
final class ConfigOptions {
    @Option(names = "--data-dir", paramLabel = "DIR", description = "Data directory (default ~/.local/share/nova-server).")
    Path dataDir;

    @Option(names = "--config", paramLabel = "FILE", description = "Config file (default ~/.config/nova/config.json).")
    Path configFile;

    @Option(names = "--redis", paramLabel = "URL",
            description = "A team's Redis (redis://HOST:PORT[/DB], or redis-cluster://HOST:PORT,... for a Redis Cluster):"
                    + " its store and fan-out instead of the data directory's.")
    String redis;

    @Option(names = "--verbose", description = "Log what the command does to stderr (serve always does).")
    void verbose(boolean on) {
        if (on) {
            LogLevel.verbose();
        }
    }

    /** The store the resolved config names: the team's Redis, or the data directory's SQLite file. */
    Store openStore() {
        ServerConfig c = resolve(Map.of());
        return c.redis().enabled() ? RedisStore.open(c) : SqliteStore.open(c.dataDir());
    }

    /**
     * Runs {@code work} on the store and returns its exit code; a store that cannot be opened or
     * used is one line on stderr and exit code 1, never a stack trace.
     */
    int withStore(java.util.function.ToIntFunction<Store> work) {
        try (Store store = openStore()) {
            return work.applyAsInt(store);
        } catch (dev.nova.server.store.StoreException e) {
            System.err.println("nova-server: " + e.getMessage());
            return 1;
        }
    }

    /** Defaults, then the config file, then NOVA_* variables, then these flags and {@code more}. */
    ServerConfig resolve(Map<String, String> more) {
        Map<String, String> flags = new HashMap<>(more);
        if (redis != null) {
            flags.put("redis_url", redis);
        }
        if (dataDir != null) {
            flags.put("data_dir", dataDir.toString());
        }
        Path file = configFile != null ? configFile : ConfigLoader.defaultConfigFile();
        return ConfigLoader.load(file, System.getenv(), flags);
    }
}
