package dev.nova.desktop.sidebar;

import java.time.Instant;
import java.util.Locale;

/**
 * A channel the join dialog offers: its name, when it last moved (null: not known), and whether
 * it is in the sidebar already (joined) or was left.
 */
public record ChannelChoice(String name, Instant lastAt, boolean joined) {
    /** Whether {@code typed} (with or without a leading #) is part of the name, ignoring case; blank: all. */
    public boolean matches(String typed) {
        String q = typed == null ? "" : typed.strip();
        if (q.startsWith("#")) {
            q = q.substring(1);
        }
        return name.toLowerCase(Locale.ROOT).contains(q.toLowerCase(Locale.ROOT));
    }
}
