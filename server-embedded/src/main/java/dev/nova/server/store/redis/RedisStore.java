package dev.nova.server.store.redis;

import dev.nova.server.bus.MessageBus;
import dev.nova.server.bus.StreamLocks;
import dev.nova.server.store.AclStore;
import dev.nova.server.store.HistoryStore;
import dev.nova.server.store.KeyStore;
import dev.nova.server.store.PresenceStore;
import dev.nova.server.store.Store;
import dev.nova.server.store.StoreException;
import dev.nova.server.store.TaskStore;
import dev.nova.server.store.ThreadStore;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The team server's store: what every node must share lives in one Redis (history with offsets
 * and epochs, API keys, access lists, the task board, the sidebar's titles and read marks) and travels over its pub/sub ({@link RedisBus}).
 * Commands fail at once while Redis is away (nothing is queued to run later, so nothing is
 * claimed stored that is not) and lettuce reconnects by itself.
 */
public final class RedisStore implements Store {
    private static final Logger log = LoggerFactory.getLogger(RedisStore.class);
    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(2);

    private final RedisClient client;
    private final StatefulRedisConnection<String, String> connection;
    private final RedisKeys keys;
    private final RedisHistory history;
    private final RedisKeyStore apiKeys;
    private final RedisAcl acl;
    private final RedisThreads threads;
    private final RedisTasks tasks;
    private final AtomicBoolean closed = new AtomicBoolean();

    private RedisStore(RedisClient client, StatefulRedisConnection<String, String> connection, RedisKeys keys,
                       long maxLen) {
        this.client = client;
        this.connection = connection;
        this.keys = keys;
        this.history = new RedisHistory(connection.sync(), keys, maxLen);
        this.apiKeys = new RedisKeyStore(connection.sync(), keys);
        this.acl = new RedisAcl(connection.sync(), keys);
        this.threads = new RedisThreads(connection.sync(), keys, history);
        this.tasks = new RedisTasks(connection.sync(), keys);
    }

    /**
     * Connects to {@code url} ({@code redis://HOST:PORT[/DB]}); every key starts with {@code prefix}.
     * A stream's log keeps about {@code maxLen} messages.
     */
    /** The store of a config that names a Redis ({@code redis_url}, {@code redis_prefix}). */
    public static RedisStore open(dev.nova.server.config.ServerConfig config) {
        return open(config.redis().url(), config.redis().prefix(), config.historyMaxMessages());
    }

    public static RedisStore open(String url, String prefix, long maxLen) {
        RedisURI uri = RedisURI.create(url);
        uri.setTimeout(COMMAND_TIMEOUT);
        RedisClient client = RedisClient.create(uri);
        client.setOptions(ClientOptions.builder()
                .autoReconnect(true)
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .timeoutOptions(TimeoutOptions.enabled(COMMAND_TIMEOUT))
                .build());
        try {
            StatefulRedisConnection<String, String> c = client.connect();
            log.info("store on Redis at {}:{} (keys under '{}')", uri.getHost(), uri.getPort(), prefix);
            return new RedisStore(client, c, new RedisKeys(prefix), maxLen);
        } catch (RuntimeException e) {
            client.shutdown();
            throw new StoreException("cannot connect to Redis at " + uri.getHost() + ":" + uri.getPort() + ": "
                    + e.getMessage(), e);
        }
    }

    @Override
    public MessageBus bus(StreamLocks locks) {
        return new RedisBus(client, connection, history, keys);
    }

    @Override
    public PresenceStore presence() {
        return new RedisPresence(connection.sync(), keys);
    }

    @Override
    public HistoryStore history() {
        return history;
    }

    @Override
    public KeyStore keys() {
        return apiKeys;
    }

    @Override
    public AclStore acl() {
        return acl;
    }

    @Override
    public TaskStore tasks() {
        return tasks;
    }

    @Override
    public ThreadStore threads() {
        return threads;
    }

    @Override
    public String kind() {
        return "redis";
    }

    @Override
    public boolean healthy() {
        try {
            return "PONG".equals(connection.sync().ping());
        } catch (RuntimeException e) {
            return false;
        }
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        connection.close();
        client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        log.info("Redis store closed");
    }
}
