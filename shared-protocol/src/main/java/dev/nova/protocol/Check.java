package dev.nova.protocol;

import java.util.Map;

/**
 * Field checks used by the message records' constructors, so that no message that breaks the
 * protocol can exist, whether it was decoded from a frame or built by a server.
 * Each failure is an {@link ErrorCode#INVALID_MESSAGE} naming the field.
 */
public final class Check {
    /** Longest channel name, client id or other identifier. */
    public static final int MAX_NAME_LENGTH = 128;
    public static final String NAME_RULE = "must be a string of 1-128 [A-Za-z0-9_.:-]";

    private Check() {}

    /** True for 1-128 characters of {@code [A-Za-z0-9_.:-]}: channel names, ids, client ids. */
    public static boolean isName(String s) {
        if (s == null || s.isEmpty() || s.length() > MAX_NAME_LENGTH) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '_' || c == '.' || c == ':' || c == '-';
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    public static String name(String field, String value) {
        if (!isName(value)) {
            throw invalid(field, value == null ? "required, " + NAME_RULE : NAME_RULE);
        }
        return value;
    }

    public static String optionalName(String field, String value) {
        return value == null ? null : name(field, value);
    }

    public static String text(String field, String value) {
        if (value == null) {
            throw invalid(field, "required string");
        }
        return value;
    }

    public static String nonEmptyText(String field, String value) {
        if (value == null || value.isEmpty()) {
            throw invalid(field, "must be a non-empty string");
        }
        return value;
    }

    public static String optionalNonEmptyText(String field, String value) {
        return value == null ? null : nonEmptyText(field, value);
    }

    /** Non-empty text of at most {@code max} characters (titles, search queries). */
    public static String shortText(String field, String value, int max) {
        nonEmptyText(field, value);
        if (value.length() > max) {
            throw invalid(field, "must be at most " + max + " characters");
        }
        return value;
    }

    public static String optionalShortText(String field, String value, int max) {
        return value == null ? null : shortText(field, value, max);
    }

    public static <T> T required(String field, T value) {
        if (value == null) {
            throw invalid(field, "required");
        }
        return value;
    }

    public static Long atLeast(String field, Long value, long min) {
        if (value == null) {
            throw invalid(field, "required integer >= " + min);
        }
        if (value < min) {
            throw invalid(field, "must be an integer >= " + min);
        }
        return value;
    }

    public static Long optionalAtLeast(String field, Long value, long min) {
        return value == null ? null : atLeast(field, value, min);
    }

    public static Integer between(String field, Integer value, int min, int max) {
        if (value != null && (value < min || value > max)) {
            throw invalid(field, "must be an integer from " + min + " to " + max);
        }
        return value;
    }

    public static Double optionalNonNegative(String field, Double value) {
        if (value != null && !(value >= 0 && Double.isFinite(value))) {
            throw invalid(field, "must be a finite number >= 0");
        }
        return value;
    }

    /** An immutable copy of a free-form JSON object, or an empty one when absent. */
    public static Map<String, Object> object(Map<String, Object> value) {
        return value == null ? Map.of() : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(value));
    }

    public static ProtocolException invalid(String field, String problem) {
        return new ProtocolException(ErrorCode.INVALID_MESSAGE, field, problem);
    }

    /** The figures a thread and a channel both carry in the sidebar's list. */
    static void conversationFigures(Integer messages, Integer unread, Long lastOffset, String lastAt) {
        required("messages", messages);
        between("messages", messages, 0, Integer.MAX_VALUE);
        required("unread", unread);
        between("unread", unread, 0, Integer.MAX_VALUE);
        atLeast("last_offset", lastOffset, 0);
        Timestamps.checkOptional("last_at", lastAt);
    }
}
