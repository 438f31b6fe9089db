package dev.nova.server.testing;

/** Client frames as a third-party client would write them: plain JSON text. */
public final class Frames {
    private Frames() {}

    public static String auth(String key) {
        return "{\"type\":\"auth\",\"data\":{\"api_key\":\"" + key + "\"}}";
    }

    public static String subscribe(String channel) {
        return "{\"type\":\"subscribe\",\"data\":{\"channel\":\"" + channel + "\"}}";
    }

    public static String subscribeSince(String channel, long offset, String epoch) {
        return "{\"type\":\"subscribe\",\"data\":{\"channel\":\"" + channel + "\",\"since\":{\"offset\":" + offset
                + ",\"epoch\":\"" + epoch + "\"}}}";
    }

    public static String chat(String channel, String content) {
        return "{\"type\":\"chat_message\",\"channel\":\"" + channel + "\",\"data\":{\"content\":\"" + content + "\"}}";
    }

    public static String chat(String channel, String content, String messageId) {
        return "{\"type\":\"chat_message\",\"channel\":\"" + channel + "\",\"data\":{\"content\":\"" + content
                + "\",\"message_id\":\"" + messageId + "\"}}";
    }

    public static String history(String channel, Long before, int limit) {
        return "{\"type\":\"history\",\"channel\":\"" + channel + "\",\"data\":{"
                + (before == null ? "" : "\"before\":" + before + ",") + "\"limit\":" + limit + "}}";
    }

    public static String ping() {
        return "{\"type\":\"ping\",\"data\":{}}";
    }
}
