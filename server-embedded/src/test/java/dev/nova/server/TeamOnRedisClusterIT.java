package dev.nova.server;

import static dev.nova.server.TeamOnRedisIT.post;
import static dev.nova.server.TeamOnRedisIT.range;
import static org.assertj.core.api.Assertions.assertThat;

import dev.nova.protocol.ServerMessage;
import dev.nova.protocol.ServerMessage.ChatMessage;
import dev.nova.protocol.ServerMessage.SubscriptionSuccess;
import dev.nova.server.redis.RedisStore;
import dev.nova.server.testing.Frames;
import dev.nova.server.testing.RedisCluster;
import dev.nova.server.testing.TestServer;
import dev.nova.server.testing.WsTestClient;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two nodes on a real Redis Cluster of three masters ({@code redis-cluster://...}): the same
 * code as on one Redis, with sharded pub/sub; channels hash to different masters.
 */
class TeamOnRedisClusterIT {
    @TempDir
    Path dir;
    TestServer a;
    TestServer b;

    @BeforeEach
    void startNodes() {
        String prefix = RedisCluster.prefix();
        a = TestServer.start(dir.resolve("a"), RedisStore.open(RedisCluster.url(), prefix));
        b = TestServer.start(dir.resolve("b"), RedisStore.open(RedisCluster.url(), prefix));
    }

    @AfterEach
    void stopNodes() {
        a.close();
        b.close();
    }

    @Test
    void channelsOnEveryMasterReachSubscribersOnBothNodesInOrderOnce() {
        List<String> channels = List.of("news", "ops", "general", "random", "design", "support");
        String key = a.key("reader");
        WsTestClient onA = a.login("reader", key);
        WsTestClient onB = b.login("reader", key);
        for (String ch : channels) {
            onA.send(Frames.subscribe(ch)).next(SubscriptionSuccess.class);
            onB.send(Frames.subscribe(ch)).next(SubscriptionSuccess.class);
        }
        WsTestClient publisher = b.login("publisher");
        for (String ch : channels) {
            post(publisher, ch, ch, 10);
        }
        for (WsTestClient reader : List.of(onA, onB)) {
            List<ChatMessage> got = reader.collect(ChatMessage.class, 60);
            for (String ch : channels) {
                assertThat(got).filteredOn(m -> m.content().startsWith(ch)).extracting(ChatMessage::offset)
                        .as("%s in order, once", ch).containsExactlyElementsOf(range(1, 10));
            }
            reader.send(Frames.ping()).next(ServerMessage.Pong.class);
            assertThat(reader.pending()).as("nothing doubled").isZero();
        }
        assertThat(a.server().store().kind()).isEqualTo("redis-cluster");
        List.of(onA, onB, publisher).forEach(WsTestClient::close);
    }

    @Test
    void aClientThatReconnectsToTheOtherNodeGetsExactlyWhatItMissed() {
        String key = a.key("reader");
        WsTestClient publisher = b.login("publisher");
        WsTestClient reader = a.login("reader", key);
        SubscriptionSuccess first = reader.send(Frames.subscribe("ops")).next(SubscriptionSuccess.class);
        post(publisher, "ops", "m", 3);
        assertThat(reader.collect(ChatMessage.class, 3)).hasSize(3);
        reader.abort();
        post(publisher, "ops", "missed", 100);
        WsTestClient back = b.login("reader", key);
        back.send(Frames.subscribeSince("ops", 3, first.epoch()));
        assertThat(back.next(SubscriptionSuccess.class).recovered()).isTrue();
        assertThat(back.collect(ChatMessage.class, 100)).extracting(ChatMessage::offset)
                .containsExactlyElementsOf(range(4, 103));
        List.of(back, publisher).forEach(WsTestClient::close);
    }

    @Test
    void aTaskMadeOnOneNodeIsOnTheOthersBoard() {
        WsTestClient watcher = b.login("watcher");
        watcher.send(Frames.subscribe("tasks")).next(SubscriptionSuccess.class);
        WsTestClient maker = a.login("maker");
        maker.send("{\"type\":\"create_task\",\"data\":{\"task_type\":\"analysis\",\"content\":\"Clustered task\"}}");
        assertThat(watcher.nextMatching(e -> e.data() instanceof ServerMessage.TaskUpdate t
                && "Clustered task".equals(t.content())).data()).isNotNull();
        List.of(watcher, maker).forEach(WsTestClient::close);
    }
}
