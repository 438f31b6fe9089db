package dev.nova.server.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nova.protocol.ServerMessage.ChatMessage;
import dev.nova.server.bus.MessageBus;
import dev.nova.server.bus.MessageBusContract;
import dev.nova.server.store.HistoryStore.NewMessage;
import dev.nova.server.sqlite.SqliteStore;
import dev.nova.server.testing.Eventually;
import dev.nova.server.testing.RedisProcess;
import java.nio.file.Path;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The bus contract on a real redis-server, and what only a bus between nodes does. */
class RedisBusContractIT extends MessageBusContract {
    static RedisProcess redis;
    @TempDir
    static Path redisDir;
    @TempDir
    Path dir;
    String prefix;
    RedisStore store;

    @BeforeAll
    static void startRedis() {
        redis = RedisProcess.start(redisDir);
    }

    @AfterAll
    static void stopRedis() {
        if (redis != null) {
            redis.close();
        }
    }

    @Override
    protected MessageBus newBus() {
        prefix = "t" + UUID.randomUUID().toString().substring(0, 8) + ":";
        store = open("one");
        return store.bus();
    }

    private RedisStore open(String node) {
        return RedisStore.open(redis.url(), prefix);
    }

    @AfterEach
    void closeStore() {
        if (store != null) { // null when Redis is not there and the test was skipped
            store.close();
        }
    }

    @Test
    void anotherNodesAppendsReachThisNodeOnlyForStreamsItJoined() {
        bus.join("news");
        try (RedisStore other = open("two"); MessageBus otherBus = other.bus()) {
            otherBus.start(new Recorder());
            otherBus.append("elsewhere", new NewMessage("elsewhere", "bob", "not for us", null, Instant.now()), 0);
            otherBus.append("news", new NewMessage("news", "bob", "for us", null, Instant.now()), 0);
            Eventually.until("the other node's message", WAIT, () -> !received.stored().isEmpty());
            assertThat(received.stored()).extracting(ChatMessage::content).containsExactly("for us");
            bus.leave("news");
            otherBus.append("news", new NewMessage("news", "bob", "after leaving", null, Instant.now()), 0);
            otherBus.append("tasks-probe", new NewMessage("tasks-probe", "bob", "x", null, Instant.now()), 0);
            bus.join("tasks-probe");
            otherBus.append("tasks-probe", new NewMessage("tasks-probe", "bob", "joined again", null, Instant.now()), 0);
            Eventually.until("the probe", WAIT, () -> received.stored().size() >= 2);
            assertThat(received.stored()).extracting(ChatMessage::content).containsExactly("for us", "joined again");
        }
    }

    @Test
    void aStoppedRedisMakesTheBusUnhealthyAndAppendsFailThenItResumesByItself() {
        bus.join("news");
        redis.kill();
        Eventually.until("the bus reports Redis gone", WAIT, () -> !bus.healthy());
        org.assertj.core.api.Assertions.assertThatThrownBy(() ->
                bus.append("news", new NewMessage("news", "ann", "lost?", null, Instant.now()), 0))
                .isInstanceOf(dev.nova.server.store.StoreException.class);
        redis.startAgain();
        Eventually.until("the bus is back", java.time.Duration.ofSeconds(30), bus::healthy);
        Eventually.until("subscribed again", java.time.Duration.ofSeconds(30), () -> received.resyncs.contains("news"));
        bus.append("news", new NewMessage("news", "ann", "after", null, Instant.now()), 0);
        Eventually.until("a delivery after the outage", WAIT, () -> !received.stored().isEmpty());
        assertThat(received.stored()).extracting(ChatMessage::content).containsExactly("after");
    }
}
