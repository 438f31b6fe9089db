package dev.nova.server.channel;

import dev.nova.protocol.ClientMessage;
import dev.nova.protocol.Envelope;
import dev.nova.protocol.ErrorCode;
import dev.nova.protocol.ProtocolException;
import dev.nova.protocol.ServerMessage;
import dev.nova.protocol.ServerMessage.ChatMessage;
import dev.nova.server.identity.Identity;
import dev.nova.server.identity.Role;
import dev.nova.server.bus.MessageBus;
import dev.nova.server.bus.StreamLocks;
import dev.nova.server.store.HistoryStore.Appended;
import dev.nova.server.store.HistoryStore.NewMessage;
import dev.nova.server.store.HistoryStore.StreamHead;
import dev.nova.server.metrics.NovaMetrics;
import dev.nova.server.store.Store;
import dev.nova.server.ws.Broadcast;
import dev.nova.server.ws.Client;
import dev.nova.server.ws.OutFrame;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Subscriptions, read permissions and fan-out on this node. Messages are stored and published
 * through the {@link MessageBus}; what it delivers (from this node or, with Redis, from any node)
 * reaches this node's subscribers here, under the stream's lock, and so does a subscription's
 * replay: frames reach every subscriber's outbox in offset order, and a recovering subscriber gets
 * exactly the missed messages before any live one. The node remembers the last offset it
 * delivered per stream, so a gap (deliveries lost while Redis was away) is filled from the store.
 */
public final class Channels {
    private static final Logger log = LoggerFactory.getLogger(Channels.class);
    public static final String PRIVATE_PREFIX = "private:";
    /** The epoch of live channels, which keep no history to recover. */
    public static final String LIVE_EPOCH = "live";

    private final Store store;
    private final MessageBus bus;
    private final StreamLocks locks;
    private final Replay replay;
    private final int maxSubscriptions;
    private final NovaMetrics metrics;
    private final ConcurrentMap<String, Set<Client>> subscribers = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, Snapshot> live = new ConcurrentHashMap<>();
    /** Streams this node joined on the bus, and what it delivered of each; read and written under the stream's lock. */
    private final ConcurrentMap<String, Joined> joined = new ConcurrentHashMap<>();

    public Channels(Store store, MessageBus bus, StreamLocks locks, int maxSubscriptions, NovaMetrics metrics) {
        this.store = store;
        this.bus = bus;
        this.locks = locks;
        this.maxSubscriptions = maxSubscriptions;
        this.replay = new Replay(store.history());
        this.metrics = metrics;
        bus.start(new Deliveries());
    }

    /** Public channels are open to every authenticated identity; {@code private:} ones to their ACL and admins. */
    public boolean canRead(Identity who, String channel) {
        if (!channel.startsWith(PRIVATE_PREFIX) || who.role() == Role.ADMIN) {
            return true;
        }
        return store.acl().readers(channel).contains(who.name());
    }

    public void requireReadable(Identity who, String channel) {
        if (!canRead(who, channel)) {
            throw new ProtocolException(ErrorCode.FORBIDDEN, "channel",
                    "'" + channel + "' is private and '" + who.name() + "' is not on its access list");
        }
    }

    /** Lets {@code identity} read and write the private channel. */
    public void grant(String channel, String identity) {
        store.acl().grant(channel, identity);
    }

    public <T> T withStreamLock(String stream, Supplier<T> work) {
        return locks.with(stream, work);
    }

    /** Whether {@code channel} is a live one (the board, the agents' status): events only, no messages. */
    public boolean isLive(String channel) {
        return live.containsKey(channel);
    }

    /** Makes {@code channel} a live channel whose subscribers get {@code snapshot} first. */
    public void live(String channel, Snapshot snapshot) {
        live.put(channel, snapshot);
        bus.join(channel); // its events come from every node
    }

    public void subscribe(Client c, Envelope<ClientMessage> frame, ClientMessage.Subscribe s) {
        String channel = s.channel();
        requireReadable(c.identity(), channel);
        if (c.channels().size() >= maxSubscriptions && !c.channels().contains(channel)) {
            throw new ProtocolException(ErrorCode.LIMIT_EXCEEDED, "channel", "at most " + maxSubscriptions
                    + " subscriptions per connection (max_subscriptions): unsubscribe from one first");
        }
        Snapshot snapshot = live.get(channel);
        if (snapshot != null) {
            // The current state first (the guide's clients expect it before anything else), then the ack.
            snapshot.sendAndJoin(c, () -> {
                c.channels().add(channel);
                subscribers.computeIfAbsent(channel, k -> ConcurrentHashMap.newKeySet()).add(c);
            });
            c.send(channel, new ServerMessage.SubscriptionSuccess(channel, 0L, LIVE_EPOCH, false));
            return;
        }
        store.threads().rejoin(c.identity().name(), channel); // listed for them again
        Recovery recovery = withStreamLock(channel, () -> {
            StreamHead head = caughtUp(channel);
            boolean already = c.channels().contains(channel);
            if (already || s.since() == null) {
                c.channels().add(channel);
                subscribers.computeIfAbsent(channel, k -> ConcurrentHashMap.newKeySet()).add(c);
                c.send(channel, new ServerMessage.SubscriptionSuccess(channel, head.offset(), head.epoch(),
                        already && s.since() != null));
                return null;
            }
            long from = s.since().offset();
            if (!s.since().epoch().equals(head.epoch()) || from > head.offset()) {
                // another epoch (the history was lost) or an offset this stream never had: nothing to replay
                c.channels().add(channel);
                subscribers.computeIfAbsent(channel, k -> ConcurrentHashMap.newKeySet()).add(c);
                c.send(channel, new ServerMessage.SubscriptionSuccess(channel, head.offset(), head.epoch(), false));
                return null;
            }
            // Recovered when nothing after `from` is gone: only retention removes channel messages, oldest first.
            long oldest = store.history().oldest(channel);
            boolean recovered = oldest <= from + 1;
            c.channels().add(channel); // counted against the limit now; a subscriber once replayed
            c.send(channel, new ServerMessage.SubscriptionSuccess(channel, head.offset(), head.epoch(), recovered));
            return new Recovery(head.epoch(), recovered ? from : oldest - 1);
        });
        if (recovery != null) {
            replay(c, channel, recovery);
        }
    }

