package dev.nova.server.redis;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.nova.server.store.KeyStore;
import dev.nova.server.store.StoreException;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * API keys shared by every node: one hash, field the key's hash (hex), value its name, role and
 * times as JSON; the active key per name; revocations in a sorted set by time. A key revoked on
 * one node is seen by every node's sweep ({@link #revokedSince}, every 2 s: it reads only the
 * recent revocations), which closes its connections there.
 */
final class RedisKeyStore implements KeyStore {
    private static final HexFormat HEX = HexFormat.of();
    /** Adds a key unless an active one has its name: KEYS keys, names; ARGV name, hex, JSON. */
    private static final String ADD = """
            if redis.call('HSETNX', KEYS[2], ARGV[1], ARGV[2]) == 0 then return 0 end
            redis.call('HSET', KEYS[1], ARGV[2], ARGV[3])
            return 1""";

    private final RedisClusterCommands<String, String> redis;
    private final String key;
    /** The active key's hash (hex) per name. */
    private final String names;
    /** Revoked keys' hashes (hex), scored by when. */
    private final String revoked;

    RedisKeyStore(RedisClusterCommands<String, String> redis, RedisKeys keys) {
        this.redis = redis;
        this.key = keys.apiKeys();
        this.names = keys.apiKeys() + ":active";
        this.revoked = keys.apiKeys() + ":revoked";
    }

    @Override
    public void addKey(String name, String role, byte[] hash, Instant createdAt) {
        ObjectNode n = RedisHistory.JSON.createObjectNode();
        n.put("name", name).put("role", role).put("created_at", createdAt.toEpochMilli());
        Long added = RedisHistory.call("add a key", () -> redis.eval(ADD, io.lettuce.core.ScriptOutputType.INTEGER,
                new String[] {key, names}, name, HEX.formatHex(hash), n.toString()));
        if (added == null || added == 0) {
            throw new StoreException("an active key named '" + name + "' exists already");
        }
    }

    @Override
    public Optional<StoredKey> findByHash(byte[] hash) {
        String hex = HEX.formatHex(hash);
        String json = RedisHistory.call("find a key", () -> redis.hget(key, hex));
        return json == null ? Optional.empty() : Optional.of(read(hex, json)).filter(StoredKey::active);
    }

    @Override
    public List<StoredKey> listKeys() {
        Map<String, String> all = RedisHistory.call("list the keys", () -> redis.hgetall(key));
        List<StoredKey> out = new ArrayList<>();
        all.forEach((hex, json) -> out.add(read(hex, json)));
        out.sort(Comparator.comparing(StoredKey::createdAt));
        return out;
    }

    @Override
    public List<StoredKey> revokedSince(Instant since) {
        List<String> hexes = RedisHistory.call("read revocations", () -> redis.zrangebyscore(revoked,
                io.lettuce.core.Range.create((double) since.toEpochMilli(), Double.POSITIVE_INFINITY)));
        if (hexes.isEmpty()) {
            return List.of();
        }
        List<io.lettuce.core.KeyValue<String, String>> found = RedisHistory.call("read revocations", () ->
                redis.hmget(key, hexes.toArray(String[]::new)));
        List<StoredKey> out = new ArrayList<>(found.size());
        found.stream().filter(io.lettuce.core.KeyValue::hasValue).forEach(kv -> out.add(read(kv.getKey(), kv.getValue())));
        return out;
    }

    @Override
    public boolean revokeKey(String name, Instant at) {
        String hex = RedisHistory.call("find a key", () -> redis.hget(names, name));
        String json = hex == null ? null : RedisHistory.call("find a key", () -> redis.hget(key, hex));
        if (json == null) {
            return false;
        }
        StoredKey k = read(hex, json);
        ObjectNode n = RedisHistory.JSON.createObjectNode();
        n.put("name", k.name()).put("role", k.role()).put("created_at", k.createdAt().toEpochMilli())
                .put("revoked_at", at.toEpochMilli());
        RedisHistory.call("revoke a key", () -> redis.hset(key, hex, n.toString()));
        RedisHistory.call("revoke a key", () -> redis.zadd(revoked, at.toEpochMilli(), hex));
        RedisHistory.call("revoke a key", () -> redis.hdel(names, name)); // the name is free again
        return true;
    }

    private static StoredKey read(String hex, String json) {
        try {
            JsonNode n = RedisHistory.JSON.readTree(json);
            return new StoredKey(n.get("name").asText(), n.get("role").asText(), HEX.parseHex(hex),
                    Instant.ofEpochMilli(n.get("created_at").asLong()),
                    n.hasNonNull("revoked_at") ? Instant.ofEpochMilli(n.get("revoked_at").asLong()) : null);
        } catch (IOException | RuntimeException e) {
            throw new StoreException("a stored key could not be read: " + e.getMessage(), e);
        }
    }
}
