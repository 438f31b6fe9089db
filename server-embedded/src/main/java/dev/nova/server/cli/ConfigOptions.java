package dev.nova.server.cli;

import dev.nova.server.config.ConfigLoader;
import dev.nova.server.config.ServerConfig;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import picocli.CommandLine.Option;

/** Options every command shares: where the data and the config file are. */
final class ConfigOptions {
    @Option(names = "--data-dir", paramLabel = "DIR", description = "Data directory (default ~/.local/share/nova-server).")
    Path dataDir;

    @Option(names = "--config", paramLabel = "FILE", description = "Config file (default ~/.config/nova/config.json).")
    Path configFile;

    /** Defaults, then the config file, then NOVA_* variables, then these flags and {@code more}. */
    ServerConfig resolve(Map<String, String> more) {
        Map<String, String> flags = new HashMap<>(more);
        if (dataDir != null) {
            flags.put("data_dir", dataDir.toString());
        }
        Path file = configFile != null ? configFile : ConfigLoader.defaultConfigFile();
        return ConfigLoader.load(file, System.getenv(), flags);
    }
}
