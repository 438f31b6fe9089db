package dev.nova.server.redis;

import dev.nova.server.bus.MessageBus;
import dev.nova.server.store.AclStore;
import dev.nova.server.store.HistoryStore;
import dev.nova.server.store.KeyStore;
import dev.nova.server.store.PresenceStore;
import dev.nova.server.store.RetentionStore;
import dev.nova.server.store.ToolPolicyStore;
import dev.nova.server.store.Store;
import dev.nova.server.store.StoreException;
import dev.nova.server.task.TaskStore;
import dev.nova.server.store.ThreadStore;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.ClusterClientOptions;
import io.lettuce.core.cluster.ClusterTopologyRefreshOptions;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
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

    /** The client (standalone or cluster), for its pub/sub connection and to shut it down. */
    private final io.lettuce.core.AbstractRedisClient client;
    private final StatefulConnection<String, String> connection;
    private final RedisClusterCommands<String, String> commands;
    private final java.util.function.Supplier<StatefulRedisPubSubConnection<String, String>> connectPubSub;
    private final boolean cluster;
    private final RedisKeys keys;
    private final RedisHistory history;
    private final RedisKeyStore apiKeys;
    private final RedisAcl acl;
    private final RedisThreads threads;
    private final RedisTasks tasks;
    private final RedisRetention retention;
    private final RedisToolPolicies toolPolicies;
    private final AtomicBoolean closed = new AtomicBoolean();

    private RedisStore(io.lettuce.core.AbstractRedisClient client, StatefulConnection<String, String> connection,
                       RedisClusterCommands<String, String> commands,
                       io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands<String, String> asyncCommands,
                       java.util.function.Supplier<StatefulRedisPubSubConnection<String, String>> connectPubSub,
                       boolean cluster, RedisKeys keys) {
        this.client = client;
        this.connection = connection;
        this.commands = commands;
        this.connectPubSub = connectPubSub;
        this.cluster = cluster;
        this.keys = keys;
        this.history = new RedisHistory(commands, asyncCommands, keys, cluster);
        this.apiKeys = new RedisKeyStore(commands, keys);
        this.acl = new RedisAcl(commands, keys);
        this.threads = new RedisThreads(commands, keys, history);
        this.tasks = new RedisTasks(commands, keys);
        this.retention = new RedisRetention(commands, keys);
        this.toolPolicies = new RedisToolPolicies(commands, keys);
    }

    /** The store of a config that names a Redis ({@code redis_url}, {@code redis_prefix}). */
    public static RedisStore open(dev.nova.server.config.ServerConfig config) {
        return open(config.redis().url(), config.redis().prefix());
    }

    /**
     * Connects to {@code url}: {@code redis://HOST:PORT[/DB]}, or {@code redis-cluster://HOST:PORT[,HOST:PORT...]}
     * (seed nodes of a Redis Cluster: sharded pub/sub, every script in one slot). Every key starts
     * with {@code prefix}.
     */
    public static RedisStore open(String url, String prefix) {
        return url.startsWith(CLUSTER_SCHEME) ? openCluster(url, prefix) : openStandalone(url, prefix);
    }

    /** The scheme of a Redis Cluster's seed list. */
    public static final String CLUSTER_SCHEME = "redis-cluster://";

    private static RedisStore openStandalone(String url, String prefix) {
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
            return new RedisStore(client, c, c.sync(), c.async(), client::connectPubSub, false, new RedisKeys(prefix));
        } catch (RuntimeException e) {
            client.shutdown();
            throw new StoreException("cannot connect to Redis at " + uri.getHost() + ":" + uri.getPort() + ": "
                    + e.getMessage(), e);
        }
    }

    private static RedisStore openCluster(String url, String prefix) {
        java.util.List<RedisURI> seeds = new java.util.ArrayList<>();
        for (String hostPort : url.substring(CLUSTER_SCHEME.length()).split(",")) {
            RedisURI uri = RedisURI.create("redis://" + hostPort.strip());
            uri.setTimeout(COMMAND_TIMEOUT);
            seeds.add(uri);
        }
        RedisClusterClient client = RedisClusterClient.create(seeds);
        client.setOptions(ClusterClientOptions.builder()
                .autoReconnect(true)
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .timeoutOptions(TimeoutOptions.enabled(COMMAND_TIMEOUT))
                .topologyRefreshOptions(ClusterTopologyRefreshOptions.builder()
                        .enableAllAdaptiveRefreshTriggers().build())
                .build());
        try {
            StatefulRedisClusterConnection<String, String> c = client.connect();
            // Every node's connection now, not lazily at its first command: a command is never
            // queued for later (REJECT_COMMANDS), so one sent to a node still connecting would fail.
            c.getPartitions().forEach(n -> c.getConnection(n.getUri().getHost(), n.getUri().getPort()));
            java.util.function.Supplier<StatefulRedisPubSubConnection<String, String>> pubsub = () -> {
                io.lettuce.core.cluster.pubsub.StatefulRedisClusterPubSubConnection<String, String> p = client.connectPubSub();
                p.getPartitions().forEach(n -> p.getConnection(n.getUri().getHost(), n.getUri().getPort()));
                return p;
            };
            log.info("store on a Redis Cluster of {} nodes from {} (keys under '{}')",
                    c.getPartitions().size(), url.substring(CLUSTER_SCHEME.length()), prefix);
            return new RedisStore(client, c, c.sync(), c.async(), pubsub, true, new RedisKeys(prefix));
        } catch (RuntimeException e) {
            client.shutdown();
            throw new StoreException("cannot connect to the Redis Cluster at " + url.substring(CLUSTER_SCHEME.length())
                    + ": " + e.getMessage(), e);
        }
    }

    /** The bus of the nodes sharing this Redis: its pub/sub, and appends that publish in the same script. */
    public MessageBus bus() {
        return new RedisBus(connectPubSub, connection, commands, cluster, history, keys);
    }

    @Override
    public PresenceStore presence() {
        return new RedisPresence(commands, keys);
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
    public RetentionStore retention() {
        return retention;
    }

    @Override
    public ToolPolicyStore toolPolicies() {
        return toolPolicies;
    }

    @Override
    public String kind() {
        return cluster ? "redis-cluster" : "redis";
    }

    @Override
    public boolean healthy() {
        try {
            return "PONG".equals(commands.ping());
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
