package dev.nova.bench;

import dev.nova.protocol.Envelope;
import dev.nova.protocol.ProtocolCodec;
import dev.nova.protocol.ServerMessage;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Recovery across nodes: a reader on node A leaves, {@code missed} messages are posted on node B,
 * the reader subscribes on node B with {@code since}; measured from sending that subscribe to
 * holding the last missed message. Real sockets to two running {@code serve --redis} nodes.
 *
 * <p>Run (bench/team.sh recovery does it): {@code java -cp bench/target/benchmarks.jar
 * dev.nova.bench.RecoveryBench ws://A/ws ws://B/ws KEYS_FILE [missed] [rounds]}
 */
public final class RecoveryBench {
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    public static void main(String[] args) throws Exception {
        URI a = URI.create(args[0]);
        URI b = URI.create(args[1]);
        List<String> keys = Files.readAllLines(Path.of(args[2])).stream().map(l -> l.trim().split("\\s+"))
                .filter(p -> p.length == 2).map(p -> p[1]).toList();
        int missed = args.length > 3 ? Integer.parseInt(args[3]) : 1000;
        int rounds = args.length > 4 ? Integer.parseInt(args[4]) : 20;
        Client publisher = Client.open(b, keys.get(0));
        long[] ms = new long[rounds];
        for (int r = -3; r < rounds; r++) { // three rounds of warm-up
            String channel = "recover-" + r + "-" + System.nanoTime();
            Client reader = Client.open(a, keys.get(1));
            ServerMessage.SubscriptionSuccess sub = reader.send(subscribe(channel, null))
                    .await(ServerMessage.SubscriptionSuccess.class);
            reader.close();
            for (int i = 0; i < missed; i++) {
                publisher.send(chat(channel, "message " + i));
                publisher.await(ServerMessage.ChatMessage.class);
            }
            Client back = Client.open(b, keys.get(1));
            long t0 = System.nanoTime();
            back.send(subscribe(channel, sub.epoch()));
            ServerMessage.SubscriptionSuccess again = back.await(ServerMessage.SubscriptionSuccess.class);
            if (!again.recovered()) {
                throw new IllegalStateException("not recovered: " + again);
            }
            long last = 0;
            for (int i = 0; i < missed; i++) {
                last = back.await(ServerMessage.ChatMessage.class).offset();
            }
            long took = System.nanoTime() - t0;
            if (last != missed) {
                throw new IllegalStateException("the last message had offset " + last);
            }
            back.close();
            if (r >= 0) {
                ms[r] = took;
            }
        }
        Arrays.sort(ms);
        System.out.printf("| recovery of %d missed messages on the other node (%d rounds) | p50 %.1f ms | max %.1f ms |%n",
                missed, rounds, ms[rounds / 2] / 1e6, ms[rounds - 1] / 1e6);
        System.exit(0);
    }

    private static String subscribe(String channel, String epoch) {
        return epoch == null ? "{\"type\":\"subscribe\",\"data\":{\"channel\":\"" + channel + "\"}}"
                : "{\"type\":\"subscribe\",\"data\":{\"channel\":\"" + channel + "\",\"since\":{\"offset\":0,\"epoch\":\""
                + epoch + "\"}}}";
    }

    private static String chat(String channel, String text) {
        return "{\"type\":\"chat_message\",\"channel\":\"" + channel + "\",\"data\":{\"content\":\"" + text + "\"}}";
    }

    /** A WebSocket client that queues every server frame. */
    private static final class Client implements WebSocket.Listener {
        private final BlockingQueue<Envelope<ServerMessage>> frames = new LinkedBlockingQueue<>();
        private final StringBuilder partial = new StringBuilder();
        private WebSocket ws;

        static Client open(URI uri, String key) throws Exception {
            Client c = new Client();
            c.ws = HTTP.newWebSocketBuilder().buildAsync(uri, c).get(10, TimeUnit.SECONDS);
            c.send("{\"type\":\"auth\",\"data\":{\"api_key\":\"" + key + "\"}}");
            c.await(ServerMessage.ConnectionSuccess.class);
            return c;
        }

        Client send(String text) {
            ws.sendText(text, true).join();
            return this;
        }

        <M extends ServerMessage> M await(Class<M> type) throws InterruptedException {
            while (true) {
                Envelope<ServerMessage> e = frames.poll(30, TimeUnit.SECONDS);
                if (e == null) {
                    throw new IllegalStateException("no " + type.getSimpleName() + " within 30 s");
                }
                if (e.data() instanceof ServerMessage.Error err) {
                    throw new IllegalStateException("error: " + err.message());
                }
                if (type.isInstance(e.data())) {
                    return type.cast(e.data());
                }
            }
        }

        void close() {
            ws.sendClose(WebSocket.NORMAL_CLOSURE, "").join();
        }

        @Override
        public CompletionStage<?> onText(WebSocket w, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                frames.add(ProtocolCodec.forClient().decode(partial.toString()));
                partial.setLength(0);
            }
            w.request(1);
            return null;
        }
    }
}
