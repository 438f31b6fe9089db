package dev.nova.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nova.protocol.CloseCode;
import dev.nova.protocol.Envelope;
import dev.nova.protocol.ServerMessage;
import dev.nova.protocol.ServerMessage.ChatMessage;
import dev.nova.protocol.ServerMessage.SubscriptionSuccess;
import dev.nova.server.redis.RedisStore;
import dev.nova.server.sqlite.SqliteStore;
import dev.nova.server.testing.Frames;
import dev.nova.server.testing.RedisProcess;
import dev.nova.server.testing.TestServer;
import dev.nova.server.testing.WsTestClient;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two real nodes sharing one real redis-server: one conversation whichever node a client is on,
 * recovery across nodes, idempotent retries across nodes, and nothing lost or doubled when a
 * node's pub/sub connection drops or Redis loses its data.
 */
class TeamOnRedisIT {
    static RedisProcess redis;
    static RedisClient admin;
    static StatefulRedisConnection<String, String> adminConnection;
    @TempDir
    static Path redisDir;
    @TempDir
    Path dir;
    TestServer a;
    TestServer b;

    @BeforeAll
    static void startRedis() {
        redis = RedisProcess.start(redisDir, true); // durable: the outage test kills it and starts it again
        admin = RedisClient.create(redis.url());
        adminConnection = admin.connect();
    }

    @AfterAll
    static void stopRedis() {
        if (admin != null) {
            adminConnection.close();
            admin.shutdown();
        }
        if (redis != null) {
            redis.close();
        }
    }

    @BeforeEach
    void startNodes() {
        String prefix = "t" + UUID.randomUUID().toString().substring(0, 8) + ":";
        a = node(dir.resolve("a"), prefix);
        b = node(dir.resolve("b"), prefix);
    }

    static TestServer node(Path data, String prefix) {
        return TestServer.start(data, RedisStore.open(redis.url(), prefix));
    }

    @AfterEach
    void stopNodes() {
        a.close();
        b.close();
    }

    @Test
    void messagesPostedOnEitherNodeReachEverySubscriberInOneOrderOnce() throws Exception {
        String readerKey = a.key("reader"); // a key made on one node is good on the other
        WsTestClient onA = a.login("reader", readerKey);
        WsTestClient onB = b.login("reader", readerKey);
        onA.send(Frames.subscribe("news")).next(SubscriptionSuccess.class);
        onB.send(Frames.subscribe("news")).next(SubscriptionSuccess.class);
        WsTestClient pa = a.login("ann");
        WsTestClient pb = b.login("bob");
        CompletableFuture<Void> fromA = CompletableFuture.runAsync(() -> post(pa, "news", "a", 50));
        CompletableFuture<Void> fromB = CompletableFuture.runAsync(() -> post(pb, "news", "b", 50));
        fromA.get();
        fromB.get();
        List<ChatMessage> gotA = onA.collect(ChatMessage.class, 100);
        List<ChatMessage> gotB = onB.collect(ChatMessage.class, 100);
        assertThat(gotA).extracting(ChatMessage::offset).containsExactlyElementsOf(range(1, 100));
        assertThat(gotB).extracting(ChatMessage::messageId)
                .containsExactlyElementsOf(gotA.stream().map(ChatMessage::messageId).toList());
        assertThat(gotA).extracting(ChatMessage::content).filteredOn(c -> c.startsWith("a")).hasSize(50);
        // a pong after the last message on each reader: anything doubled would have come before it
        onA.send(Frames.ping()).next(ServerMessage.Pong.class);
        onB.send(Frames.ping()).next(ServerMessage.Pong.class);
        assertThat(onA.pending() + onB.pending()).as("nothing doubled").isZero();
        List.of(onA, onB, pa, pb).forEach(WsTestClient::close);
    }

