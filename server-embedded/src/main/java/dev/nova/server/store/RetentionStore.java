package dev.nova.server.store;

import dev.nova.server.config.RetentionRule;
import java.util.Map;

/**
 * The retention rules an operator set for single channels ({@code nova-server retention set}),
 * shared by every node of a team. A channel without a rule here keeps what the server's config
 * says ({@code retention_max_messages}, {@code retention_max_age_days}); by default, everything.
 */
public interface RetentionStore {

    /** Every channel's own rule. */
    Map<String, RetentionRule> rules();

    /** Sets {@code channel}'s own rule ({@link RetentionRule#KEEP_ALL}: keep everything, whatever the default). */
    void set(String channel, RetentionRule rule);

    /** Removes {@code channel}'s own rule: the default applies again. False when it had none. */
    boolean clear(String channel);
}
