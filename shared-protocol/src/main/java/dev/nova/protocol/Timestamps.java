package dev.nova.protocol;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.regex.Pattern;

/**
 * Envelope timestamps. Servers always write ISO-8601 UTC with milliseconds
 * ({@code 2025-01-20T12:34:56.789Z}). Clients may send any ISO-8601 date-time with seconds, an
 * optional fraction and an optional offset ({@code Z}, {@code +02:00}); one without an offset,
 * as Python's {@code datetime.isoformat()} writes it, is read as UTC.
 */
public final class Timestamps {
    public static final String RULE = "must be an ISO-8601 date-time such as 2025-01-20T12:34:56.789Z";

    /** The accepted shape; the JSON Schema's {@code timestamp} pattern is the same expression. */
    public static final String PATTERN = "^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])"
            + "T([01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9](\\.[0-9]{1,9})?(Z|[+-]([01][0-9]|2[0-3]):[0-5][0-9])?$";
    private static final Pattern SHAPE = Pattern.compile(PATTERN);

    private Timestamps() {}

    /** Parses a timestamp, or throws an {@link ErrorCode#INVALID_MESSAGE} for {@code field}. */
    public static Instant parse(String field, String text) {
        Instant fast = parseCanonical(text);
        if (fast != null) {
            return fast;
        }
        if (text.length() > 40 || !SHAPE.matcher(text).matches()) {
            throw Check.invalid(field, RULE);
        }
        try {
            // The date's own '-' signs end at index 7, so a later sign or a Z is an offset.
            boolean hasOffset = text.endsWith("Z") || text.lastIndexOf('+') > 18 || text.lastIndexOf('-') > 18;
            return hasOffset
                    ? OffsetDateTime.parse(text, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant()
                    : LocalDateTime.parse(text, DateTimeFormatter.ISO_LOCAL_DATE_TIME).toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException e) {
            throw Check.invalid(field, RULE);
        }
    }

    /** Checks an optional timestamp field and returns it unchanged. */
    public static String checkOptional(String field, String text) {
        if (text != null) {
            parse(field, text);
        }
        return text;
    }

    /** The canonical server form: UTC, milliseconds, {@code Z}. */
    public static String format(Instant instant) {
        LocalDateTime t = LocalDateTime.ofEpochSecond(instant.getEpochSecond(), 0, ZoneOffset.UTC);
        int year = t.getYear();
        if (year < 0 || year > 9999) {
            return DateTimeFormatter.ISO_INSTANT.format(instant);
        }
        char[] c = new char[24];
        digits(c, 0, year, 4);
        c[4] = '-';
        digits(c, 5, t.getMonthValue(), 2);
        c[7] = '-';
        digits(c, 8, t.getDayOfMonth(), 2);
        c[10] = 'T';
        digits(c, 11, t.getHour(), 2);
        c[13] = ':';
        digits(c, 14, t.getMinute(), 2);
        c[16] = ':';
        digits(c, 17, t.getSecond(), 2);
        c[19] = '.';
        digits(c, 20, instant.getNano() / 1_000_000, 3);
        c[23] = 'Z';
        return new String(c);
    }

    /** The fast path for exactly {@code yyyy-MM-ddTHH:mm:ss.SSSZ}; null for any other shape. */
    private static Instant parseCanonical(String s) {
        if (s.length() != 24 || s.charAt(4) != '-' || s.charAt(7) != '-' || s.charAt(10) != 'T'
                || s.charAt(13) != ':' || s.charAt(16) != ':' || s.charAt(19) != '.' || s.charAt(23) != 'Z') {
            return null;
        }
        int year = num(s, 0, 4);
        int month = num(s, 5, 2);
        int day = num(s, 8, 2);
        int hour = num(s, 11, 2);
        int minute = num(s, 14, 2);
        int second = num(s, 17, 2);
        int millis = num(s, 20, 3);
        if ((year | month | day | hour | minute | second | millis) < 0) {
            return null;
        }
        try {
            LocalDateTime t = LocalDateTime.of(year, month, day, hour, minute, second, millis * 1_000_000);
            return t.toInstant(ZoneOffset.UTC);
        } catch (DateTimeException e) {
            return null; // the slow path reports it
        }
    }

    private static int num(String s, int from, int len) {
        int v = 0;
        for (int i = from; i < from + len; i++) {
            char ch = s.charAt(i);
            if (ch < '0' || ch > '9') {
                return -1;
            }
            v = v * 10 + (ch - '0');
        }
        return v;
    }

    private static void digits(char[] c, int at, int value, int len) {
        for (int i = at + len - 1; i >= at; i--) {
            c[i] = (char) ('0' + value % 10);
            value /= 10;
        }
    }
}
