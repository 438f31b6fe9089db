package dev.nova.server.config;

import java.time.Duration;

/**
 * What an operator chose to keep of a channel's history: at most the newest {@code maxMessages}
 * stored messages, and none created more than {@code maxAge} ago; null is no bound of that kind.
 * {@link #KEEP_ALL}, keeping everything, is what every channel gets unless an operator says
 * otherwise. A person's assistant threads are never subject to a rule.
 */
public record RetentionRule(Integer maxMessages, Duration maxAge) {
    public static final RetentionRule KEEP_ALL = new RetentionRule(null, null);

    public RetentionRule {
        if (maxMessages != null && maxMessages < 1) {
            throw new IllegalArgumentException("a retention rule keeps at least 1 message, not " + maxMessages);
        }
        if (maxAge != null && (maxAge.isNegative() || maxAge.isZero())) {
            throw new IllegalArgumentException("a retention rule's age must be positive, not " + maxAge);
        }
    }

    /** A rule of {@code maxMessages} (0 or null: no count) and {@code maxAgeDays} (0 or null: no age). */
    public static RetentionRule of(Integer maxMessages, Integer maxAgeDays) {
        return new RetentionRule(maxMessages == null || maxMessages == 0 ? null : maxMessages,
                maxAgeDays == null || maxAgeDays == 0 ? null : Duration.ofDays(maxAgeDays));
    }

    public boolean keepsAll() {
        return maxMessages == null && maxAge == null;
    }

    /** In words, for logs and the command line: "the newest 100 messages, 90 days". */
    public String describe() {
        if (keepsAll()) {
            return "everything";
        }
        String count = maxMessages == null ? null : "the newest " + maxMessages + " messages";
        String age = maxAge == null ? null : days(maxAge) + " days";
        return count == null ? age : age == null ? count : count + ", at most " + age + " old";
    }

    private static String days(Duration d) {
        return d.toHours() % 24 == 0 ? Long.toString(d.toDays()) : String.format(java.util.Locale.ROOT, "%.2f",
                d.toMinutes() / 1440.0);
    }
}
