package dev.nova.server.ws;

import dev.nova.protocol.ClientMessage;
import dev.nova.protocol.Envelope;
import dev.nova.server.identity.Identity;

/**
 * How the hub learns who a connection is: the key in its {@code auth} frame is checked by whoever
 * the server was built with ({@code auth.Authenticator}), and the hub is told the verdict, at once
 * or later (a wrong key from an address that keeps failing is answered late). The hub then lets
 * the connection in or closes it.
 */
@FunctionalInterface
public interface Authentication {

    void check(Connection c, Envelope<ClientMessage> frame, ClientMessage.Auth auth, Verdict verdict);

    /** What the check found. */
    interface Verdict {
        /** The key is {@code who}'s; {@code keyHash} lets its revocation be noticed later. */
        void accepted(Identity who, byte[] keyHash);

        /** Not let in, for {@code reason} (said to the client). */
        void refused(String reason);
    }
}
