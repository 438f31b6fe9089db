package dev.nova.server.identity;

import java.util.Locale;

/** What a key may do: people chat, agents also report status and move tasks, admins manage. */
public enum Role {
    USER, AGENT, ADMIN;

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Role parse(String value) {
        try {
            return valueOf(value.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("role must be user, agent or admin, not " + value);
        }
    }
}
