package dev.nova.bench;

import dev.nova.protocol.ClientMessage;
import dev.nova.protocol.Envelope;
import dev.nova.protocol.ProtocolCodec;
import dev.nova.protocol.ServerMessage;
import dev.nova.server.NovaServer;
import dev.nova.server.identity.Role;
import dev.nova.server.config.ServerConfig;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * What a flooding client costs the others: a calm client pings 40 times a second, first alone,
 * then while another client sends chat messages as fast as its socket takes them until the server
 * closes it with 4029 (the default limits: 50 frames/s, burst 100, closed after 100 refused in a
 * row), one flooder after another. Reports the calm client's round trips in both phases. This is
 * the figure {@code LimitsIT} used to assert; a test asserts behaviour, a benchmark the time.
 *
 * <p>Run: {@code java -cp bench/target/benchmarks.jar dev.nova.bench.FloodBench [flooders]}
 */
public final class FloodBench {
    private static final ProtocolCodec<ServerMessage, ClientMessage> CODEC = ProtocolCodec.forClient();
    private static final long PING_EVERY_NS = 25_000_000L;

    public static void main(String[] args) throws Exception {
        int flooders = args.length > 0 ? Integer.parseInt(args[0]) : 20;
        try (NovaServer nova = NovaServer.start(ServerConfig.defaults().withPort(0)
                .withDataDir(Files.createTempDirectory("nova-bench-flood")))) {
            URI uri = URI.create("ws://127.0.0.1:" + nova.port() + "/ws");
            Client calm = Client.open(uri, nova.keys().create("calm", Role.USER));
            List<Long> alone = pings(calm, 400, () -> false);
            List<Long> flooded = new ArrayList<>();
            int closedWith4029 = 0;
            for (int f = 0; f < flooders; f++) {
                Client flooder = Client.open(uri, nova.keys().create("flooder-" + f, Role.USER));
                CompletableFuture<Void> flood = CompletableFuture.runAsync(() -> {
                    for (int i = 0; i < 5000 && !flooder.closed.isDone(); i++) {
                        try {
                            flooder.ws.sendText("{\"type\":\"chat_message\",\"channel\":\"general\",\"data\":"
                                    + "{\"content\":\"flood " + i + "\"}}", true).join();
                        } catch (RuntimeException closed) {
                            return;
                        }
                    }
                });
                flooded.addAll(pings(calm, 20, () -> !flood.isDone()));
                flood.join();
                if (flooder.closed.get(10, TimeUnit.SECONDS) == 4029) {
                    closedWith4029++;
                }
            }
            System.out.printf("calm client alone:        %s%n", summary(alone));
            System.out.printf("while %d flooders closed: %s (%d of %d closed with 4029)%n", flooders,
                    summary(flooded), closedWith4029, flooders);
        }
        System.exit(0);
    }

    /** At least {@code min} pings, and on while {@code more} says so; round trips in microseconds. */
    private static List<Long> pings(Client c, int min, java.util.function.BooleanSupplier more) throws Exception {
        List<Long> out = new ArrayList<>();
        String ping = CODEC.encode(Envelope.of(null, null, new ClientMessage.Ping()));
        long next = System.nanoTime();
        while (out.size() < min || more.getAsBoolean()) {
            LockSupport.parkNanos(next - System.nanoTime());
            next += PING_EVERY_NS;
            long t0 = System.nanoTime();
            c.ws.sendText(ping, true).join();
            c.await(ServerMessage.Pong.class);
            out.add((System.nanoTime() - t0) / 1000);
        }
        return out;
    }

    private static String summary(List<Long> micros) {
        List<Long> s = new ArrayList<>(micros);
        s.sort(null);
        return String.format("%d pings, p50 %.2f ms, p95 %.2f ms, p99 %.2f ms, max %.2f ms", s.size(),
                at(s, 0.50), at(s, 0.95), at(s, 0.99), s.get(s.size() - 1) / 1000.0);
    }

    private static double at(List<Long> sorted, double q) {
        return sorted.get(Math.min(sorted.size() - 1, (int) (sorted.size() * q))) / 1000.0;
    }

    private static final class Client {
        final BlockingQueue<Envelope<ServerMessage>> in = new LinkedBlockingQueue<>();
        final CompletableFuture<Integer> closed = new CompletableFuture<>();
        WebSocket ws;

        static Client open(URI uri, String key) throws InterruptedException {
            Client c = new Client();
            StringBuilder partial = new StringBuilder();
            c.ws = HttpClient.newHttpClient().newWebSocketBuilder().buildAsync(uri, new WebSocket.Listener() {
                @Override
                public CompletionStage<?> onText(WebSocket w, CharSequence text, boolean last) {
                    partial.append(text);
                    if (last) {
                        c.in.add(CODEC.decode(partial.toString()));
                        partial.setLength(0);
                    }
                    w.request(1);
                    return null;
                }

                @Override
                public CompletionStage<?> onClose(WebSocket w, int code, String reason) {
                    c.closed.complete(code);
                    return null;
                }

                @Override
                public void onError(WebSocket w, Throwable error) {
                    c.closed.complete(-1);
                }
            }).join();
            c.ws.sendText(CODEC.encode(Envelope.of(null, null, new ClientMessage.Auth(key))), true).join();
            c.await(ServerMessage.ConnectionSuccess.class);
            return c;
        }

        <M extends ServerMessage> M await(Class<M> type) throws InterruptedException {
            while (true) {
                Envelope<ServerMessage> e = in.poll(30, TimeUnit.SECONDS);
                if (e == null) {
                    throw new IllegalStateException("no " + type.getSimpleName() + " within 30 s");
                }
                if (type.isInstance(e.data())) {
                    return type.cast(e.data());
                }
            }
        }
    }
}
