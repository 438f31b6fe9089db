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
        ServerConfig config = options.resolve(flags);
        NovaServer server = NovaServer.start(config);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            stopped.countDown();
        }, "nova-shutdown"));
        // The one line scripts and tests read: where the server listens (port 0 resolved).
        System.out.println("nova-server listening on " + config.host() + ":" + server.port());
        System.out.flush();
        stopped.await();
        return 0;
    }
}
