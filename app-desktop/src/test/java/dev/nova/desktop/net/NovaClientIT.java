package dev.nova.desktop.net;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nova.protocol.ClientMessage;
import dev.nova.protocol.ServerMessage;
import dev.nova.protocol.ServerMessage.ChatMessage;
import dev.nova.server.NovaServer;
import dev.nova.server.identity.Role;
import dev.nova.server.config.ServerConfig;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The desktop's client alone, against a real Nova server on a free port, through restarts. */
class NovaClientIT {
    private static final Duration WAIT = Duration.ofSeconds(15);
    private static final Backoff FAST = new Backoff(Duration.ofMillis(50), Duration.ofMillis(400), Math::random);

    @TempDir
    Path dir;
    NovaServer server;
    int port;
    String aliceKey;
    String bobKey;
    final List<ConnectionState> states = new CopyOnWriteArrayList<>();
    final List<ChatMessage> received = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() {
        server = NovaServer.start(config(0));
        port = server.port();
        aliceKey = server.keys().create("alice", Role.USER);
        bobKey = server.keys().create("bob", Role.USER);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private ServerConfig config(int p) {
        ServerConfig c = ServerConfig.defaults().withPort(p).withDataDir(dir).withHeartbeat(Duration.ofSeconds(1));
        return c.withLlm(c.llm().withBaseUrl(URI.create("http://127.0.0.1:9/v1")));
    }

    private NovaClient client(String key) {
        NovaClient c = new NovaClient(URI.create("ws://127.0.0.1:" + port + "/ws"), key, FAST);
        c.onState(states::add);
        c.on(ChatMessage.class, e -> received.add(e.data()));
        return c;
    }

    private static void await(String what, BooleanSupplier condition) {
        dev.nova.server.testing.Eventually.until(what, WAIT, condition);
    }

    @Test
    void itAuthenticatesOnOpenAndDeliversMessagesToListeners() {
        try (NovaClient c = client(aliceKey)) {
            c.connect();
            await("connected", () -> c.state() == ConnectionState.CONNECTED);
            assertThat(states).containsSubsequence(ConnectionState.CONNECTING, ConnectionState.AUTHENTICATING,
                    ConnectionState.CONNECTED);
            c.subscribe("general");
            await("subscribed", () -> c.cursor("general") != null);
            c.send("general", new ClientMessage.ChatMessage("hello", null, null));
            await("the echo", () -> received.size() == 1);
            assertThat(received.get(0).content()).isEqualTo("hello");
            assertThat(c.cursor("general").offset()).isEqualTo(1);
        }
    }

    @Test
    void aMessageGivenItsIdByTheClientKeepsEverythingElseItSaid() {
        var stream = "@assistant/alice";
        var first = server.store().history().append(stream, new dev.nova.server.store.HistoryStore.NewMessage("t-1",
                "alice", "two days", null, java.time.Instant.now())).message();
        try (NovaClient c = client(aliceKey)) {
            c.connect();
            await("connected", () -> c.state() == ConnectionState.CONNECTED);
            c.send(null, new ClientMessage.ChatMessage("three days", "t-1", null, "some-model", first.messageId()));
            await("the edit stored", () -> received.stream().anyMatch(m -> m.content().equals("three days")));
            ChatMessage edit = received.stream().filter(m -> m.content().equals("three days")).findFirst().orElseThrow();
            assertThat(edit.editOf()).as("edit_of survives the id the client adds").isEqualTo(first.messageId());
        }
    }

    @Test
    void aChannelLeftWhileOfflineIsLeftOnTheServerWhenBack() {
        server.store().history().append("general", new dev.nova.server.store.HistoryStore.NewMessage("general",
                "bob", "hi", null, java.time.Instant.now()));
        try (NovaClient c = client(aliceKey)) {
            List<dev.nova.protocol.ServerMessage.Threads> lists = new CopyOnWriteArrayList<>();
            c.on(dev.nova.protocol.ServerMessage.Threads.class, e -> lists.add(e.data()));
            c.subscribe("general");
            c.unsubscribe("general"); // before connecting: it waits in the outbox
            c.connect();
            await("connected", () -> c.state() == ConnectionState.CONNECTED);
            c.send(null, new ClientMessage.Threads());
            await("the list", () -> !lists.isEmpty());
            assertThat(lists.get(0).channels()).as("general was left").isEmpty();
            assertThat(c.cursor("general")).isNull();
        }
    }

    @Test
    void aRefusedKeyFailsForGoodWithoutRetrying() {
        try (NovaClient c = client("nova_wrong")) {
            c.connect();
            await("failed", () -> c.state() == ConnectionState.FAILED);
            assertThat(c.failure()).isEqualTo("invalid api key");
            assertThat(states).doesNotContain(ConnectionState.RECONNECTING);
        }
    }

    @Test
    void closedForProtocolViolationsItComesBackWithBackoffInsteadOfLockingThePersonOut() {
        try (NovaClient c = client(aliceKey)) {
            c.connect();
            await("connected", () -> c.state() == ConnectionState.CONNECTED);
            // frames the server forbids (another person's private channel), more than it tolerates
            for (int i = 0; i <= dev.nova.server.ws.Connection.MAX_VIOLATIONS; i++) {
                c.send(null, new ClientMessage.Subscribe("private:bob-notes-" + i, null));
            }
            await("closed with 4400 and trying again", () -> states.contains(ConnectionState.RECONNECTING));
            await("back", () -> c.state() == ConnectionState.CONNECTED);
            assertThat(states).doesNotContain(ConnectionState.FAILED);
        }
    }

    @Test
    void afterAServerRestartItReconnectsResubscribesAndRecoversWhatWasMissed() {
        try (NovaClient c = client(aliceKey)) {
            c.connect();
            c.subscribe("news");
            await("subscribed", () -> c.cursor("news") != null);
            c.send("news", new ClientMessage.ChatMessage("before", null, null));
            await("first message", () -> received.size() == 1);

            server.close(); // 1001: the client should come back by itself
            await("reconnecting", () -> c.state() == ConnectionState.RECONNECTING);
            server = NovaServer.start(config(port));
            publishAsBob("while you were away 1");
            publishAsBob("while you were away 2");

            await("reconnected", () -> c.state() == ConnectionState.CONNECTED);
            await("the missed messages", () -> received.size() == 3);
            assertThat(received).extracting(ChatMessage::content)
                    .containsExactly("before", "while you were away 1", "while you were away 2");
            assertThat(received).extracting(ChatMessage::offset).containsExactly(1L, 2L, 3L);
        }
    }

    @Test
    void reconnectNowSkipsTheRestOfTheBackoffWhenTheServerIsBack() {
        Backoff slow = new Backoff(Duration.ofMinutes(10), Duration.ofMinutes(10), () -> 1.0);
        try (NovaClient c = new NovaClient(URI.create("ws://127.0.0.1:" + port + "/ws"), aliceKey, slow)) {
            c.connect();
            await("connected", () -> c.state() == ConnectionState.CONNECTED);
            server.close();
            await("reconnecting", () -> c.state() == ConnectionState.RECONNECTING); // next try: in 10 minutes
            c.reconnectNow(); // the server is still down: this try fails, and the wait starts over
            await("tried and waiting again", () -> c.state() == ConnectionState.RECONNECTING);
            server = NovaServer.start(config(port));
            c.reconnectNow();
            await("connected at once, not in 10 minutes", () -> c.state() == ConnectionState.CONNECTED);
        }
    }

    @Test
    void messagesSentWhileOfflineAreSentOnceWhenBack() {
        try (NovaClient c = client(aliceKey)) {
            c.connect();
            c.subscribe("notes");
            await("subscribed", () -> c.cursor("notes") != null);
            server.close();
            await("reconnecting", () -> c.state() == ConnectionState.RECONNECTING);
            c.send("notes", new ClientMessage.ChatMessage("written offline", null, null));
            server = NovaServer.start(config(port));
            await("delivered", () -> received.size() == 1);
            assertThat(received.get(0).content()).isEqualTo("written offline");
            List<ChatMessage> history = new CopyOnWriteArrayList<>();
            c.on(ServerMessage.History.class, e -> history.addAll(e.data().messages()));
            c.send("notes", new ClientMessage.History(null, null, 10));
            await("history", () -> !history.isEmpty());
            assertThat(history).hasSize(1);
        }
    }

    /** Another person posts to news (keys live in the data directory, so bob's outlasts restarts). */
    private void publishAsBob(String text) {
        try (NovaClient bob = new NovaClient(URI.create("ws://127.0.0.1:" + port + "/ws"), bobKey, FAST)) {
            List<ChatMessage> echo = new CopyOnWriteArrayList<>();
            bob.on(ChatMessage.class, e -> echo.add(e.data()));
            bob.connect();
            bob.send("news", new ClientMessage.ChatMessage(text, null, null));
            await("bob's echo", () -> !echo.isEmpty());
        }
    }
}