    /** Where a recovering subscriber's replay starts: after {@code cursor}, in {@code epoch}. */
    private record Recovery(String epoch, long cursor) {}

    /**
     * Sends a recovering subscriber every stored message after its cursor ({@link Replay}), then,
     * under the lock, the last few up to what this node delivered live, and makes it a subscriber:
     * no gap, no duplicate, in offset order.
     */
    private void replay(Client c, String channel, Recovery r) {
        long cursor = replay.pages(c, channel, r.cursor());
        if (cursor < 0) {
            c.channels().remove(channel);
            return;
        }
        withStreamLock(channel, () -> {
            StreamHead head = caughtUp(channel);
            if (!head.epoch().equals(r.epoch())) { // the history was lost meanwhile
                c.send(channel, new ServerMessage.SubscriptionSuccess(channel, 0L, head.epoch(), false));
            } else {
                replay.rest(c, channel, cursor, head.offset());
            }
            if (c.channels().contains(channel)) { // else it went away during the replay (drop)
                subscribers.computeIfAbsent(channel, k -> ConcurrentHashMap.newKeySet()).add(c);
            }
            return null;
        });
    }

    /** Leaves a channel: no more deliveries, and no longer listed for this person until they subscribe again. */
    public void unsubscribe(Client c, Envelope<ClientMessage> frame, ClientMessage.Unsubscribe u) {
        if (!live.containsKey(u.channel())) {
            store.threads().leave(c.identity().name(), u.channel());
        }
        if (!c.channels().remove(u.channel())) {
            throw new ProtocolException(ErrorCode.NOT_SUBSCRIBED, "channel", "not subscribed to '" + u.channel() + "'");
        }
        forget(u.channel(), c);
        c.send(u.channel(), new ServerMessage.UnsubscriptionSuccess(u.channel()));
    }

    /**
     * Stores a message in {@code stream} and delivers it: to the channel's subscribers on every
     * node, and to {@code sender} itself when it is not one of them (its echo is its
     * acknowledgement). {@code channel} is null for an assistant stream, whose messages go to the
     * sender only. A duplicate is not delivered; the caller answers it with the original.
     */
    public Appended append(String stream, String channel, NewMessage message, Client sender, long arrivedNanos) {
        return echoed(bus.append(stream, message, arrivedNanos), channel, sender, arrivedNanos);
    }

    /**
     * {@link #append} without holding the caller's thread while the store answers (a team's Redis):
     * the echo goes when it is stored; completes with what was stored, or fails with why not.
     */
    public CompletableFuture<Appended> appendAsync(String stream, String channel, NewMessage message, Client sender,
                                                   long arrivedNanos) {
        return bus.appendAsync(stream, message, arrivedNanos).thenApply(a -> echoed(a, channel, sender, arrivedNanos));
    }

    private Appended echoed(Appended a, String channel, Client sender, long arrivedNanos) {
        if (!a.duplicate() && sender != null && (channel == null || !isSubscribed(channel, sender))) {
            sender.sendFrame(encode(channel, a.message(), arrivedNanos));
        }
        return a;
    }

    private boolean isSubscribed(String channel, Client c) {
        Set<Client> set = subscribers.get(channel);
        return set != null && set.contains(c);
    }

    /**
     * Delivers an event that is not stored to the subscribers of a live channel on every node, and
     * to {@code alsoTo} (who asked for the work) when it is not one of them.
     */
    public void publish(String channel, OutFrame frame, Client alsoTo) {
        bus.publish(channel, frame);
        if (alsoTo != null && !isSubscribed(channel, alsoTo)) {
            alsoTo.sendFrame(frame);
        }
    }

    private void deliver(String channel, OutFrame frame) {
        int n = Broadcast.send(subscribers.getOrDefault(channel, Set.of()), null, frame);
        metrics.framesOut(frame.type(), n, frame.size());
    }

