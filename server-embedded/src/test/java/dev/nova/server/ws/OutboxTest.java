package dev.nova.server.ws;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.junit.jupiter.api.Test;

/** The outbox against a Jetty session whose writes finish only when the test says so (a slow network). */
class OutboxTest {
    private final List<String> written = new ArrayList<>();
    private final List<Callback> inFlight = new ArrayList<>();
    private final Session session = (Session) Proxy.newProxyInstance(Session.class.getClassLoader(),
            new Class<?>[] {Session.class}, (proxy, method, args) -> {
                switch (method.getName()) {
                    case "sendText" -> {
                        written.add((String) args[0]);
                        inFlight.add((Callback) args[1]);
                    }
                    case "isOpen" -> {
                        return true;
                    }
                    default -> { }
                }
                return null;
            });
    private final Outbox outbox = new Outbox(session);

    private void finishWrite() {
        inFlight.remove(0).succeed();
    }

    @Test
    void framesAreWrittenOneAtATimeInOrder() {
        outbox.offer("1");
        outbox.offer("2");
        outbox.offer("3");
        assertThat(written).containsExactly("1");
        finishWrite();
        assertThat(written).containsExactly("1", "2");
        finishWrite();
        finishWrite();
        assertThat(written).containsExactly("1", "2", "3");
        assertThat(outbox.isIdle()).isTrue();
    }

    @Test
    void piecesOfOneAnswerMergeOnlyWhileThePreviousPieceWaits() {
        outbox.offerChunk("r1", "Hel", "", p -> p.content());       // written at once: the writer was idle
        outbox.offerChunk("r1", "lo", "", p -> p.content());        // waits behind it
        outbox.offerChunk("r1", " wor", "", p -> p.content());      // joins the waiting piece
        outbox.offerChunk("r2", "other", "", p -> p.content());     // another answer never joins
        outbox.offerChunk("r1", "ld", "", p -> p.content());        // joins r1's waiting piece
        assertThat(written).containsExactly("Hel");
        finishWrite();
        finishWrite();
        finishWrite();
        assertThat(written).containsExactly("Hel", "lo world", "other");
        assertThat(outbox.mergedChunks()).isEqualTo(2);
        outbox.offerChunk("r1", "!", "", p -> p.content());
        assertThat(written).as("a writer that keeps up sends every piece as it came").endsWith("!");
    }

    @Test
    void closeAfterFlushWritesWhatWasQueuedThenClosesAndDropsTheRest() {
        outbox.offer("a");
        outbox.offer("b");
        outbox.closeAfterFlush(1001, "bye");
        assertThat(outbox.offer("late")).isFalse();
        finishWrite();
        finishWrite();
        assertThat(written).containsExactly("a", "b");
    }
}