    @Test
    void aChannelMessageWaitingForRedisDoesNotHoldUpItsConnection() {
        WsTestClient ann = a.login("ann");
        ann.send(Frames.ping()).next(ServerMessage.Pong.class);
        io.lettuce.core.codec.StringCodec codec = io.lettuce.core.codec.StringCodec.UTF8;
        // Redis runs no write (no append script) for a second; reads and this connection go on
        adminConnection.sync().dispatch(io.lettuce.core.protocol.CommandType.CLIENT,
                new io.lettuce.core.output.StatusOutput<>(codec),
                new io.lettuce.core.protocol.CommandArgs<>(codec).add("PAUSE").add(1000).add("WRITE"));
        try {
            ann.send(Frames.chat("news", "while Redis is busy"));
            ann.send(Frames.ping());
            assertThat(ann.next().data()).as("the ping after it is answered while the message waits for Redis")
                    .isInstanceOf(ServerMessage.Pong.class);
            ChatMessage echo = ann.next(ChatMessage.class);
            assertThat(echo.content()).as("and the message is acknowledged once stored").isEqualTo("while Redis is busy");
            assertThat(echo.offset()).isEqualTo(1L);
        } finally {
            adminConnection.sync().dispatch(io.lettuce.core.protocol.CommandType.CLIENT,
                    new io.lettuce.core.output.StatusOutput<>(codec), new io.lettuce.core.protocol.CommandArgs<>(codec).add("UNPAUSE"));
        }
        ann.close();
    }

    @Test
    void aTaskMadeThroughTheMcpServerOfOneNodeIsOnTheBoardOfTheOther() {
        WsTestClient watcher = b.login("watcher");
        watcher.send(Frames.subscribe("tasks")).next(SubscriptionSuccess.class);
        io.modelcontextprotocol.client.McpSyncClient mcp = dev.nova.server.testing.BoardMcp.connect(a, a.key("claude"));
        try {
            io.modelcontextprotocol.spec.McpSchema.CallToolResult r = mcp.callTool(
                    new io.modelcontextprotocol.spec.McpSchema.CallToolRequest("create_task",
                            java.util.Map.of("content", "Check the nightly build", "title", "Nightly")));
            assertThat(r.isError()).isFalse();
            ServerMessage.TaskUpdate seen = (ServerMessage.TaskUpdate) watcher.nextMatching(e ->
                    e.data() instanceof ServerMessage.TaskUpdate u && "Nightly".equals(u.title())).data();
            assertThat(seen.taskId()).startsWith("task-");
        } finally {
            mcp.closeGracefully();
            watcher.close();
        }
    }

    @Test
    void aClientThatReconnectsToTheOtherNodeGetsExactlyWhatItMissed() {
        String readerKey = a.key("reader");
        WsTestClient publisher = b.login("publisher");
        WsTestClient reader = a.login("reader", readerKey);
        SubscriptionSuccess first = reader.send(Frames.subscribe("news")).next(SubscriptionSuccess.class);
        post(publisher, "news", "m", 5);
        assertThat(reader.collect(ChatMessage.class, 5)).extracting(ChatMessage::offset).containsExactlyElementsOf(range(1, 5));
        reader.abort();

        post(publisher, "news", "missed", 500);
        WsTestClient back = b.login("reader", readerKey);
        back.send(Frames.subscribeSince("news", 5, first.epoch()));
        SubscriptionSuccess sub = back.next(SubscriptionSuccess.class);
        assertThat(sub.recovered()).isTrue();
        assertThat(sub.epoch()).isEqualTo(first.epoch());
        assertThat(back.collect(ChatMessage.class, 500)).extracting(ChatMessage::offset).containsExactlyElementsOf(range(6, 505));
        post(publisher, "news", "live", 1);
        assertThat(back.next(ChatMessage.class).offset()).isEqualTo(506);
        back.close();
        publisher.close();
    }

