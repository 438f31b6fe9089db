package dev.nova.desktop.shell;

import dev.nova.desktop.net.ConnectionState;
import dev.nova.desktop.net.NovaClient;
import dev.nova.protocol.ClientMessage;
import dev.nova.protocol.ServerMessage;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.IntConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code --smoke-test}: the installed app checks itself end to end - its window is up, it
 * connects (local mode: its own server), sends a message to the {@code #smoke-test} channel, sees
 * the echo, and reads the channel's history back - then ends with 0, or with 1 and the reason.
 * The history's count says whether earlier runs' messages are still there (an upgrade keeps them).
 */
public final class SmokeTest {
    private static final Logger log = LoggerFactory.getLogger(SmokeTest.class);
    public static final String CHANNEL = "smoke-test";
    static final Duration WITHIN = Duration.ofSeconds(60);

    private SmokeTest() {}

    /** Runs against {@code client} (not connected yet, or connecting) and calls {@code exit} once. */
    public static void run(NovaClient client, IntConsumer exit) {
        String text = "smoke test " + UUID.randomUUID().toString().substring(0, 8);
        CompletableFuture<Integer> history = new CompletableFuture<>();
        client.on(ServerMessage.ChatMessage.class, e -> {
            if (CHANNEL.equals(e.channel()) && text.equals(e.data().content())) {
                log.info("smoke test: the message came back stored at offset {}", e.data().offset());
                client.send(CHANNEL, new ClientMessage.History(null, null, 100));
            }
        });
        client.on(ServerMessage.History.class, e -> {
            if (CHANNEL.equals(e.channel()) && e.data().messages().stream().anyMatch(m -> text.equals(m.content()))) {
                history.complete(e.data().messages().size());
            }
        });
        client.on(ServerMessage.Error.class, e -> log.warn("smoke test: the server said {}: {}", e.data().code().wire(),
                e.data().message()));
        client.onState(s -> {
            if (s == ConnectionState.CONNECTED) {
                client.send(CHANNEL, new ClientMessage.ChatMessage(text, null, null, null));
            } else if (s == ConnectionState.FAILED) {
                history.completeExceptionally(new IllegalStateException("the server refused the connection: "
                        + client.failure()));
            }
        });
        client.subscribe(CHANNEL);
        history.orTimeout(WITHIN.toSeconds(), TimeUnit.SECONDS).whenComplete((n, failure) -> {
            if (failure == null) {
                log.info("smoke test passed: connected, message echoed, {} message(s) in #{}", n, CHANNEL);
                exit.accept(0);
            } else {
                log.error("smoke test FAILED: {} (connection {})", failure instanceof java.util.concurrent.TimeoutException
                        ? "nothing came back within " + WITHIN.toSeconds() + " s" : failure.getMessage(), client.state());
                exit.accept(1);
            }
        });
    }
}
