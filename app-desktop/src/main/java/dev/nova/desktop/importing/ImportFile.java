package dev.nova.desktop.importing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.nova.protocol.Check;
import dev.nova.protocol.ClientMessage.ThreadImport;
import dev.nova.protocol.ClientMessage.ThreadImport.Imported;
import dev.nova.protocol.ThreadTitles;
import dev.nova.protocol.Timestamps;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * Reads conversations to import: a ChatGPT data export's {@code conversations.json} (each
 * conversation's messages along the branch that was shown last, from its {@code current_node} up)
 * or a thread exported from Nova as JSON. Thread and message ids are derived from the file, so
 * importing the same file twice stores nothing twice.
 */
public final class ImportFile {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Longer messages are cut: a frame holds at most 64 KiB, and one message goes in one frame. */
    public static final int MAX_ENCODED_BYTES = 50_000;
    private static final String CUT = "\n\n[cut at import: the message was longer than one frame holds]";
    /** What a frame may hold of messages' text, encoded, beside its other fields. */
    private static final int FRAME_BUDGET = 56 * 1024;

    /** One conversation to import, and how many of its messages had to be cut. */
    public record Conversation(String threadId, String title, List<Imported> messages, int cut) {}

    private ImportFile() {}

    /**
     * The conversations in {@code json}.
     *
     * @throws IllegalArgumentException when it is neither format, saying so
     */
    public static List<Conversation> read(String json) {
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalArgumentException("This file is not JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new IllegalArgumentException("This file could not be read: " + e.getMessage());
        }
        if (root != null && root.isArray()) {
            List<Conversation> all = new ArrayList<>();
            for (JsonNode c : root) {
                if (!c.has("mapping")) {
                    throw new IllegalArgumentException("This is not a ChatGPT export: a conversation has no \"mapping\"");
                }
                Conversation one = chatGpt(c);
                if (!one.messages().isEmpty()) {
                    all.add(one);
                }
            }
            return all;
        }
        if (root != null && root.isObject() && root.has("mapping")) {
            Conversation one = chatGpt(root);
            return one.messages().isEmpty() ? List.of() : List.of(one);
        }
        if (root != null && root.isObject() && root.path("messages").isArray()) {
            Conversation one = nova(root);
            return one.messages().isEmpty() ? List.of() : List.of(one);
        }
        throw new IllegalArgumentException(
                "This is neither a ChatGPT export (conversations.json) nor a conversation exported from Nova as JSON");
    }

    private static Conversation chatGpt(JsonNode c) {
        String source = c.path("conversation_id").asText(c.path("id").asText(""));
        if (source.isEmpty()) {
            source = c.path("title").asText("") + "|" + c.path("create_time").asText("");
        }
        String thread = "imp-" + shortHash(source);
        JsonNode mapping = c.path("mapping");
        // the branch shown last: from the current node up to the root
        List<JsonNode> path = new ArrayList<>();
        String node = c.path("current_node").asText(null);
        java.util.Set<String> seen = new java.util.HashSet<>();
        while (node != null && mapping.has(node) && seen.add(node)) {
            JsonNode n = mapping.path(node);
            path.add(0, n);
            node = n.path("parent").isTextual() ? n.path("parent").asText() : null;
        }
        List<Imported> messages = new ArrayList<>();
        int cut = 0;
        for (JsonNode n : path) {
            JsonNode m = n.path("message");
            String role = m.path("author").path("role").asText("");
            if (!role.equals("user") && !role.equals("assistant")
                    || m.path("metadata").path("is_visually_hidden_from_conversation").asBoolean(false)) {
                continue;
            }
            StringBuilder text = new StringBuilder();
            for (JsonNode part : m.path("content").path("parts")) {
                if (part.isTextual() && !part.asText().isBlank()) {
                    text.append(text.length() == 0 ? "" : "\n\n").append(part.asText());
                }
            }
            if (text.length() == 0) {
                continue; // images, tool calls, empty placeholders
            }
            String content = fitted(text.toString());
            if (content.length() != text.length()) {
                cut++;
            }
            String id = m.path("id").asText(n.path("id").asText(thread + "-" + messages.size()));
            String model = m.path("metadata").path("model_slug").asText(null);
            messages.add(new Imported(role, content, "imp-" + shortHash(thread + "|" + id), seconds(m.path("create_time")),
                    role.equals("assistant") && model != null && !model.isBlank() ? model : null));
        }
        String title = c.path("title").asText("").strip();
        return new Conversation(thread, title(title, messages), messages, cut);
    }

