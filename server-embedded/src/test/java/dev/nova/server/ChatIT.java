package dev.nova.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nova.protocol.Envelope;
import dev.nova.protocol.ErrorCode;
import dev.nova.protocol.ServerMessage;
import dev.nova.protocol.ServerMessage.ChatMessage;
import dev.nova.server.testing.Frames;
import dev.nova.server.testing.TestServer;
import dev.nova.server.testing.WsTestClient;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChatIT {
    @TempDir
    Path dir;
    TestServer server;

    @BeforeEach
    void start() {
        server = TestServer.start(dir);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void subscribeThenChatRoundTripsThroughTheChannel() {
        try (WsTestClient c = server.login("test-client")) {
            c.send("{\"type\":\"subscribe\",\"data\":{\"channel\":\"test-channel\"}}");
            var sub = c.next();
            assertThat(sub.type()).isEqualTo("subscription_success");
            assertThat(((ServerMessage.SubscriptionSuccess) sub.data()).offset()).isZero();

            c.send("{\"type\":\"chat_message\",\"timestamp\":\"2025-01-20T12:34:56.789Z\",\"client_id\":\"test-client\","
                    + "\"channel\":\"test-channel\",\"data\":{\"content\":\"Hello\",\"thread_id\":\"thread-123\"}}");
            Envelope<ServerMessage> echo = c.next();
            assertThat(echo.channel()).isEqualTo("test-channel");
            assertThat(echo.clientId()).isEqualTo("test-client");
            ChatMessage m = (ChatMessage) echo.data();
            assertThat(m.content()).isEqualTo("Hello");
            assertThat(m.threadId()).isEqualTo("thread-123");
            assertThat(m.sender()).isEqualTo("test-client");
            assertThat(m.offset()).isEqualTo(1);
            assertThat(m.messageId()).startsWith("m-");
        }
    }

    @Test
    void messagesRouteOnlyToTheChannelsSubscribers() {
        try (WsTestClient alice = server.login("alice"); WsTestClient bob = server.login("bob");
             WsTestClient carol = server.login("carol")) {
            alice.send(Frames.subscribe("general")).next(ServerMessage.SubscriptionSuccess.class);
            bob.send(Frames.subscribe("general")).next(ServerMessage.SubscriptionSuccess.class);
            carol.send(Frames.subscribe("random")).next(ServerMessage.SubscriptionSuccess.class);
            alice.send(Frames.chat("general", "hi all"));
            assertThat(alice.next(ChatMessage.class).content()).isEqualTo("hi all");
            assertThat(bob.next(ChatMessage.class).content()).isEqualTo("hi all");
            carol.send(Frames.ping());
            carol.next(ServerMessage.Pong.class); // nothing from general came before the pong
        }
    }

    @Test
    void aRetryWithTheSameMessageIdIsStoredOnceAndAnsweredWithTheOriginal() {
        try (WsTestClient c = server.login("alice"); WsTestClient watcher = server.login("bob")) {
            watcher.send(Frames.subscribe("general")).next(ServerMessage.SubscriptionSuccess.class);
            c.send(Frames.chat("general", "once", "client-1"));
            ChatMessage first = c.next(ChatMessage.class);
            c.send(Frames.chat("general", "once", "client-1"));
            ChatMessage retry = c.next(ChatMessage.class);
            assertThat(retry).isEqualTo(first);
            c.send(Frames.history("general", null, 10));
            assertThat(c.next(ServerMessage.History.class).messages()).hasSize(1);
            assertThat(watcher.next(ChatMessage.class)).isEqualTo(first);
            watcher.send(Frames.ping());
            watcher.next(ServerMessage.Pong.class); // the retry was not broadcast again
        }
    }

    @Test
    void concurrentPublishersReachEverySubscriberInOffsetOrder() {
        int perPublisher = 100;
        List<WsTestClient> subscribers = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            WsTestClient s = server.login("sub-" + i);
            s.send(Frames.subscribe("busy")).next(ServerMessage.SubscriptionSuccess.class);
            subscribers.add(s);
        }
        WsTestClient p1 = server.login("pub-1");
        WsTestClient p2 = server.login("pub-2");
        CompletableFuture<Void> a = CompletableFuture.runAsync(() ->
                IntStream.range(0, perPublisher).forEach(i -> p1.send(Frames.chat("busy", "a" + i))));
        CompletableFuture<Void> b = CompletableFuture.runAsync(() ->
                IntStream.range(0, perPublisher).forEach(i -> p2.send(Frames.chat("busy", "b" + i))));
        CompletableFuture.allOf(a, b).join();
        List<Long> expected = LongStream.rangeClosed(1, 2L * perPublisher).boxed().toList();
        List<String> firstOrder = null;
        for (WsTestClient s : subscribers) {
            List<ChatMessage> got = s.collect(ChatMessage.class, 2 * perPublisher);
            assertThat(got.stream().map(ChatMessage::offset).toList()).isEqualTo(expected);
            List<String> order = got.stream().map(ChatMessage::content).toList();
            if (firstOrder == null) {
                firstOrder = order;
            }
            assertThat(order).isEqualTo(firstOrder);
        }
        subscribers.forEach(WsTestClient::close);
        p1.close();
        p2.close();
    }

    @Test
    void historyPagesBackwardsOldestFirstWithinAPage() {
        try (WsTestClient c = server.login("alice")) {
            for (int i = 1; i <= 25; i++) {
                c.send(Frames.chat("log", "m" + i));
                c.next(ChatMessage.class);
            }
            c.send(Frames.history("log", null, 10));
            var newest = c.next(ServerMessage.History.class);
            assertThat(newest.messages()).extracting(ChatMessage::offset).containsExactly(16L, 17L, 18L, 19L, 20L,
                    21L, 22L, 23L, 24L, 25L);
            assertThat(newest.hasMore()).isTrue();
            c.send(Frames.history("log", 16L, 10));
            var older = c.next(ServerMessage.History.class);
            assertThat(older.messages()).extracting(ChatMessage::offset).containsExactly(6L, 7L, 8L, 9L, 10L, 11L,
                    12L, 13L, 14L, 15L);
            c.send(Frames.history("log", 6L, 10));
            var oldest = c.next(ServerMessage.History.class);
            assertThat(oldest.messages()).extracting(ChatMessage::content).containsExactly("m1", "m2", "m3", "m4", "m5");
            assertThat(oldest.hasMore()).isFalse();
        }
    }

    @Test
    void historyCanFollowOneThread() {
        try (WsTestClient c = server.login("alice")) {
            for (int i = 0; i < 6; i++) {
                String thread = i % 2 == 0 ? "even" : "odd";
                c.send("{\"type\":\"chat_message\",\"channel\":\"t\",\"data\":{\"content\":\"m" + i
                        + "\",\"thread_id\":\"" + thread + "\"}}");
                c.next(ChatMessage.class);
            }
            c.send("{\"type\":\"history\",\"channel\":\"t\",\"data\":{\"thread_id\":\"odd\"}}");
            assertThat(c.next(ServerMessage.History.class).messages()).extracting(ChatMessage::content)
                    .containsExactly("m1", "m3", "m5");
        }
    }

    @Test
    void aMessageWithoutAChannelGoesToTheSendersOwnAssistantThread() {
        try (WsTestClient alice = server.login("alice"); WsTestClient bob = server.login("bob")) {
            alice.send("{\"type\":\"chat_message\",\"data\":{\"content\":\"note to self\"}}");
            Envelope<ServerMessage> echo = alice.next();
            assertThat(echo.channel()).isNull();
            assertThat(((ChatMessage) echo.data()).threadId()).isEqualTo("assistant");
            bob.send("{\"type\":\"history\",\"data\":{}}");
            assertThat(bob.next(ServerMessage.History.class).messages()).isEmpty();
            // No LM Studio here: the assistant's answer fails, and says so, and is stored as failed.
            assertThat(alice.next(ServerMessage.Error.class).code()).isEqualTo(ErrorCode.LLM_UNAVAILABLE);
            alice.next(ServerMessage.LlmChunk.class);
            ChatMessage failed = alice.next(ChatMessage.class);
            assertThat(failed.sender()).isEqualTo("assistant");
            assertThat(failed.finishReason()).isEqualTo(dev.nova.protocol.FinishReason.ERROR);
            alice.send("{\"type\":\"history\",\"data\":{}}");
            assertThat(alice.next(ServerMessage.History.class).messages()).extracting(ChatMessage::content)
                    .containsExactly("note to self", "");
        }
    }

    @Test
    void privateChannelsAreOpenOnlyToTheirAccessList() {
        try (WsTestClient alice = server.login("alice"); WsTestClient bob = server.login("bob")) {
            server.server().channels().grant("private:alice-notes", "alice");
            alice.send(Frames.subscribe("private:alice-notes")).next(ServerMessage.SubscriptionSuccess.class);
            alice.send(Frames.chat("private:alice-notes", "secret")).next(ChatMessage.class);
            bob.send(Frames.chat("private:alice-notes", "let me in"));
            assertThat(bob.next(ServerMessage.Error.class).code()).isEqualTo(ErrorCode.FORBIDDEN);
            bob.send(Frames.history("private:alice-notes", null, 10));
            assertThat(bob.next(ServerMessage.Error.class).code()).isEqualTo(ErrorCode.FORBIDDEN);
        }
    }

    @Test
    void unsubscribeStopsDelivery() {
        try (WsTestClient alice = server.login("alice"); WsTestClient bob = server.login("bob")) {
            bob.send(Frames.subscribe("general")).next(ServerMessage.SubscriptionSuccess.class);
            bob.send("{\"type\":\"unsubscribe\",\"data\":{\"channel\":\"general\"}}");
            bob.next(ServerMessage.UnsubscriptionSuccess.class);
            alice.send(Frames.chat("general", "anyone?")).next(ChatMessage.class);
            bob.send(Frames.ping());
            bob.next(ServerMessage.Pong.class);
            bob.send("{\"type\":\"unsubscribe\",\"data\":{\"channel\":\"general\"}}");
            assertThat(bob.next(ServerMessage.Error.class).code()).isEqualTo(ErrorCode.NOT_SUBSCRIBED);
        }
    }
}
