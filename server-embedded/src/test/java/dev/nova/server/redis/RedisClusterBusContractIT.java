package dev.nova.server.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nova.protocol.ServerMessage.ChatMessage;
import dev.nova.server.bus.MessageBus;
import dev.nova.server.bus.MessageBusContract;
import dev.nova.server.store.HistoryStore.NewMessage;
import dev.nova.server.testing.Eventually;
import dev.nova.server.testing.RedisCluster;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The bus contract on a real Redis Cluster: sharded pub/sub (SSUBSCRIBE, SPUBLISH from the append script). */
class RedisClusterBusContractIT extends MessageBusContract {
    String prefix;
    RedisStore store;

    @Override
    protected MessageBus newBus() {
        prefix = RedisCluster.prefix();
        store = RedisStore.open(RedisCluster.url(), prefix);
        return store.bus();
    }

    @AfterEach
    void closeStore() {
        if (store != null) { // null when Redis is not there and the test was skipped
            store.close();
        }
    }

    @Test
    void anotherNodesAppendsOnStreamsInEverySlotReachThisNode() {
        String[] streams = {"news", "ops", "private:board", "@assistant/ann", "general", "random"};
        for (String s : streams) {
            bus.join(s);
        }
        try (RedisStore other = RedisStore.open(RedisCluster.url(), prefix);
             MessageBus otherBus = other.bus()) {
            otherBus.start(new Recorder());
            for (String s : streams) {
                otherBus.append(s, new NewMessage(s.startsWith("@") ? "assistant" : s, "bob", "on " + s, null,
                        Instant.now()), 0);
            }
            Eventually.until("a message on every stream", WAIT, () -> received.stored().size() >= streams.length);
            assertThat(received.stored()).extracting(ChatMessage::content)
                    .containsExactlyInAnyOrder("on news", "on ops", "on private:board", "on @assistant/ann", "on general",
                            "on random");
        }
    }
}