    @Test
    void aRetryWithTheSameMessageIdOnTheOtherNodeIsStoredOnce() {
        String key = a.key("ann");
        WsTestClient onA = a.login("ann", key);
        onA.send(Frames.chat("news", "hello", "c-1"));
        ChatMessage original = onA.next(ChatMessage.class);
        onA.abort();
        WsTestClient onB = b.login("ann", key);
        onB.send(Frames.chat("news", "hello", "c-1"));
        ChatMessage retried = onB.next(ChatMessage.class);
        assertThat(retried.messageId()).isEqualTo(original.messageId());
        assertThat(retried.offset()).isEqualTo(original.offset());
        assertThat(b.server().store().history().head("news").offset()).isEqualTo(1);
        onB.close();
    }

    @Test
    void deliveriesLostWhileANodesPubSubConnectionWasDownAreFilledInOrder() {
        WsTestClient reader = b.login("reader");
        reader.send(Frames.subscribe("news")).next(SubscriptionSuccess.class);
        WsTestClient publisher = a.login("publisher");
        post(publisher, "news", "before", 10);
        // Cut every pub/sub connection: node b's included. Lettuce reconnects and subscribes again.
        adminConnection.sync().clientKill(io.lettuce.core.KillArgs.Builder.typePubsub());
        post(publisher, "news", "during", 20);
        List<ChatMessage> got = reader.collect(ChatMessage.class, 30);
        assertThat(got).extracting(ChatMessage::offset).containsExactlyElementsOf(range(1, 30));
        post(publisher, "news", "after", 5);
        assertThat(reader.collect(ChatMessage.class, 5)).extracting(ChatMessage::offset).containsExactlyElementsOf(range(31, 35));
        reader.send(Frames.ping()).next(ServerMessage.Pong.class);
        reader.close();
        publisher.close();
    }

    @Test
    void aWipedRedisStartsANewEpochAndSubscribersAreToldNotLeftWithAGap() {
        String readerKey = a.key("reader");
        String publisherKey = a.key("publisher");
        WsTestClient reader = b.login("reader", readerKey);
        SubscriptionSuccess first = reader.send(Frames.subscribe("news")).next(SubscriptionSuccess.class);
        WsTestClient publisher = a.login("publisher", publisherKey);
        post(publisher, "news", "old", 3);
        assertThat(reader.collect(ChatMessage.class, 3)).hasSize(3);

        List<String> ours = adminConnection.sync().keys("*{news}*");
        assertThat(ours).isNotEmpty();
        adminConnection.sync().del(ours.toArray(String[]::new)); // the history is gone; the keys stay
        post(publisher, "news", "new", 1);
        Envelope<ServerMessage> told = reader.nextMatching(e -> e.data() instanceof SubscriptionSuccess);
        SubscriptionSuccess again = (SubscriptionSuccess) told.data();
        assertThat(again.epoch()).isNotEqualTo(first.epoch());
        assertThat(again.recovered()).isFalse();
        ChatMessage next = reader.next(ChatMessage.class);
        assertThat(next.offset()).isEqualTo(1);
        assertThat(next.content()).isEqualTo("new0");
        reader.close();
        publisher.close();
    }

    @Test
    void aKeyRevokedOnOneNodeClosesItsConnectionsOnTheOther() {
        String key = a.key("mallory");
        WsTestClient onB = b.login("mallory", key);
        assertThat(a.server().keys().revoke("mallory")).isTrue();
        assertThat(onB.awaitClose()).isEqualTo(CloseCode.AUTH_FAILED.code());
        WsTestClient again = b.connect("mallory");
        again.send(Frames.auth(key));
        assertThat(again.next().data()).isInstanceOf(ServerMessage.AuthFailure.class);
        again.close();
    }

