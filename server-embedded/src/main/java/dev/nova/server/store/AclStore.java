package dev.nova.server.store;

import java.util.Set;

/** Who may read a {@code private:} channel. */
public interface AclStore {

    void grant(String channel, String identity);

    void revoke(String channel, String identity);

    Set<String> readers(String channel);
}
