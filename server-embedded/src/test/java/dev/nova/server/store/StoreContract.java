package dev.nova.server.store;

import dev.nova.server.task.TaskStore;
import static org.assertj.core.api.Assertions.assertThat;

import dev.nova.server.config.RetentionRule;
import dev.nova.server.config.ServerConfig;
import dev.nova.server.retention.RetentionSweep;
import dev.nova.server.store.HistoryStore.NewMessage;
import dev.nova.server.store.ThreadStore.ThreadRow;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * Every port of a {@link Store} against its contract: an adapter's test extends this and opens
 * an empty store before each test ({@code SqliteStoreContractTest}, {@code RedisStoreContractIT}).
 */
public abstract class StoreContract {

    /** The store under test, empty. */
    protected abstract Store store();

    /** Closes the store under test and opens it again over the same data (a server restart). */
    protected abstract Store reopen();

    @Test
    void aPersonsFiveThousandMessagesInTwentyFiveThreadsAreAllKeptAcrossARestartWithTheDefaults() {
        String stream = "@assistant/ann";
        Instant t0 = Instant.parse("2024-01-01T00:00:00Z"); // old: no age bounds them by default
        for (int i = 0; i < 5000; i++) {
            String thread = "t" + (i % 25);
            store().history().append(stream, new NewMessage(thread, i % 2 == 0 ? "ann" : "assistant", "message " + i,
                    null, t0.plusSeconds(i)));
        }
        for (int i = 0; i < 150; i++) {
            store().history().append("kept", new NewMessage("kept", "bob", "k" + i, null, t0.plusSeconds(i)));
            store().history().append("bounded", new NewMessage("bounded", "bob", "b" + i, null, t0.plusSeconds(i)));
        }
        store().retention().set("bounded", new RetentionRule(100, null));
        RetentionSweep defaults = new RetentionSweep(store(), ServerConfig.defaults().retention(), Clock.systemUTC(),
                new SimpleMeterRegistry());
        assertThat(defaults.sweep()).as("only the channel an operator bounded loses anything").isEqualTo(50);

        Store again = reopen();
        assertThat(again.history().after(stream, 0, 10_000)).hasSize(5000);
        List<ThreadRow> threads = again.threads().threads(stream, "ann");
        assertThat(threads).hasSize(25).allSatisfy(t -> assertThat(t.messages()).isEqualTo(200));
        assertThat(threads).allSatisfy(t -> assertThat(t.unread()).as("answers not read yet, up to the cap").isEqualTo(100));
        Map<String, ThreadRow> byId = new HashMap<>();
        threads.forEach(t -> byId.put(t.threadId(), t));
        assertThat(byId.get("t7").firstMessage()).isEqualTo("message 7");
        assertThat(byId.get("t7").lastOffset()).isEqualTo(4983); // the 4983rd append: i = 4982
        assertThat(again.history().before(stream, "t7", null, 500).messages()).hasSize(200)
                .allSatisfy(m -> assertThat(m.threadId()).isEqualTo("t7"));
        assertThat(again.history().after("kept", 0, 1000)).hasSize(150);
        assertThat(again.history().after("bounded", 0, 1000)).extracting(m -> m.content()).hasSize(100)
                .startsWith("b50").endsWith("b149");
        assertThat(again.retention().rules()).containsEntry("bounded", new RetentionRule(100, null));
        assertThat(new RetentionSweep(again, RetentionRule.KEEP_ALL, Clock.systemUTC(), new SimpleMeterRegistry())
                .sweep()).isZero();
    }

    @Test
    void channelsHaveNoRuleUntilAnOperatorSetsOne() {
        assertThat(store().retention().rules()).isEmpty();
        store().retention().set("general", new RetentionRule(null, Duration.ofDays(90)));
        store().retention().set("news", new RetentionRule(500, Duration.ofDays(7)));
        store().retention().set("news", new RetentionRule(1000, null));
        assertThat(store().retention().rules()).containsOnly(
                Map.entry("general", new RetentionRule(null, Duration.ofDays(90))),
                Map.entry("news", new RetentionRule(1000, null)));
        assertThat(store().retention().clear("news")).isTrue();
        assertThat(store().retention().clear("news")).isFalse();
        assertThat(store().retention().rules()).containsOnlyKeys("general");
    }

    @Test
    void theSidebarUnreadCountsFindAndPagesStayRightAfterDeletes() {
        String stream = "@assistant/bo";
        for (int i = 0; i < 30; i++) {
            store().history().append(stream, new NewMessage(i < 20 ? "a" : "b", i % 2 == 0 ? "bo" : "assistant", "m" + i,
                    null, Instant.parse("2026-01-01T00:00:00Z").plusSeconds(i)));
        }
        var a = store().history().before(stream, "a", null, 100).messages();
        store().history().delete(stream, a.subList(0, 4)); // the thread's first two exchanges
        store().threads().markRead("bo", stream, "a", a.get(9).offset());
        Map<String, ThreadRow> rows = new HashMap<>();
        store().threads().threads(stream, "bo").forEach(t -> rows.put(t.threadId(), t));
        assertThat(rows.get("a").messages()).isEqualTo(16);
        assertThat(rows.get("a").firstMessage()).isEqualTo("m4");
        assertThat(rows.get("a").unread()).as("answers after the mark: m11 .. m19").isEqualTo(5);
        assertThat(store().history().find(stream, a.get(0).messageId())).isEmpty();
        assertThat(store().history().find(stream, a.get(5).messageId())).map(m -> m.content()).contains("m5");
        assertThat(store().threads().delete(stream, "b")).isEqualTo(10);
        store().threads().threads(stream, "bo").forEach(t -> assertThat(t.threadId()).isEqualTo("a"));
        var page = store().history().before(stream, "a", a.get(12).offset(), 5);
        assertThat(page.messages()).extracting(m -> m.content()).containsExactly("m7", "m8", "m9", "m10", "m11");
        assertThat(page.hasMore()).isTrue();
    }

    @Nested
    class History extends HistoryStoreContract {
        @Override
        protected HistoryStore history() {
            return store().history();
        }
    }

    @Nested
    class Tasks extends TaskStoreContract {
        @Override
        protected TaskStore tasks() {
            return store().tasks();
        }
    }

    @Nested
    class Threads extends ThreadStoreContract {
        @Override
        protected Store store() {
            return StoreContract.this.store();
        }
    }

    @Nested
    class Presence extends PresenceContract {
        @Override
        protected PresenceStore presence() {
            return store().presence();
        }
    }
}
