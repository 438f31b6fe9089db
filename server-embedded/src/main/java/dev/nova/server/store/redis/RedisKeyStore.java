package dev.nova.server.store.redis;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.nova.server.store.KeyStore;
import dev.nova.server.store.StoreException;
import io.lettuce.core.api.sync.RedisCommands;
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
 * times as JSON. A key revoked on one node is seen by every node's sweep ({@link #revokedSince}),
 * which closes its connections there.
 */
final class RedisKeyStore implements KeyStore {
    private static final HexFormat HEX = HexFormat.of();
    private final RedisCommands<String, String> redis;
    private final String key;

    RedisKeyStore(RedisCommands<String, String> redis, RedisKeys keys) {
        this.redis = redis;
        this.key = keys.apiKeys();
    }

    @Override
    public void addKey(String name, String role, byte[] hash, Instant createdAt) {
        if (listKeys().stream().anyMatch(k -> k.active() && k.name().equals(name))) {
            throw new StoreException("an active key named '" + name + "' exists already");
        }
        ObjectNode n = RedisHistory.JSON.createObjectNode();
        n.put("name", name).put("role", role).put("created_at", createdAt.toEpochMilli());
        RedisHistory.call("add a key", () -> redis.hset(key, HEX.formatHex(hash), n.toString()));
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
        return listKeys().stream().filter(k -> k.revokedAt() != null && !k.revokedAt().isBefore(since)).toList();
    }

    @Override
    public boolean revokeKey(String name, Instant at) {
        boolean any = false;
        for (StoredKey k : listKeys()) {
            if (k.active() && k.name().equals(name)) {
                ObjectNode n = RedisHistory.JSON.createObjectNode();
                n.put("name", k.name()).put("role", k.role()).put("created_at", k.createdAt().toEpochMilli())
                        .put("revoked_at", at.toEpochMilli());
                RedisHistory.call("revoke a key", () -> redis.hset(key, HEX.formatHex(k.hash()), n.toString()));
                any = true;
            }
        }
        return any;
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
