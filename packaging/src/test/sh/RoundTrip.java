import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

/**
 * One WebSocket round trip against a Nova server, with nothing but the JDK (run as
 * {@code java RoundTrip.java ws://HOST:PORT/ws KEY}): authenticate, join a channel, send a
 * message, see it come back stored. Exits 0, or 1 saying what did not happen.
 */
public class RoundTrip {
    public static void main(String[] args) throws Exception {
        String text = "round trip " + System.nanoTime();
        CompletableFuture<String> done = new CompletableFuture<>();
        StringBuilder frame = new StringBuilder();
        WebSocket ws = HttpClient.newHttpClient().newWebSocketBuilder().buildAsync(URI.create(args[0]),
                new WebSocket.Listener() {
                    @Override
                    public CompletionStage<?> onText(WebSocket w, CharSequence data, boolean last) {
                        frame.append(data);
                        if (last) {
                            String f = frame.toString();
                            frame.setLength(0);
                            if (f.contains("\"type\":\"connection_success\"")) {
                                w.sendText("{\"type\":\"subscribe\",\"data\":{\"channel\":\"packaging\"}}", true);
                            } else if (f.contains("\"type\":\"subscription_success\"")) {
                                w.sendText("{\"type\":\"chat_message\",\"channel\":\"packaging\",\"data\":{\"content\":\""
                                        + text + "\"}}", true);
                            } else if (f.contains("\"type\":\"chat_message\"") && f.contains(text)) {
                                done.complete(f);
                            } else if (f.contains("\"type\":\"auth_failure\"") || f.contains("\"type\":\"error\"")) {
                                done.completeExceptionally(new IllegalStateException(f));
                            }
                        }
                        w.request(1);
                        return null;
                    }
                }).get(10, TimeUnit.SECONDS);
        ws.sendText("{\"type\":\"auth\",\"data\":{\"api_key\":\"" + args[1] + "\"}}", true);
        try {
            String echo = done.get(20, TimeUnit.SECONDS);
            System.out.println("round trip ok: " + echo);
            ws.sendClose(WebSocket.NORMAL_CLOSURE, "done").get(5, TimeUnit.SECONDS);
            System.exit(0);
        } catch (Exception e) {
            System.out.println("round trip FAILED: " + e);
            System.exit(1);
        }
    }
}
