package dev.nova.server.testing;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/** Reads the server's {@code /metrics} the way Prometheus does: over HTTP, as text. */
public final class Metrics {
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private final URI uri;

    public Metrics(TestServer server) {
        this.uri = URI.create("http://127.0.0.1:" + server.server().port() + "/metrics");
    }

    public String scrape() {
        try {
            HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) {
                throw new AssertionError("/metrics answered " + r.statusCode());
            }
            return r.body();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** The value of the sample {@code name} whose labels contain {@code label} (0 when there is none). */
    public double value(String name, String label) {
        for (String line : scrape().split("\n")) {
            if (line.startsWith(name + "{") && line.contains(label) || line.startsWith(name + " ") && label.isEmpty()) {
                return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return 0;
    }
}
