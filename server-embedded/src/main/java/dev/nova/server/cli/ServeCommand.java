package dev.nova.server.cli;

import dev.nova.server.NovaServer;
import dev.nova.server.config.ServerConfig;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code nova-server serve}: run until stopped (Ctrl-C or SIGTERM shut it down gracefully). */
@Command(name = "serve", mixinStandardHelpOptions = true, description = "Run the server until stopped.")
final class ServeCommand implements Callable<Integer> {
    @Mixin
    ConfigOptions options;

    @Option(names = "--host", description = "Address to listen on (default 127.0.0.1).")
    String host;

    @Option(names = "--port", description = "Port to listen on; 0 picks a free one (default 8000).")
    Integer port;

    @Option(names = "--llm-url", paramLabel = "URL",
            description = "LM Studio's OpenAI-compatible API (default http://localhost:1234/v1).")
    String llmUrl;

    @Option(names = "--tls-cert", paramLabel = "FILE", description = "PEM certificate chain: serve wss:// and https://.")
    String tlsCert;

    @Option(names = "--tls-key", paramLabel = "FILE", description = "PEM private key (unencrypted) for --tls-cert.")
    String tlsKey;

    @Option(names = "--tls-keystore", paramLabel = "FILE",
            description = "PKCS12 keystore instead of PEM files; its password from NOVA_TLS_KEYSTORE_PASSWORD.")
    String tlsKeystore;

    @Option(names = "--allowed-origin", paramLabel = "ORIGIN",
            description = "Browser origin allowed to connect (repeatable); without any, every origin may.")
    java.util.List<String> allowedOrigins;

    @Override
    public Integer call() throws InterruptedException {
        Map<String, String> flags = new HashMap<>();
        if (llmUrl != null) {
            flags.put("llm_url", llmUrl);
        }
        if (host != null) {
            flags.put("host", host);
        }
        if (port != null) {
            flags.put("port", port.toString());
        }
        putIfSet(flags, "tls_cert", tlsCert);
        putIfSet(flags, "tls_key", tlsKey);
        putIfSet(flags, "tls_keystore", tlsKeystore);
        if (allowedOrigins != null && !allowedOrigins.isEmpty()) {
            flags.put("allowed_origins", String.join(",", allowedOrigins));
        }
        ServerConfig config = options.resolve(flags);
        LogFile.into(config.dataDir().resolve("logs"));
        NovaServer server = NovaServer.start(config);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            stopped.countDown();
        }, "nova-shutdown"));
        // The one line scripts and tests read: where the server listens (port 0 resolved).
        System.out.println("nova-server listening on " + config.host() + ":" + server.port());
        if (config.tls().enabled()) {
            System.out.println("nova-server speaks TLS: wss:// and https://");
        }
        System.out.flush();
        stopped.await();
        return 0;
    }

    private static void putIfSet(Map<String, String> flags, String key, String value) {
        if (value != null) {
            flags.put(key, value);
        }
    }
}
