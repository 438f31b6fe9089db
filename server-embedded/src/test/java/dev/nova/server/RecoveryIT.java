package dev.nova.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nova.protocol.ServerMessage;
import dev.nova.protocol.ServerMessage.ChatMessage;
import dev.nova.protocol.ServerMessage.SubscriptionSuccess;
import dev.nova.server.config.RetentionRule;
import dev.nova.server.testing.Frames;
import dev.nova.server.testing.TestServer;
import dev.nova.server.testing.WsTestClient;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Re-subscribing with {@code since} fills exactly the gap a dropped connection left. */
class RecoveryIT {
    @TempDir
    Path dir;
    TestServer server;
    String readerKey;

    @BeforeEach
    void start() {
        server = TestServer.start(dir.resolve("main"));
        readerKey = server.key("reader");
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void resubscribingAfterADropReplaysExactlyTheMissedMessagesThenLiveOnes() {
        WsTestClient publisher = server.login("publisher");
        WsTestClient reader = server.login("reader", readerKey);
        SubscriptionSuccess first = reader.send(Frames.subscribe("news")).next(SubscriptionSuccess.class);
        publish(publisher, "news", 5);
        assertThat(reader.collect(ChatMessage.class, 5)).extracting(ChatMessage::offset).containsExactly(1L, 2L, 3L, 4L, 5L);
        reader.abort();

        publish(publisher, "news", 7);
        WsTestClient back = server.login("reader", readerKey);
        back.send(Frames.subscribeSince("news", 5, first.epoch()));
        SubscriptionSuccess sub = back.next(SubscriptionSuccess.class);
        assertThat(sub.recovered()).isTrue();
        assertThat(sub.offset()).isEqualTo(12);
        assertThat(back.collect(ChatMessage.class, 7)).extracting(ChatMessage::offset)
                .containsExactly(6L, 7L, 8L, 9L, 10L, 11L, 12L);
        publish(publisher, "news", 1);
        assertThat(back.next(ChatMessage.class).offset()).isEqualTo(13);
        back.close();
        publisher.close();
    }

    @Test
    void messagesPublishedWhileTheReplayRunsArriveOnceAndInOrder() {
        WsTestClient publisher = server.login("publisher");
        WsTestClient reader = server.login("reader", readerKey);
        String epoch = reader.send(Frames.subscribe("busy")).next(SubscriptionSuccess.class).epoch();
        publish(publisher, "busy", 5);
        reader.collect(ChatMessage.class, 5);
        reader.abort();

        int during = 200;
        CompletableFuture<Void> flood = CompletableFuture.runAsync(() -> publish(publisher, "busy", during));
        // Re-subscribe once the flood is under way, so replay and live publishing overlap.
        WsTestClient watcher = server.login("watcher");
        watcher.send(Frames.subscribe("busy")).next(SubscriptionSuccess.class);
        watcher.nextMatching(e -> e.data() instanceof ChatMessage m && m.offset() >= 20);
        WsTestClient back = server.login("reader", readerKey);
        back.send(Frames.subscribeSince("busy", 5, epoch));
        SubscriptionSuccess sub = back.next(SubscriptionSuccess.class);
        assertThat(sub.recovered()).isTrue();
        flood.join();

        List<Long> offsets = new ArrayList<>();
        while (offsets.isEmpty() || offsets.get(offsets.size() - 1) < 5 + during) {
            offsets.add(back.next(ChatMessage.class).offset());
        }
        assertThat(offsets).isEqualTo(LongStream.rangeClosed(6, 5 + during).boxed().toList());
        back.close();
        watcher.close();
        publisher.close();
    }

    @Test
    void anotherEpochMeansTheGapCannotBeFilled() {
        WsTestClient publisher = server.login("publisher");
        publish(publisher, "news", 3);
        try (WsTestClient reader = server.login("reader", readerKey)) {
            reader.send(Frames.subscribeSince("news", 1, "lost-epoch"));
            SubscriptionSuccess sub = reader.next(SubscriptionSuccess.class);
            assertThat(sub.recovered()).isFalse();
            assertThat(sub.offset()).isEqualTo(3);
            reader.send(Frames.ping());
            reader.next(ServerMessage.Pong.class); // nothing was replayed
        }
        publisher.close();
    }

    @Test
    void aClientFiveThousandMessagesBehindOnAChannelWithoutRetentionRecoversAllOfThem() {
        WsTestClient publisher = server.login("publisher");
        String epoch;
        try (WsTestClient reader = server.login("reader", readerKey)) {
            epoch = reader.send(Frames.subscribe("archive")).next(SubscriptionSuccess.class).epoch();
        }
        publish(publisher, "archive", 5000);
        try (WsTestClient reader = server.login("reader", readerKey)) {
            reader.send(Frames.subscribeSince("archive", 0, epoch));
            SubscriptionSuccess sub = reader.next(SubscriptionSuccess.class);
            assertThat(sub.recovered()).isTrue();
            assertThat(sub.offset()).isEqualTo(5000);
            List<ChatMessage> replay = reader.collect(ChatMessage.class, 5000);
            assertThat(replay).extracting(ChatMessage::offset)
                    .isEqualTo(LongStream.rangeClosed(1, 5000).boxed().toList());
            publish(publisher, "archive", 1); // then live, none twice
            assertThat(reader.next(ChatMessage.class).offset()).isEqualTo(5001);
        }
        publisher.close();
    }

    @Test
    void aClientBehindARetentionCutIsToldItWasNotRecoveredAndGetsTheNewestKeptMessages() {
        server.server().store().retention().set("news", new RetentionRule(50, null));
        WsTestClient publisher = server.login("publisher");
        String epoch;
        try (WsTestClient reader = server.login("reader", readerKey)) {
            epoch = reader.send(Frames.subscribe("news")).next(SubscriptionSuccess.class).epoch();
        }
        publish(publisher, "news", 120);
        assertThat(server.server().retention().sweep()).as("the operator's rule keeps 50 of 120").isEqualTo(70);
        try (WsTestClient reader = server.login("reader", readerKey)) {
            reader.send(Frames.subscribeSince("news", 0, epoch));
            SubscriptionSuccess sub = reader.next(SubscriptionSuccess.class);
            assertThat(sub.recovered()).isFalse();
            List<ChatMessage> replay = reader.collect(ChatMessage.class, 50);
            assertThat(replay.get(0).offset()).isEqualTo(71);
            assertThat(replay.get(49).offset()).isEqualTo(120);
            reader.send(Frames.ping());
            reader.next(ServerMessage.Pong.class); // and nothing else
        }
        try (WsTestClient reader = server.login("reader", readerKey)) {
            reader.send(Frames.subscribeSince("news", 80, epoch));
            assertThat(reader.next(SubscriptionSuccess.class).recovered()).as("behind, but not behind the cut").isTrue();
            assertThat(reader.collect(ChatMessage.class, 40).get(0).offset()).isEqualTo(81);
        }
        publisher.close();
    }

    /** Publishes {@code n} messages, each acknowledged before the next. */
    private static void publish(WsTestClient publisher, String channel, int n) {
        for (int i = 0; i < n; i++) {
            publisher.send(Frames.chat(channel, "m" + i));
            publisher.next(ChatMessage.class);
        }
    }
}
