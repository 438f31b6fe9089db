package dev.nova.server.store;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** API keys, kept only as hashes. */
public interface KeyStore {

    /** Stores a new key's hash; fails when an active key already has this name. */
    void addKey(String name, String role, byte[] hash, Instant createdAt);

    /** The active (not revoked) key with this hash. */
    Optional<StoredKey> findByHash(byte[] hash);

    List<StoredKey> listKeys();

    /** Keys revoked at or after {@code since} (by this process or another one sharing the store). */
    List<StoredKey> revokedSince(Instant since);

    /** Revokes the named key; false when there is no active key of that name. */
    boolean revokeKey(String name, Instant at);

    record StoredKey(String name, String role, byte[] hash, Instant createdAt, Instant revokedAt) {
        public boolean active() {
            return revokedAt == null;
        }
    }
}