    private static Conversation nova(JsonNode root) {
        String title = root.path("title").asText("").strip();
        List<Imported> messages = new ArrayList<>();
        StringBuilder identity = new StringBuilder(title);
        for (JsonNode m : root.path("messages")) {
            identity.append('|').append(m.path("message_id").asText(m.path("content").asText("")));
        }
        String thread = "imp-" + shortHash(identity.toString());
        int cut = 0;
        int n = 0;
        for (JsonNode m : root.path("messages")) {
            n++;
            String whole = m.path("content").asText("");
            if (whole.isBlank()) {
                continue; // an answer that failed before it wrote anything
            }
            String content = fitted(whole);
            if (content.length() != whole.length()) {
                cut++;
            }
            boolean assistant = m.path("from_assistant").asBoolean(false);
            String id = m.path("message_id").asText("#" + n);
            String model = m.path("model").asText(null);
            messages.add(new Imported(assistant ? "assistant" : "user", content, "imp-" + shortHash(thread + "|" + id),
                    null, assistant && model != null && !model.isBlank() ? model : null));
        }
        return new Conversation(thread, title(title, messages), messages, cut);
    }

    /** {@code text}, or its start with a note that it was cut, so that it fits in one frame encoded. */
    static String fitted(String text) {
        int size = encodedBytes(text);
        if (size <= MAX_ENCODED_BYTES) {
            return text;
        }
        String cut = text;
        while (encodedBytes(cut + CUT) > MAX_ENCODED_BYTES) {
            int keep = (int) ((long) cut.length() * MAX_ENCODED_BYTES / encodedBytes(cut + CUT) * 9 / 10);
            if (keep > 0 && Character.isLowSurrogate(cut.charAt(keep))) {
                keep--;
            }
            cut = cut.substring(0, keep);
        }
        return cut + CUT;
    }

    /** How many bytes {@code text} takes as a JSON string in UTF-8 (escapes included). */
    static int encodedBytes(String text) {
        try {
            return JSON.writeValueAsBytes(text).length;
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The file's title, or the start of the first message, at most as long as a title may be. */
    private static String title(String given, List<Imported> messages) {
        String t = given.isEmpty() && !messages.isEmpty() ? ThreadTitles.derived(messages.get(0).content()) : given;
        return t.length() > dev.nova.protocol.ClientMessage.ThreadUpdate.MAX_TITLE
                ? t.substring(0, dev.nova.protocol.ClientMessage.ThreadUpdate.MAX_TITLE) : t;
    }

    /** ChatGPT's {@code create_time}: seconds since 1970 with a fraction; null when absent. */
    private static String seconds(JsonNode t) {
        if (!t.isNumber()) {
            return null;
        }
        return Timestamps.format(Instant.ofEpochMilli(Math.round(t.asDouble() * 1000)));
    }

    /** 16 hex characters of SHA-256: an id part that is a valid name and stable for the same input. */
    static String shortHash(String s) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
            String h = HexFormat.of().formatHex(d, 0, 8);
            Check.name("id", "imp-" + h);
            return h;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The frames that import {@code c}: in order, each with at most {@link ThreadImport#MAX_MESSAGES}
     * messages and at most 56 KiB of encoded text (under the 64 KiB a frame may be), the title on the first.
     */
    public static List<ThreadImport> frames(Conversation c) {
        List<ThreadImport> frames = new ArrayList<>();
        List<Imported> batch = new ArrayList<>();
        int bytes = 0;
        for (Imported m : c.messages()) {
            int size = encodedBytes(m.content()) + 200; // with its role, id, time and model
            if (!batch.isEmpty() && (batch.size() == ThreadImport.MAX_MESSAGES || bytes + size > FRAME_BUDGET)) {
                frames.add(new ThreadImport(c.threadId(), frames.isEmpty() ? blankToNull(c.title()) : null, batch));
                batch = new ArrayList<>();
                bytes = 0;
            }
            batch.add(m);
            bytes += size;
        }
        if (!batch.isEmpty()) {
            frames.add(new ThreadImport(c.threadId(), frames.isEmpty() ? blankToNull(c.title()) : null, batch));
        }
        return frames;
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