    @Test
    void aTaskMadeOnOneNodeIsOnEveryNodesBoard() {
        WsTestClient watcher = b.login("watcher");
        watcher.send(Frames.subscribe("tasks")).next(SubscriptionSuccess.class);
        WsTestClient maker = a.login("maker");
        maker.send("{\"type\":\"create_task\",\"data\":{\"task_type\":\"analysis\",\"content\":\"Shared task\"}}");
        ServerMessage.TaskUpdate seen = (ServerMessage.TaskUpdate) watcher
                .nextMatching(e -> e.data() instanceof ServerMessage.TaskUpdate t && "Shared task".equals(t.content())).data();
        WsTestClient late = b.login("late");
        late.send(Frames.subscribe("tasks"));
        Envelope<ServerMessage> snapshot = late.nextMatching(e -> e.data() instanceof ServerMessage.TaskUpdate);
        assertThat(((ServerMessage.TaskUpdate) snapshot.data()).taskId()).isEqualTo(seen.taskId());
        List.of(watcher, maker, late).forEach(WsTestClient::close);
    }

    @Test
    void whileRedisIsDownNothingIsClaimedStoredAndWhenItIsBackEveryStoredMessageArrives() {
        String readerKey = a.key("reader");
        String publisherKey = a.key("publisher");
        WsTestClient reader = b.login("reader", readerKey);
        reader.send(Frames.subscribe("news")).next(SubscriptionSuccess.class);
        WsTestClient publisher = a.login("publisher", publisherKey);
        post(publisher, "news", "before", 3);
        assertThat(reader.collect(ChatMessage.class, 3)).hasSize(3);
        redis.kill();
        ServerMessage.ServerStatus told = reader.next(ServerMessage.ServerStatus.class);
        assertThat(told.status()).as("subscribers are told").isEqualTo(dev.nova.protocol.ServerState.DEGRADED);
        assertThat(told.detail()).contains("not reachable").contains("refused, not stored");
        assertThat(publisher.next(ServerMessage.ServerStatus.class).status()).isEqualTo(dev.nova.protocol.ServerState.DEGRADED);
        // Ten seconds down, the publisher trying all along: each message refused, none claimed stored.
        long downUntil = System.nanoTime() + java.time.Duration.ofSeconds(10).toNanos();
        int tries = 0;
        while (System.nanoTime() < downUntil) {
            publisher.send(Frames.chat("news", "during " + tries++));
            ServerMessage.Error refused = publisher.next(ServerMessage.Error.class);
            assertThat(refused.code()).isEqualTo(dev.nova.protocol.ErrorCode.INTERNAL);
            assertThat(refused.message()).contains("not reachable").contains("nothing was stored");
            assertThat(health(a)).isEqualTo(503);
            assertThat(a.server().bus().healthy()).isFalse(); // the node stays up, degraded
            // pacing, not waiting for an event: four messages a second, under the rate limit
            java.util.concurrent.locks.LockSupport.parkNanos(java.time.Duration.ofMillis(250).toNanos());
        }
        assertThat(tries).as("messages tried while Redis was down").isGreaterThan(5);
        assertThat(reader.pending()).as("nothing reached the reader meanwhile").isZero();

        redis.startAgain(); // with what it had acknowledged (its append-only file)
        dev.nova.server.testing.Eventually.until("node a healthy again", java.time.Duration.ofSeconds(30), () -> health(a) == 200);
        dev.nova.server.testing.Eventually.until("node b healthy again", java.time.Duration.ofSeconds(30), () -> health(b) == 200);
        assertThat(reader.next(ServerMessage.ServerStatus.class).status()).as("and told when it is back")
                .isEqualTo(dev.nova.protocol.ServerState.OK);
        post(publisher, "news", "after", 2);
        assertThat(reader.collect(ChatMessage.class, 2)).extracting(ChatMessage::offset).containsExactly(4L, 5L);
        reader.close();
        publisher.close();
    }

    static int health(TestServer node) {
        try {
            return java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                    java.net.URI.create("http://127.0.0.1:" + node.server().port() + "/health")).build(),
                    java.net.http.HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    /** Posts {@code n} messages one after another, each acknowledged (its echo) before the next. */
    static void post(WsTestClient c, String channel, String prefix, int n) {
        c.post(channel, prefix, 0, n - 1);
    }

    static List<Long> range(long from, long to) {
        List<Long> out = new ArrayList<>();
        for (long i = from; i <= to; i++) {
            out.add(i);
        }
        return out;
    }
}
