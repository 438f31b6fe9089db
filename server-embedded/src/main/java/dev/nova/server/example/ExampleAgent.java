package dev.nova.server.example;

import dev.nova.protocol.AgentState;
import dev.nova.protocol.ClientMessage;
import dev.nova.protocol.Envelope;
import dev.nova.protocol.ProtocolCodec;
import dev.nova.protocol.ServerMessage;
import dev.nova.protocol.TaskStatus;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Instant;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A complete external agent in one class, to copy from. It connects with an {@code agent} key,
 * reports itself {@code idle}, and for every task the server assigns to it reports
 * {@code in_progress}, does the work (here: a word count and the text in upper case - put your
 * own tool, script or model call in {@link #work}) and reports {@code completed} with the result,
 * or {@code failed} with the error.
 *
 * <pre>
 * java -jar nova-server.jar keys create --name counter --role agent
 * java -cp nova-server.jar dev.nova.server.example.ExampleAgent ws://127.0.0.1:8000/ws KEY counter count
 * </pre>
 * Arguments: server URL, API key, agent id (the key's name), role (the task type it prefers).
 */
public final class ExampleAgent implements WebSocket.Listener, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ExampleAgent.class);
    private static final ProtocolCodec<ServerMessage, ClientMessage> CODEC = ProtocolCodec.forClient();

    private final String agentId;
    private final String role;
    private final StringBuilder partial = new StringBuilder();
    private final CompletableFuture<Void> closed = new CompletableFuture<>();
    private final CompletableFuture<Void> ready = new CompletableFuture<>();
    private WebSocket socket;

    public ExampleAgent(String agentId, String role) {
        this.agentId = agentId;
        this.role = role;
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 4) {
            log.error("usage: ExampleAgent SERVER_URL API_KEY AGENT_ID ROLE");
            System.exit(2);
        }
        try (ExampleAgent agent = new ExampleAgent(args[2], args[3])) {
            agent.connect(URI.create(args[0]), args[1]).get();
            agent.closed.get(); // run until the server closes the connection
        }
    }

    /** Connects and authenticates; completes once the server accepted the key and the agent reported idle. */
    public CompletableFuture<Void> connect(URI server, String apiKey) {
        return HttpClient.newHttpClient().newWebSocketBuilder().buildAsync(server, this).thenCompose(ws -> {
            socket = ws;
            send(new ClientMessage.Auth(apiKey));
            return ready;
        });
    }

    /** The agent's actual work on one task. Replace with your own. */
    static String work(String content) {
        int words = content.isBlank() ? 0 : content.strip().split("\\s+").length;
        return words + " words: " + content.toUpperCase(Locale.ROOT);
    }

    private void onTask(ServerMessage.TaskUpdate task) {
        if (task.status() != TaskStatus.ASSIGNED || !agentId.equals(task.agentId())) {
            return;
        }
        send(new ClientMessage.TaskUpdate(task.taskId(), TaskStatus.IN_PROGRESS, agentId, null, null));
        try {
            String result = work(task.content() == null ? "" : task.content());
            send(new ClientMessage.TaskUpdate(task.taskId(), TaskStatus.COMPLETED, agentId, result, null));
        } catch (RuntimeException e) {
            send(new ClientMessage.TaskUpdate(task.taskId(), TaskStatus.FAILED, agentId, null, e.getMessage()));
        }
    }

    private synchronized void send(ClientMessage message) {
        socket.sendText(CODEC.encode(new Envelope<>(Instant.now(), null, null, message)), true).join();
    }

    @Override
    public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
        partial.append(data);
        if (last) {
            String frame = partial.toString();
            partial.setLength(0);
            Envelope<ServerMessage> e = CODEC.decode(frame);
            if (e.data() instanceof ServerMessage.ConnectionSuccess) {
                send(new ClientMessage.AgentStatus(agentId, AgentState.IDLE, "Example agent", role));
                ready.complete(null);
            } else if (e.data() instanceof ServerMessage.TaskUpdate task) {
                onTask(task);
            } else if (e.data() instanceof ServerMessage.AuthFailure failure) {
                log.error("authentication failed: {}", failure.reason());
                ready.completeExceptionally(new IllegalStateException("authentication failed: " + failure.reason()));
            } else if (e.data() instanceof ServerMessage.Error error) {
                log.warn("server error: {} {}", error.code().wire(), error.message());
            }
        }
        ws.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket ws, int statusCode, String reason) {
        log.info("closed by the server: {} {}", statusCode, reason);
        closed.complete(null);
        return null;
    }

    @Override
    public void onError(WebSocket ws, Throwable error) {
        closed.completeExceptionally(error);
    }

    @Override
    public void close() {
        if (socket != null) {
            socket.abort();
        }
    }
}
