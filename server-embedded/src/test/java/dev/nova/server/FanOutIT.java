package dev.nova.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nova.protocol.ServerMessage.ChatMessage;
import dev.nova.protocol.ServerMessage.SubscriptionSuccess;
import dev.nova.server.testing.Frames;
import dev.nova.server.testing.TestServer;
import dev.nova.server.testing.WsTestClient;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Broadcasts written by the writer threads, batched under load: still every frame, once, in order. */
class FanOutIT {
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
    void everySubscriberGetsEveryMessageOnceAndInOrderWhenTheyComeFasterThanOneWriteEach() {
        int subscribers = 20;
        int messages = 300;
        List<WsTestClient> readers = new ArrayList<>();
        for (int i = 0; i < subscribers; i++) {
            WsTestClient r = server.login("reader-" + i);
            r.send(Frames.subscribe("busy")).next(SubscriptionSuccess.class);
            readers.add(r);
        }
        try (WsTestClient publisher = server.login("publisher")) {
            for (int i = 0; i < messages; i++) { // no waiting for acks: frames pile up on the receivers
                publisher.send(Frames.chat("busy", "m" + i));
            }
            for (WsTestClient r : readers) {
                List<ChatMessage> got = r.collect(ChatMessage.class, messages);
                for (int i = 0; i < messages; i++) {
                    assertThat(got.get(i).content()).isEqualTo("m" + i);
                    assertThat(got.get(i).offset()).isEqualTo(i + 1);
                }
                r.send(Frames.ping());
                assertThat(r.nextMatching(e -> true).type()).as("nothing more, nothing twice").isEqualTo("pong");
            }
        } finally {
            readers.forEach(WsTestClient::close);
        }
    }
}
