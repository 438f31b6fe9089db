package dev.nova.desktop;

import dev.nova.desktop.settings.Settings;
import dev.nova.desktop.settings.SettingsStore;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The desktop app's command line: {@code --server URL} for remote mode with its key from
 * {@code --api-key-file FILE}, {@code NOVA_API_KEY} or the settings ({@code --api-key KEY} works
 * too, but puts the key in the process list); {@code --data-dir DIR}, {@code --llm-url URL} and
 * {@code --config DIR} (the settings' folder); {@code --smoke-test} (the app checks itself and
 * ends, see {@code SmokeTest}). Without a server, from the flags or the settings,
 * the app runs in local mode with its own embedded server.
 */
public record LaunchOptions(Optional<URI> server, Optional<String> apiKey, Optional<Path> apiKeyFile,
                            Optional<Path> dataDir, Optional<URI> llmUrl, Optional<Path> configDir,
                            boolean smokeTest) {

    /** Where remote mode connects, with which key. */
    public record Remote(URI server, String apiKey) {
        @Override
        public String toString() {
            return "Remote[" + server + "]"; // never the key
        }
    }

    public static final String KEY_VARIABLE = "NOVA_API_KEY";

    /** The flags as picocli reads them; {@link #parse} checks their values. */
    @Command(name = "nova", mixinStandardHelpOptions = true, versionProvider = Version.class, sortOptions = false,
            usageHelpAutoWidth = true,
            description = {"Nova: a desktop workspace for local LLMs and AI agents.",
                "Without --server (or a server in the settings) it runs in local mode, with its own server inside."})
    static final class Flags {
        @Option(names = "--server", paramLabel = "URL", description = "a team server's WebSocket URL (ws:// or wss://)")
        String server;
        @Option(names = "--api-key-file", paramLabel = "FILE", description = "the API key for --server, read from FILE")
        Path apiKeyFile;
        @Option(names = "--api-key", paramLabel = "KEY",
                description = "the API key itself (shows in the process list: prefer --api-key-file or NOVA_API_KEY)")
        String apiKey;
        @Option(names = "--data-dir", paramLabel = "DIR", description = "local mode's data folder")
        Path dataDir;
        @Option(names = "--llm-url", paramLabel = "URL",
                description = "LM Studio's (or another OpenAI-compatible server's) URL, e.g. http://localhost:1234/v1")
        String llmUrl;
        @Option(names = "--config", paramLabel = "DIR", description = "the settings' folder (default ~/.config/nova)")
        Path configDir;
        @Option(names = "--smoke-test", description = "start, check the window and the local server, and end")
        boolean smokeTest;
    }

    /** {@code --version}: this build's version. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"nova " + dev.nova.server.config.ServerInfo.version()};
        }
    }

    /**
     * What {@code --help} or {@code --version} print, when they are asked for (the app then does
     * not start), else empty.
     */
    public static Optional<String> helpOrVersion(List<String> args) {
        CommandLine line = new CommandLine(new Flags());
        try {
            line.parseArgs(args.toArray(String[]::new));
        } catch (CommandLine.ParameterException e) {
            return Optional.empty(); // not asked for: parse() says what is wrong
        }
        if (line.isUsageHelpRequested()) {
            return Optional.of(line.getUsageMessage());
        }
        if (line.isVersionHelpRequested()) {
            return Optional.of(String.join(System.lineSeparator(), line.getCommandSpec().version()) + System.lineSeparator());
        }
        return Optional.empty();
    }

    /** Parses the arguments; an {@link IllegalArgumentException} says what to fix. */
    public static LaunchOptions parse(List<String> args) {
        Flags f = new Flags();
        try {
            new CommandLine(f).parseArgs(args.toArray(String[]::new));
        } catch (CommandLine.ParameterException e) {
            throw new IllegalArgumentException(e.getMessage() + " (see nova --help)");
        }
        return new LaunchOptions(Optional.ofNullable(f.server).map(v -> uri("--server", v, "ws", "wss")),
                Optional.ofNullable(f.apiKey), Optional.ofNullable(f.apiKeyFile), Optional.ofNullable(f.dataDir),
                Optional.ofNullable(f.llmUrl).map(v -> uri("--llm-url", v, "http", "https")),
                Optional.ofNullable(f.configDir), f.smokeTest);
    }

    /**
     * These options once the person changed the settings: where to connect and which LM Studio
     * come from the settings from then on, not from the command line (the data and settings
     * directories stay).
     */
    public LaunchOptions settingsRule() {
        return new LaunchOptions(Optional.empty(), Optional.empty(), Optional.empty(), dataDir, Optional.empty(),
                configDir, false);
    }

    /** The settings file: {@code --config DIR}'s {@code settings.json}, or the XDG default for {@code env}. */
    public Path settingsFile(Map<String, String> env) {
        return configDir.map(d -> d.resolve(SettingsStore.FILE_NAME)).orElseGet(() -> SettingsStore.defaultFile(env));
    }

    /**
     * Remote mode's server and key, or empty for local mode. The server comes from {@code --server},
     * else from the settings when their mode is remote. The key, first found: {@code --api-key-file},
     * {@code --api-key}, {@code NOVA_API_KEY}, the settings' key (for the settings' own server).
     */
    public Optional<Remote> remote(Settings settings, Map<String, String> env) {
        URI target = server.orElse(null);
        boolean fromSettings = false;
        if (target == null && settings.mode() == Settings.Mode.REMOTE && settings.serverUrl() != null) {
            target = uri("the settings' server URL", settings.serverUrl(), "ws", "wss");
            fromSettings = true;
        }
        if (target == null) {
            return Optional.empty();
        }
        String key = apiKeyFile.map(LaunchOptions::readKey).orElse(apiKey.orElse(null));
        if (key == null) {
            String v = env.get(KEY_VARIABLE);
            key = v != null && !v.isBlank() ? v.strip() : null;
        }
        if (key == null && settings.apiKey() != null
                && (fromSettings || target.toString().equals(settings.serverUrl()))) {
            key = settings.apiKey();
        }
        if (key == null) {
            throw new IllegalArgumentException(target + " needs an API key: --api-key-file FILE, " + KEY_VARIABLE
                    + ", or the Settings dialog");
        }
        return Optional.of(new Remote(target, key));
    }

    private static String readKey(Path file) {
        try {
            String key = Files.readString(file).strip();
            if (key.isEmpty()) {
                throw new IllegalArgumentException("--api-key-file: " + file + " is empty");
            }
            return key;
        } catch (IOException e) {
            throw new IllegalArgumentException("--api-key-file: cannot read " + file + " (" + e.getMessage() + ")");
        }
    }

    private static URI uri(String flag, String value, String... schemes) {
        URI uri;
        try {
            uri = URI.create(value.strip());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(flag + ": not a URL: " + value);
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!List.of(schemes).contains(scheme) || uri.getHost() == null) {
            throw new IllegalArgumentException(flag + ": expected a " + String.join(" or ", schemes)
                    + " URL such as " + schemes[0] + "://localhost:1234, got " + value);
        }
        return uri;
    }
}
