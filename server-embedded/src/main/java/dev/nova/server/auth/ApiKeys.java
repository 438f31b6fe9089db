package dev.nova.server.auth;

import dev.nova.server.identity.Role;
import dev.nova.server.identity.Identity;
import dev.nova.protocol.Check;
import dev.nova.server.store.KeyStore;
import dev.nova.server.store.KeyStore.StoredKey;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/**
 * Creates, checks and revokes API keys. A key is 256 random bits, shown once; only its SHA-256
 * is stored (a fast hash is enough for a key this random), and hashes are compared in constant
 * time. Keys never reach a log.
 */
public final class ApiKeys {
    private static final String PREFIX = "nova_";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final KeyStore store;
    private final Clock clock;

    public ApiKeys(KeyStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    /** Creates a key and returns it; this is the only time the key itself exists outside the client. */
    public String create(String name, Role role) {
        if (!Check.isName(name)) {
            throw new IllegalArgumentException("name " + Check.NAME_RULE);
        }
        byte[] secret = new byte[32];
        RANDOM.nextBytes(secret);
        String key = PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
        store.addKey(name, role.wire(), hash(key), clock.instant());
        return key;
    }

    /** The identity of an active key, or empty for an unknown or revoked one. */
    public Optional<Identity> authenticate(String key) {
        if (key == null || key.isEmpty() || key.length() > 512) {
            return Optional.empty();
        }
        byte[] hash = hash(key);
        return store.findByHash(hash)
                .filter(k -> MessageDigest.isEqual(k.hash(), hash))
                .map(k -> new Identity(k.name(), Role.parse(k.role())));
    }

    public List<StoredKey> list() {
        return store.listKeys();
    }

    public boolean revoke(String name) {
        return store.revokeKey(name, clock.instant());
    }

    /** Whether the key with this hash is still active. */
    public boolean stillActive(byte[] hash) {
        return store.findByHash(hash).isPresent();
    }

    /** The hashes of keys revoked at or after {@code since}. */
    public List<byte[]> revokedSince(java.time.Instant since) {
        return store.revokedSince(since).stream().map(StoredKey::hash).toList();
    }

    public static byte[] hash(String key) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
