package dev.nova.protocol;

/**
 * How a thread without a title set by {@code thread_update} is named in {@code threads}: the
 * first line of its first message, shortened. Servers list it so; clients name a thread the same
 * way the moment its first message is echoed.
 */
public final class ThreadTitles {
    /** The title of a thread with neither a set title nor a message. */
    public static final String UNTITLED = "New chat";
    /** Longest derived title, the ellipsis included. */
    public static final int DERIVED_LENGTH = 60;

    private ThreadTitles() {}

    public static String derived(String firstMessage) {
        String line = firstMessage == null ? "" : firstMessage.strip().lines().findFirst().orElse("").strip();
        if (line.isEmpty()) {
            return UNTITLED;
        }
        if (line.length() <= DERIVED_LENGTH) {
            return line;
        }
        int cut = DERIVED_LENGTH - 1;
        if (Character.isHighSurrogate(line.charAt(cut - 1))) {
            cut--;
        }
        return line.substring(0, cut).stripTrailing() + "\u2026";
    }
}
