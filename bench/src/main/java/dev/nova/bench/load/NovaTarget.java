package dev.nova.bench.load;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Nova's protocol: {@code auth} with one of the keys made by {@code nova-server keys create
 * --count N} (connection {@code i} uses key {@code i mod N}), {@code subscribe}, {@code
 * chat_message} into a channel; idle connections send {@code ping}.
 */
final class NovaTarget implements Target {
    private final List<URI> uris;
    private final List<String> keys;

    NovaTarget(List<URI> uris, Path keysFile) {
        this.uris = List.copyOf(uris);
        try {
            List<String> k = new ArrayList<>();
            for (String line : Files.readAllLines(keysFile)) {
                String[] parts = line.trim().split("\\s+");
                if (parts.length == 2) {
                    k.add(parts[1]);
                }
            }
            if (k.isEmpty()) {
                throw new IllegalArgumentException(keysFile + " holds no 'NAME KEY' lines");
            }
            this.keys = List.copyOf(k);
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException("cannot read " + keysFile + ": " + e.getMessage());
        }
    }

    @Override
    public String name() {
        return "Nova";
    }

    @Override
    public URI uri(int index) {
        return uris.get(index % uris.size());
    }

    @Override
    public List<String> greet(int index) {
        return List.of("{\"type\":\"auth\",\"data\":{\"api_key\":\"" + keys.get(index % keys.size()) + "\"}}");
    }

    @Override
    public boolean ready(String frame) {
        return frame.startsWith("{\"type\":\"connection_success\"");
    }

    @Override
    public String join(String room) {
        return "{\"type\":\"subscribe\",\"channel\":\"" + room + "\",\"data\":{\"channel\":\"" + room + "\"}}";
    }

    @Override
    public boolean joined(String frame, String room) {
        return frame.startsWith("{\"type\":\"subscription_success\"") && frame.contains("\"channel\":\"" + room + "\"");
    }

    @Override
    public String publish(String room, String content) {
        return "{\"type\":\"chat_message\",\"channel\":\"" + room + "\",\"data\":{\"content\":\"" + content
                + "\",\"thread_id\":\"" + room + "\"}}";
    }

    @Override
    public String answer(String frame) {
        return null;
    }

    @Override
    public String keepAlive() {
        return "{\"type\":\"ping\",\"data\":{}}";
    }

    @Override
    public boolean refusal(String frame) {
        return frame.startsWith("{\"type\":\"error\"") || frame.startsWith("{\"type\":\"auth_failure\"");
    }
}
