package dev.nova.server.redis;

import dev.nova.server.bus.MessageBus;
import dev.nova.server.store.HistoryStore.Appended;
import dev.nova.server.store.HistoryStore.NewMessage;
import dev.nova.server.store.StoreException;
import dev.nova.server.ws.OutFrame;
import io.lettuce.core.RedisException;
import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The bus of a team of nodes: one Redis pub/sub connection per node, one Redis channel per
 * stream this node has subscribers of. Stored messages are published by the append script
 * itself ({@code s|epoch|offset|message}), events by {@link #publish} ({@code e|type|frame}).
 * Deliveries leave lettuce's I/O thread at once for one bus thread of Nova's, which only queues
 * frames on outboxes (writer threads write). After a reconnect lettuce subscribes again; each
 * {@code subscribed} confirmation makes the receiver compare the stream with the store, which
 * fills what was published meanwhile. On Redis Cluster the same with sharded pub/sub
 * (SSUBSCRIBE, SPUBLISH): a stream's channel lives in the stream's own slot.
 */
final class RedisBus implements MessageBus {
    private static final Logger log = LoggerFactory.getLogger(RedisBus.class);

    private final java.util.function.Supplier<StatefulRedisPubSubConnection<String, String>> connectPubSub;
    private final StatefulConnection<String, String> connection;
    private final RedisClusterCommands<String, String> commands;
    private final boolean sharded;
    private final RedisHistory history;
    private final RedisKeys keys;
    private final ExecutorService deliveries = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "nova-bus");
        t.setDaemon(true);
        return t;
    });
    private StatefulRedisPubSubConnection<String, String> pubsub;
    private volatile Receiver receiver;

    RedisBus(java.util.function.Supplier<StatefulRedisPubSubConnection<String, String>> connectPubSub,
             StatefulConnection<String, String> connection, RedisClusterCommands<String, String> commands,
             boolean sharded, RedisHistory history, RedisKeys keys) {
        this.connectPubSub = connectPubSub;
        this.connection = connection;
        this.commands = commands;
        this.sharded = sharded;
        this.history = history;
        this.keys = keys;
    }

    @Override
    public synchronized void start(Receiver r) {
        this.receiver = r;
        this.pubsub = connectPubSub.get();
        pubsub.addListener(new RedisPubSubAdapter<>() {
            @Override
            public void message(String channel, String payload) {
                received(channel, payload);
            }

            @Override
            public void smessage(String channel, String payload) {
                received(channel, payload);
            }

            @Override
            public void subscribed(String channel, long count) {
                resubscribed(channel);
            }

            @Override
            public void ssubscribed(String channel, long count) {
                resubscribed(channel);
            }
        });
    }

    private void received(String channel, String payload) {
        String stream = keys.streamOfBus(channel);
        if (stream != null) {
            long at = System.nanoTime();
            deliveries.execute(() -> dispatch(stream, payload, at));
        }
    }

    private void resubscribed(String channel) {
        String stream = keys.streamOfBus(channel);
        if (stream != null) {
            deliveries.execute(() -> resync(stream));
        }
    }

    private void dispatch(String stream, String payload, long received) {
        Receiver r = receiver;
        if (r == null) {
            return;
        }
        try {
            if (payload.startsWith("s|")) {
                int a = payload.indexOf('|', 2);
                int b = payload.indexOf('|', a + 1);
                String epoch = payload.substring(2, a);
                long offset = Long.parseLong(payload.substring(a + 1, b));
                // Latency on this node counts from here: another node's clock is not this one's.
                r.stored(stream, epoch, RedisHistory.read(payload.substring(b + 1), offset), received);
            } else if (payload.startsWith("e|")) {
                int a = payload.indexOf('|', 2);
                r.event(stream, OutFrame.ofText(payload.substring(a + 1), payload.substring(2, a)));
            }
        } catch (RuntimeException e) {
            // A delivery that fails (Redis away while a gap is filled) is made good by the next resync.
            log.warn("a delivery on {} failed: {}", stream, e.toString());
        }
    }

    private void resync(String stream) {
        Receiver r = receiver;
        if (r == null) {
            return;
        }
        try {
            r.resync(stream);
        } catch (RuntimeException e) {
            log.warn("catching up {} after a reconnect failed: {}", stream, e.toString());
        }
    }

    @Override
    public Appended append(String stream, NewMessage message, long sinceNanos) {
        return history.append(stream, message, keys.bus(stream));
    }

    @Override
    public java.util.concurrent.CompletableFuture<Appended> appendAsync(String stream, NewMessage message, long sinceNanos) {
        return history.appendAsync(stream, message, keys.bus(stream));
    }

    @Override
    public void publish(String channel, OutFrame frame) {
        String payload = "e|" + frame.type() + "|" + frame.text();
        RedisHistory.call("publish on " + channel, () -> sharded ? commands.spublish(keys.bus(channel), payload)
                : commands.publish(keys.bus(channel), payload));
    }

    @Override
    public void join(String stream) {
        try {
            if (sharded) {
                pubsub.sync().ssubscribe(keys.bus(stream));
            } else {
                pubsub.sync().subscribe(keys.bus(stream));
            }
        } catch (RedisException e) {
            throw new StoreException("Redis could not subscribe to " + stream + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void leave(String stream) {
        try {
            if (sharded) {
                pubsub.sync().sunsubscribe(keys.bus(stream));
            } else {
                pubsub.sync().unsubscribe(keys.bus(stream));
            }
        } catch (RedisException e) {
            log.debug("unsubscribing {} failed: {}", stream, e.toString()); // gone with the connection anyway
        }
    }

    @Override
    public boolean healthy() {
        StatefulRedisPubSubConnection<String, String> p = pubsub;
        return p != null && p.isOpen() && connection.isOpen();
    }

    @Override
    public String kind() {
        return "redis";
    }

    @Override
    public synchronized void close() {
        receiver = null;
        if (pubsub != null) {
            pubsub.close();
        }
        deliveries.shutdown();
        try {
            deliveries.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
