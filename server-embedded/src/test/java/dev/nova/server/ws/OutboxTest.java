package dev.nova.server.ws;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nova.protocol.Envelope;
import dev.nova.protocol.ServerMessage;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The outbox against a transport whose writes finish only when the test says so (a slow network). */
class OutboxTest {
    private final Sink sink = new Sink();
    private final Writers writers = new Writers(2);
    private final List<Integer> closes = new ArrayList<>();
    private final Outbox outbox = outbox(1024 * 1024);

    @AfterEach
    void stop() {
        writers.close();
    }

    private Outbox outbox(long maxBytes) {
        return new Outbox(sink, writers, maxBytes, new Outbox.Events() {
            @Override
            public void written(List<OutFrame> frames) {
            }

            @Override
            public void closing(int code) {
                closes.add(code);
            }
        });
    }

    /** A frame whose text is recognisable by its channel. */
    private static OutFrame frame(String name) {
        return OutFrame.of(Envelope.of("nova", name, new ServerMessage.Pong()));
    }

    private static OutFrame chunkFrame(Outbox.PendingChunk p) {
        return frame(p.content().replace(' ', '_'));
    }

    @Test
    void framesQueuedWhileAWriteIsInFlightLeaveTogetherInOrderInOneSocketWrite() {
        outbox.offer(frame("a1"));
        outbox.offer(frame("a2"));
        outbox.offer(frame("a3"));
        assertThat(sink.channels()).containsExactly("a1");
        sink.finishWrite();
        assertThat(sink.channels()).containsExactly("a1", "a2", "a3");
        assertThat(sink.flushes).as("a2 and a3 were held for one write: only the last flushes").containsExactly(
                true, false, true);
        sink.finishWrite();
        assertThat(outbox.isIdle()).isTrue();
        assertThat(outbox.queuedBytes()).isZero();
    }

    @Test
    void piecesOfOneAnswerMergeOnlyWhileThePreviousPieceWaits() {
        outbox.offerChunk("r1", "Hel", "", OutboxTest::chunkFrame);      // written at once: the writer was idle
        outbox.offerChunk("r1", "lo", "", OutboxTest::chunkFrame);       // waits behind it
        outbox.offerChunk("r1", " wor", "", OutboxTest::chunkFrame);     // joins the waiting piece
        outbox.offerChunk("r2", "other", "", OutboxTest::chunkFrame);    // another answer never joins
        outbox.offerChunk("r1", "ld", "", OutboxTest::chunkFrame);       // joins r1's waiting piece
        assertThat(sink.channels()).containsExactly("Hel");
        sink.finishWrite();
        assertThat(sink.channels()).containsExactly("Hel", "lo_world", "other");
        assertThat(outbox.mergedChunks()).isEqualTo(2);
        sink.finishWrite();
        outbox.offerChunk("r1", "more", "", OutboxTest::chunkFrame);
        assertThat(sink.channels()).as("a writer that keeps up sends every piece as it came").endsWith("more");
    }

    @Test
    void closeAfterFlushWritesWhatWasQueuedThenClosesAndDropsTheRest() {
        outbox.offer(frame("a"));
        outbox.offer(frame("b"));
        outbox.closeAfterFlush(1001, "bye");
        assertThat(outbox.offer(frame("late"))).isFalse();
        sink.finishWrite();
        assertThat(sink.channels()).containsExactly("a", "b");
        assertThat(sink.closedWith).isEqualTo(1001);
        assertThat(closes).containsExactly(1001);
        assertThat(outbox.isIdle()).isTrue();
    }

    @Test
    void aClientThatDoesNotReadIsClosedWith4008WhenItsQueuePassesTheByteLimitAndCutASecondLater() {
        int size = frame("x").size();
        Outbox small = outbox(size * 10L);
        for (int i = 0; i < 10; i++) {
            assertThat(small.offer(frame("x"))).isTrue(); // the first is being written, nine wait
        }
        assertThat(small.offer(frame("x"))).as("the eleventh passes the limit").isFalse();
        assertThat(sink.closedWith).isEqualTo(4008);
        assertThat(closes).containsExactly(4008);
        assertThat(small.offer(frame("y"))).isFalse();
        waitFor(() -> sink.disconnected, Duration.ofSeconds(3));
        assertThat(sink.channels()).as("nothing more was written after the first").containsExactly("x");
    }

    @Test
    void aBroadcasterThatTakesTheWriterHandsTheWritingToAWriterThread() {
        assertThat(outbox.offerTaking(frame("b1"))).as("the writer was free: taken").isTrue();
        assertThat(outbox.offerTaking(frame("b2"))).as("taken already: the frame just waits").isFalse();
        assertThat(sink.channels()).as("the broadcaster wrote nothing itself").isEmpty();
        writers.execute(outbox::drainTaken);
        waitFor(() -> sink.channels().size() == 2, Duration.ofSeconds(3));
        assertThat(sink.threads).allMatch(t -> t.startsWith("nova-writer"));
    }

    private static void waitFor(BooleanSupplier condition, Duration max) {
        dev.nova.server.testing.Eventually.until("the writer's work", max, condition);
    }

    /** Records writes; each flushing write completes when the test calls {@link #finishWrite()}. */
    private static final class Sink implements Outbox.Sink {
        final List<String> texts = new ArrayList<>();
        final List<Boolean> flushes = new ArrayList<>();
        final List<String> threads = new ArrayList<>();
        final List<Outbox.Done> inFlight = new ArrayList<>();
        volatile Integer closedWith;
        volatile boolean disconnected;

        @Override
        public synchronized void write(ByteBuffer payload, boolean more, Outbox.Done done) {
            texts.add(StandardCharsets.UTF_8.decode(payload).toString());
            flushes.add(!more);
            threads.add(Thread.currentThread().getName());
            if (more) {
                done.succeeded();
            } else {
                inFlight.add(done);
            }
        }

        void finishWrite() {
            Outbox.Done d;
            synchronized (this) {
                d = inFlight.remove(0);
            }
            d.succeeded();
        }

        synchronized List<String> channels() {
            List<String> out = new ArrayList<>();
            for (String t : texts) {
                int at = t.indexOf("\"channel\":\"") + 11;
                out.add(t.substring(at, t.indexOf('"', at)));
            }
            return out;
        }

        @Override
        public void close(int code, String reason) {
            closedWith = code;
        }

        @Override
        public void disconnect() {
            disconnected = true;
        }

        @Override
        public void ping() {
        }
    }
}
