package dev.nova.desktop;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The desktop app's command line: {@code --server URL --api-key KEY} for remote mode,
 * {@code --data-dir DIR} and {@code --llm-url URL}. Without {@code --server} the app runs in
 * local mode with its own embedded server.
 */
public record LaunchOptions(Optional<URI> server, Optional<String> apiKey, Optional<Path> dataDir,
                            Optional<URI> llmUrl) {

    public boolean isRemote() {
        return server.isPresent();
    }

    /** Parses the arguments; an {@link IllegalArgumentException} says what to fix. */
    public static LaunchOptions parse(List<String> args) {
        URI server = null;
        String apiKey = null;
        Path dataDir = null;
        URI llmUrl = null;
        for (int i = 0; i < args.size(); i++) {
            String flag = args.get(i);
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
                case "--data-dir" -> dataDir = Path.of(value);
                case "--llm-url" -> llmUrl = uri(name, value, "http", "https");
                default -> throw new IllegalArgumentException("unknown option " + name
                        + " (known: --server, --api-key, --data-dir, --llm-url)");
            }
        }
        if (server != null && apiKey == null) {
            throw new IllegalArgumentException("--server needs --api-key too");
        }
        return new LaunchOptions(Optional.ofNullable(server), Optional.ofNullable(apiKey),
                Optional.ofNullable(dataDir), Optional.ofNullable(llmUrl));
    }

    private static URI uri(String flag, String value, String... schemes) {
        URI uri;
        try {
            uri = URI.create(value);
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
