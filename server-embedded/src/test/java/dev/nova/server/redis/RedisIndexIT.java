package dev.nova.server.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nova.protocol.ServerMessage.ChatMessage;
import dev.nova.server.store.HistoryStore.NewMessage;
import dev.nova.server.store.StoredMessages;
import dev.nova.server.store.ThreadStore.ThreadRow;
import dev.nova.server.testing.SharedRedis;
import io.lettuce.core.RedisClient;
import io.lettuce.core.XAddArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A history stored by an earlier Nova, before the indexes existed (and uncapped, as an operator
 * may have run it): the sidebar, find and thread pages work on it once it is indexed, which
 * happens by itself the first time, and appends keep the indexes from then on.
 */
class RedisIndexIT {

    @Test
    void aStreamStoredBeforeTheIndexesIsIndexedOnceAndThenKeptIndexed() {
        String url = SharedRedis.url();
        String prefix = SharedRedis.prefix();
        RedisKeys keys = new RedisKeys(prefix);
        String stream = "@assistant/old";
        Instant t0 = Instant.parse("2025-06-01T00:00:00Z");
        String firstId = null;
        RedisClient client = RedisClient.create(url);
        try (StatefulRedisConnection<String, String> c = client.connect()) {
            for (int i = 1; i <= 1201; i++) { // more than two batches of the indexing script
                String thread = i % 3 == 0 ? "t-b" : "t-a";
                ChatMessage m = StoredMessages.of(new NewMessage(thread, i % 2 == 0 ? "assistant" : "old",
                        "old message " + i, null, t0.plusSeconds(i)), "m-old-" + i, 0);
                c.sync().xadd(keys.log(stream), new XAddArgs().id(i + "-0"), Map.of("m", RedisHistory.write(m)));
                firstId = firstId == null ? m.messageId() : firstId;
            }
            c.sync().hset(keys.meta(stream), Map.of("epoch", "e-old", "top", "1201")); // no idx: an earlier Nova's
        } finally {
            client.shutdown();
        }
        try (RedisStore store = RedisStore.open(url, prefix)) {
            Map<String, ThreadRow> rows = new HashMap<>();
            store.threads().threads(stream, "old").forEach(r -> rows.put(r.threadId(), r));
            assertThat(rows.get("t-a").messages()).isEqualTo(801);
            assertThat(rows.get("t-b").messages()).isEqualTo(400);
            assertThat(rows.get("t-a").firstMessage()).isEqualTo("old message 1");
            assertThat(rows.get("t-b").lastOffset()).isEqualTo(1200);
            assertThat(store.history().find(stream, firstId)).map(ChatMessage::content).contains("old message 1");
            assertThat(store.history().before(stream, "t-b", null, 2).messages()).extracting(ChatMessage::offset)
                    .containsExactly(1197L, 1200L);

            store.history().append(stream, new NewMessage("t-b", "old", "new question", null, Instant.now()));
            store.threads().threads(stream, "old").forEach(r -> rows.put(r.threadId(), r));
            assertThat(rows.get("t-b").messages()).isEqualTo(401);
            assertThat(rows.get("t-b").lastOffset()).isEqualTo(1202);
            assertThat(store.history().head(stream).epoch()).as("the same history, not a new one").isEqualTo("e-old");
        }
    }
}
