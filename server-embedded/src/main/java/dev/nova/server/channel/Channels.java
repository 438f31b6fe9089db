package dev.nova.server.channel;

import dev.nova.protocol.ClientMessage;
import dev.nova.protocol.Envelope;
import dev.nova.protocol.ErrorCode;
import dev.nova.protocol.ProtocolException;
import dev.nova.protocol.ServerMessage;
import dev.nova.protocol.ServerMessage.ChatMessage;
import dev.nova.server.auth.Identity;
import dev.nova.server.auth.Role;
import dev.nova.server.store.HistoryStore.StreamHead;
import dev.nova.server.metrics.NovaMetrics;
import dev.nova.server.store.Store;
import dev.nova.server.ws.Broadcast;
import dev.nova.server.ws.Connection;
import dev.nova.server.ws.OutFrame;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Supplier;

/**
 * Subscriptions, read permissions and fan-out. Everything that stores into a stream and delivers
 * it runs under that stream's lock, and so does a subscription's replay: frames reach every
 * subscriber's outbox in offset order, and a recovering subscriber gets exactly the missed
 * messages before any live one.
 */
public final class Channels {
    public static final String PRIVATE_PREFIX = "private:";
    private static final int LOCK_STRIPES = 64;
    /** The epoch of live channels, which keep no history to recover. */
    public static final String LIVE_EPOCH = "live";

    private final Store store;
    private final int maxReplay;
    private final int maxSubscriptions;
    private final NovaMetrics metrics;
    private final ConcurrentMap<String, Set<Connection>> subscribers = new ConcurrentHashMap<>();
    private final Object[] locks = new Object[LOCK_STRIPES];
    private final ConcurrentMap<String, Snapshot> live = new ConcurrentHashMap<>();

    public Channels(Store store, int maxReplay, int maxSubscriptions, NovaMetrics metrics) {
        this.store = store;
        this.maxReplay = maxReplay;
        this.maxSubscriptions = maxSubscriptions;
        this.metrics = metrics;
        for (int i = 0; i < locks.length; i++) {
            locks[i] = new Object();
        }
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
        synchronized (locks[Math.floorMod(stream.hashCode(), LOCK_STRIPES)]) {
            return work.get();
        }
    }

    /** Makes {@code channel} a live channel whose subscribers get {@code snapshot} first. */
    public void live(String channel, Snapshot snapshot) {
        live.put(channel, snapshot);
    }

    public void subscribe(Connection c, Envelope<ClientMessage> frame, ClientMessage.Subscribe s) {
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
        withStreamLock(channel, () -> {
            StreamHead head = store.history().head(channel);
            boolean already = !c.channels().add(channel);
            subscribers.computeIfAbsent(channel, k -> ConcurrentHashMap.newKeySet()).add(c);
            if (already || s.since() == null) {
                c.send(channel, new ServerMessage.SubscriptionSuccess(channel, head.offset(), head.epoch(),
                        already && s.since() != null));
                return null;
            }
            List<ChatMessage> missed = List.of();
            boolean recovered = false;
            long from = s.since().offset();
            if (s.since().epoch().equals(head.epoch()) && from <= head.offset()) {
                // Never more than the history bound, and always the newest, so the replay joins the live stream.
                long start = Math.max(from, head.offset() - maxReplay);
                missed = store.history().after(channel, start, maxReplay);
                recovered = start == from && missed.size() == head.offset() - from;
            }
            c.send(channel, new ServerMessage.SubscriptionSuccess(channel, head.offset(), head.epoch(), recovered));
            for (ChatMessage m : missed) {
                c.sendFrame(encode(channel, m));
            }
            return null;
        });
    }

    /** Leaves a channel: no more deliveries, and no longer listed for this person until they subscribe again. */
    public void unsubscribe(Connection c, Envelope<ClientMessage> frame, ClientMessage.Unsubscribe u) {
        if (!live.containsKey(u.channel())) {
            store.threads().leave(c.identity().name(), u.channel());
        }
        if (!c.channels().remove(u.channel())) {
            throw new ProtocolException(ErrorCode.NOT_SUBSCRIBED, "channel", "not subscribed to '" + u.channel() + "'");
        }
        Set<Connection> set = subscribers.get(u.channel());
        if (set != null) {
            set.remove(c);
        }
        c.send(u.channel(), new ServerMessage.UnsubscriptionSuccess(u.channel()));
    }

    /**
     * Delivers one encoded frame to every subscriber of {@code channel}, and to {@code sender} when
     * it is not one (its echo is its acknowledgement). Call under the stream's lock: this only
     * queues the frame on each receiver, writer threads do the writing, so the lock is held for
     * microseconds, not for a thousand socket writes.
     */
    public void deliver(String channel, OutFrame frame, Connection sender) {
        int n = Broadcast.send(subscribers.getOrDefault(channel, Set.of()), sender, frame);
        metrics.framesOut(frame.type(), n, frame.size());
    }

    /** Forgets a closed connection. */
    public void drop(Connection c) {
        for (String channel : c.channels()) {
            Set<Connection> set = subscribers.get(channel);
            if (set != null) {
                set.remove(c);
            }
        }
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
