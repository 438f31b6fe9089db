package dev.nova.server.bus;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nova.protocol.Envelope;
import dev.nova.protocol.ServerMessage;
import dev.nova.protocol.ServerMessage.ChatMessage;
import dev.nova.server.store.HistoryStore.Appended;
import dev.nova.server.store.HistoryStore.NewMessage;
import dev.nova.server.testing.Eventually;
import dev.nova.server.ws.OutFrame;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What every {@link MessageBus} does: the in-process one and the Redis one run these same tests. */
public abstract class MessageBusContract {
    protected static final Duration WAIT = Duration.ofSeconds(10);
    protected final Recorder received = new Recorder();
    protected MessageBus bus;

    /** A new bus over an empty store. */
    protected abstract MessageBus newBus();

    @BeforeEach
    void startBus() {
        bus = newBus();
        bus.start(received);
    }

    @AfterEach
    void closeBus() {
        bus.close();
    }

    @Test
    void storedMessagesAreDeliveredOnceInOffsetOrderWhoeverAppends() throws Exception {
        bus.join("news");
        List<CompletableFuture<Void>> writers = IntStream.range(0, 4).mapToObj(w -> CompletableFuture.runAsync(() -> {
            for (int i = 0; i < 50; i++) {
                bus.append("news", new NewMessage("news", "w" + w, "m" + i, null, Instant.now()), System.nanoTime());
            }
        })).toList();
        for (CompletableFuture<Void> f : writers) {
            f.get();
        }
        Eventually.until("200 deliveries", WAIT, () -> received.stored().size() >= 200);
        assertThat(received.stored()).extracting(ChatMessage::offset)
                .containsExactlyElementsOf(IntStream.rangeClosed(1, 200).mapToObj(i -> (long) i).toList());
    }

    @Test
    void aDuplicateIsNeitherStoredNorDeliveredAgain() {
        bus.join("news");
        Appended first = bus.append("news", new NewMessage("news", "ann", "hi", "c-1", Instant.now()), 0);
        Appended again = bus.append("news", new NewMessage("news", "ann", "hi", "c-1", Instant.now()), 0);
        Appended next = bus.append("news", new NewMessage("news", "ann", "next", null, Instant.now()), 0);
        assertThat(again.duplicate()).isTrue();
        assertThat(again.message().messageId()).isEqualTo(first.message().messageId());
        Eventually.until("the next message", WAIT, () -> received.stored().size() >= 2);
        assertThat(received.stored()).extracting(ChatMessage::messageId)
                .containsExactly(first.message().messageId(), next.message().messageId());
    }

    @Test
    void eventsReachTheJoinedChannelAsTheyWereEncoded() {
        bus.join("tasks");
        OutFrame frame = OutFrame.of(Envelope.of("ann", "tasks", new ServerMessage.Pong()));
        bus.publish("tasks", frame);
        Eventually.until("the event", WAIT, () -> !received.events().isEmpty());
        assertThat(received.events().get(0)).isEqualTo("tasks " + frame.type() + " " + frame.text());
        assertThat(bus.healthy()).isTrue();
    }

    /** Records what the bus delivers, in order. */
    public static final class Recorder implements MessageBus.Receiver {
        private final List<ChatMessage> stored = Collections.synchronizedList(new ArrayList<>());
        private final List<String> events = Collections.synchronizedList(new ArrayList<>());
        public final List<String> resyncs = Collections.synchronizedList(new ArrayList<>());

        @Override
        public void stored(String stream, String epoch, ChatMessage message, long sinceNanos) {
            stored.add(message);
        }

        @Override
        public void event(String channel, OutFrame frame) {
            events.add(channel + " " + frame.type() + " " + frame.text());
        }

        @Override
        public void resync(String stream) {
            resyncs.add(stream);
        }

        public List<ChatMessage> stored() {
            synchronized (stored) {
                return List.copyOf(stored);
            }
        }

        public List<String> events() {
            synchronized (events) {
                return List.copyOf(events);
            }
        }
    }
}
