package dev.nova.desktop.chat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.UncheckedIOException;
import java.util.List;

/** A conversation as a Markdown document or as JSON, for the Export actions. */
public final class ThreadExport {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private ThreadExport() {}

    /** A file name for the export of a conversation titled {@code title}: "release-notes-0.2.md". */
    public static String fileName(String title, String extension) {
        String base = title == null ? "" : title.toLowerCase(java.util.Locale.ROOT).replaceAll("[^\\p{L}\\p{N}]+", "-")
                .replaceAll("^-+|-+$", "");
        if (base.length() > 60) {
            base = base.substring(0, 60).replaceAll("-+$", "");
        }
        return (base.isEmpty() ? "conversation" : base) + "." + extension;
    }

    public static String markdown(String title, List<MessageItem> messages) {
        StringBuilder out = new StringBuilder("# ").append(title).append("\n\n");
        for (MessageItem m : messages) {
            out.append("**").append(m.displayName()).append("**");
            String figures = m.figures();
            if (!figures.isEmpty()) {
                out.append(" _(").append(figures).append(")_");
            }
            out.append("\n\n").append(m.text().get().strip()).append("\n\n");
            String ending = ending(m);
            if (ending != null) {
                out.append("_(").append(ending).append(")_\n\n");
            }
            out.append("---\n\n");
        }
        return out.toString();
    }

    /** How an answer ended, in words, when it did not simply finish: "Failed: LM Studio is not reachable ...". */
    static String ending(MessageItem m) {
        dev.nova.protocol.FinishReason f = m.finish().get();
        if (f == null || f == dev.nova.protocol.FinishReason.STOP) {
            return null;
        }
        String words = switch (f) {
            case ERROR -> "Failed";
            case CANCELLED -> "Stopped";
            case LENGTH -> "Cut at the length limit";
            default -> f.wire();
        };
        return m.error().get() == null ? words : words + ": " + m.error().get();
    }

    public static String json(String title, List<MessageItem> messages) {
        ObjectNode root = JSON.createObjectNode();
        root.put("title", title);
        ArrayNode list = root.putArray("messages");
        for (MessageItem m : messages) {
            ObjectNode n = list.addObject();
            n.put("sender", m.sender());
            n.put("from_assistant", m.fromAssistant());
            n.put("content", m.text().get());
            if (m.messageId() != null) {
                n.put("message_id", m.messageId());
                n.put("offset", m.offset());
            }
            if (m.finish().get() != null) {
                n.put("finish_reason", m.finish().get().wire());
            }
            if (m.error().get() != null) {
                n.put("error", m.error().get());
            }
            if (m.model().get() != null) {
                n.put("model", m.model().get());
            }
            if (m.stats().get() != null) {
                n.putPOJO("stats", JSON.valueToTree(m.stats().get()));
            }
            if (!m.thinking().get().isEmpty()) {
                n.put("reasoning", m.thinking().get());
            }
        }
        try {
            return JSON.writeValueAsString(root);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
