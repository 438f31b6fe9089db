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

    /** Parses the arguments; an {@link IllegalArgumentException} says what to fix. */
    public static LaunchOptions parse(List<String> args) {
        URI server = null;
        String apiKey = null;
        Path apiKeyFile = null;
        Path dataDir = null;
        URI llmUrl = null;
        Path configDir = null;
        boolean smokeTest = false;
        for (int i = 0; i < args.size(); i++) {
            String flag = args.get(i);
            if (flag.equals("--smoke-test")) {
                smokeTest = true;
                continue;
            }
            String value = flag.contains("=") ? flag.substring(flag.indexOf('=') + 1) : null;
            String name = value == null ? flag : flag.substring(0, flag.indexOf('='));
            if (value == null) {
                if (i + 1 >= args.size()) {
                    throw new IllegalArgumentException(name + " needs a value");
                }
                value = args.get(++i);
            }
            switch (name) {
                case "--server" -> server = uri(name, value, "ws", "wss");
                case "--api-key" -> apiKey = value;
                case "--api-key-file" -> apiKeyFile = Path.of(value);
                case "--data-dir" -> dataDir = Path.of(value);
                case "--llm-url" -> llmUrl = uri(name, value, "http", "https");
                case "--config" -> configDir = Path.of(value);
                default -> throw new IllegalArgumentException("unknown option " + name
                        + " (known: --server, --api-key-file, --api-key, --data-dir, --llm-url, --config, --smoke-test)");
            }
        }
        return new LaunchOptions(Optional.ofNullable(server), Optional.ofNullable(apiKey),
                Optional.ofNullable(apiKeyFile), Optional.ofNullable(dataDir), Optional.ofNullable(llmUrl),
                Optional.ofNullable(configDir), smokeTest);
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