    /**
     * Joins the stream on the bus when this node had not, and brings what the node delivered up to
     * the store's head (messages still on their way over the bus are then skipped as delivered).
     * Under the stream's lock.
     */
    private StreamHead caughtUp(String stream) {
        Joined j = joined.get(stream);
        if (j == null) {
            bus.join(stream); // before the head is read: nothing stored after it is missed
            StreamHead head = store.history().head(stream);
            joined.put(stream, new Joined(head.epoch(), head.offset()));
            return head;
        }
        StreamHead head = store.history().head(stream);
        catchUp(stream, j, head);
        return head;
    }

    private void catchUp(String stream, Joined j, StreamHead head) {
        if (!head.epoch().equals(j.epoch)) {
            restart(stream, j, head);
            return;
        }
        while (j.last < head.offset()) {
            List<ChatMessage> missed = store.history().after(stream, j.last, Replay.PAGE);
            if (missed.isEmpty()) {
                j.last = head.offset(); // trimmed meanwhile: nothing left to deliver
                break;
            }
            for (ChatMessage m : missed) {
                if (m.offset() > head.offset()) {
                    return; // the rest is on its way over the bus
                }
                deliver(stream, encode(stream, m));
                j.last = m.offset();
            }
        }
    }

    /**
     * The stream's history was lost (a new epoch: Redis was wiped): its subscribers get a fresh
     * {@code subscription_success} with the new epoch and {@code recovered: false}, never a silent gap.
     */
    private void restart(String stream, Joined j, StreamHead head) {
        log.warn("stream {} has a new epoch: its history was lost; {} subscribers told", stream,
                subscribers.getOrDefault(stream, Set.of()).size());
        j.epoch = head.epoch();
        j.last = 0;
        ServerMessage.SubscriptionSuccess told = new ServerMessage.SubscriptionSuccess(stream, 0L, head.epoch(), false);
        subscribers.getOrDefault(stream, Set.of()).forEach(c -> c.send(stream, told));
        catchUp(stream, j, head);
    }

    /** What this node delivered of a stream it joined. */
    private static final class Joined {
        String epoch;
        long last;

        Joined(String epoch, long last) {
            this.epoch = epoch;
            this.last = last;
        }
    }

    /** The bus's deliveries to this node. */
    private final class Deliveries implements MessageBus.Receiver {
        @Override
        public void stored(String stream, String epoch, ChatMessage m, long sinceNanos) {
            withStreamLock(stream, () -> {
                Joined j = joined.get(stream);
                if (j == null) {
                    return null; // no subscriber here (an assistant stream, or the last one left)
                }
                if (epoch != null && !epoch.equals(j.epoch)) {
                    restart(stream, j, store.history().head(stream));
                    return null;
                }
                if (m.offset() <= j.last) {
                    return null; // delivered already, by a catch-up that overtook the bus
                }
                if (m.offset() > j.last + 1) {
                    catchUp(stream, j, new StreamHead(j.epoch, m.offset() - 1));
                }
                deliver(stream, encode(stream, m, sinceNanos));
                j.last = m.offset();
                return null;
            });
        }

        @Override
        public void event(String channel, OutFrame frame) {
            deliver(channel, frame);
        }

        @Override
        public void resync(String stream) {
            if (live.containsKey(stream)) {
                return;
            }
            withStreamLock(stream, () -> {
                Joined j = joined.get(stream);
                if (j != null) {
                    catchUp(stream, j, store.history().head(stream));
                }
                return null;
            });
        }
    }

    /** Forgets a closed connection. */
    public void drop(Client c) {
        for (String channel : List.copyOf(c.channels())) {
            // under the stream's lock, so a replay still running for it does not make it a subscriber after
            withStreamLock(channel, () -> c.channels().remove(channel));
            forget(channel, c);
        }
    }

    /** Removes one subscriber; the node leaves the stream on the bus with its last subscriber. */
    private void forget(String channel, Client c) {
        Set<Client> set = subscribers.get(channel);
        if (set == null || !set.remove(c) || !set.isEmpty() || live.containsKey(channel)) {
            return;
        }
        withStreamLock(channel, () -> {
            Set<Client> now = subscribers.get(channel);
            if (now != null && now.isEmpty() && joined.remove(channel) != null) {
                subscribers.remove(channel, now);
                bus.leave(channel);
            }
            return null;
        });
    }

    /** Encodes an event once for a live channel's subscribers; its client_id is who it is about. */
    public static OutFrame encodeEvent(String channel, String about, ServerMessage event) {
        return OutFrame.of(new Envelope<>(Instant.now(), about, channel, event));
    }

    /** A stored chat message as a server frame; its client_id is its sender. */
    public static OutFrame encode(String channel, ChatMessage m) {
        return OutFrame.of(new Envelope<>(Instant.now(), m.sender(), channel, m));
    }

    /** {@link #encode}, with its delivery latency counted from when its cause arrived. */
    public static OutFrame encode(String channel, ChatMessage m, long sinceNanos) {
        return OutFrame.of(new Envelope<>(Instant.now(), m.sender(), channel, m), sinceNanos);
    }
}
