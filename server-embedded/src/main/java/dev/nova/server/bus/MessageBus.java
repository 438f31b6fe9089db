package dev.nova.server.bus;

import dev.nova.protocol.ServerMessage.ChatMessage;
import dev.nova.server.store.HistoryStore.Appended;
import dev.nova.server.store.HistoryStore.NewMessage;
import dev.nova.server.ws.OutFrame;
import java.util.concurrent.CompletableFuture;

/**
 * Between "a message was stored with offset N in stream S" and "deliver it to this node's
 * subscribers of S". Feature code never sees how many nodes there are: it appends and publishes
 * here, and every node's {@link Receiver} (its {@code Channels}) delivers to its own connections.
 * In-process for one server ({@link InProcessBus}); Redis pub/sub for a team of nodes
 * ({@code store.redis.RedisBus}). Both pass {@code MessageBusContract}.
 */
public interface MessageBus extends AutoCloseable {

    /** Starts deliveries to {@code receiver}; called once, before any other method. */
    void start(Receiver receiver);

    /**
     * Stores {@code message} under the stream's next offset and delivers it to every node that
     * joined the stream, atomically: no node sees offsets out of order, and nothing is delivered
     * that was not stored. A duplicate (the sender's {@code client_message_id} again) is neither
     * stored nor delivered; the original comes back.
     */
    Appended append(String stream, NewMessage message, long sinceNanos);

    /**
     * {@link #append} without holding the caller's thread while the store answers: completes (on
     * any thread; what follows must not block) once the message is stored and on its way, fails
     * with the store's exception. A bus whose store is in this process just appends now.
     */
    default CompletableFuture<Appended> appendAsync(String stream, NewMessage message, long sinceNanos) {
        try {
            return CompletableFuture.completedFuture(append(stream, message, sinceNanos));
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /** Delivers an event that is not stored (a task or agent change) to every node that joined {@code channel}. */
    void publish(String channel, OutFrame frame);

    /**
     * This node wants the stream's deliveries. Returns once they flow: a head read after it
     * misses nothing, so a new subscriber's replay joins the live stream without a gap.
     */
    void join(String stream);

    /** This node no longer has subscribers of the stream. */
    void leave(String stream);

    /** Whether deliveries flow (Redis reachable); {@code /health} reports it. */
    boolean healthy();

    /** A one-word description for {@code /health}: {@code in-process} or {@code redis}. */
    String kind();

    @Override
    void close();

    /** What a node does with deliveries; called on one bus thread at a time per stream, never on a Redis I/O thread. */
    interface Receiver {
        /**
         * A stored message of {@code stream}, in the stream's epoch {@code epoch} (null: the one
         * the store reports). Offsets arrive in order but a lost connection can leave gaps: the
         * receiver fills them from the store.
         */
        void stored(String stream, String epoch, ChatMessage message, long sinceNanos);

        /** An event frame for the subscribers of {@code channel}. */
        void event(String channel, OutFrame frame);

        /** Deliveries of {@code stream} may have been lost (the bus reconnected): compare with the store. */
        void resync(String stream);
    }
}
