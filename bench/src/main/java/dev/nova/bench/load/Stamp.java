package dev.nova.bench.load;

/**
 * A message's content is {@code T<nanos> xxxx...}: the {@link System#nanoTime()} at which it was
 * due to be sent (not when it was sent, so a late publisher does not hide its own delay), padded
 * to the message size. Every process on one Linux machine reads the same monotonic clock.
 */
final class Stamp {
    private static final String MARK = "\"content\":\"T";

    private Stamp() {}

    static String content(long dueNanos, int size) {
        StringBuilder b = new StringBuilder(size).append('T').append(dueNanos).append(' ');
        while (b.length() < size) {
            b.append('x');
        }
        return b.toString();
    }

    /** The stamp in a delivered frame, or -1 when the frame carries none. */
    static long read(String frame) {
        int at = frame.indexOf(MARK);
        if (at < 0) {
            return -1;
        }
        long v = 0;
        int i = at + MARK.length();
        int digits = 0;
        while (i < frame.length()) {
            char c = frame.charAt(i++);
            if (c < '0' || c > '9') {
                break;
            }
            v = v * 10 + (c - '0');
            digits++;
        }
        return digits == 0 ? -1 : v;
    }
}
