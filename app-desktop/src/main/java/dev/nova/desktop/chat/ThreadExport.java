package dev.nova.desktop.chat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.UncheckedIOException;
import dev.nova.protocol.ServerMessage.ChatMessage;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** A conversation as a Markdown document or as JSON, for the Export actions. */
public final class ThreadExport {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
            .setSerializationInclusion(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL);

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
        return markdown(title, messages, List.of());
    }

    /**
     * The conversation on screen as Markdown; where a question was edited and asked again, its
     * other versions (from {@code stored}) with their answers come folded before it.
     */
    public static String markdown(String title, List<MessageItem> messages, List<ChatMessage> stored) {
        Map<String, ChatMessage> byId = new HashMap<>();
        stored.forEach(c -> byId.put(c.messageId(), c));
        StringBuilder out = new StringBuilder("# ").append(title).append("\n\n");
        for (MessageItem m : messages) {
            otherVersions(out, m, byId, stored);
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
            if (!m.work().get().isEmpty()) {
                out.append("<details>\n<summary>").append(workSummary(m.work().get())).append("</summary>\n\n");
                for (dev.nova.protocol.AgentWork w : m.work().get()) {
                    out.append("**").append(workHeading(w)).append("**\n\n");
                    if (!w.content().isBlank()) {
                        out.append(workText(w)).append("\n\n");
                    }
                }
                out.append("</details>\n\n");
            }
            out.append("---\n\n");
        }
        return out.toString();
    }

    /** The versions of question {@code m} not on screen, each with the last answer to it, folded. */
    private static void otherVersions(StringBuilder out, MessageItem m, Map<String, ChatMessage> byId,
                                      List<ChatMessage> stored) {
        List<String> versions = m.versions();
        if (m.versionRoot() == null || versions.size() < 2) {
            return;
        }
        for (int i = 0; i < versions.size(); i++) {
            ChatMessage q = byId.get(versions.get(i));
            if (q == null || q.messageId().equals(m.messageId())) {
                continue;
            }
            out.append("<details>\n<summary>Version ").append(i + 1).append(" of ").append(versions.size())
                    .append(" of this question</summary>\n\n**").append(q.sender()).append("**\n\n")
                    .append(q.content().strip()).append("\n\n");
            ChatMessage a = answerTo(q.messageId(), stored);
            if (a != null) {
                out.append("**").append(MessageItem.capitalized(a.sender(), "Assistant")).append("**\n\n")
                        .append(a.content().strip()).append("\n\n");
            }
            out.append("</details>\n\n");
        }
    }

    /** The answer that counts for question {@code id}: the last stored with {@code reply_to} set to it. */
    private static ChatMessage answerTo(String id, List<ChatMessage> stored) {
        ChatMessage last = null;
        for (ChatMessage c : stored) {
            if (id.equals(c.replyTo())) {
                last = c;
            }
        }
        return last;
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

    /** "The agents' work: plan and 2 steps", the folded section's title. */
    static String workSummary(List<dev.nova.protocol.AgentWork> work) {
        long plans = work.stream().filter(w -> "coordinator".equals(w.agentId())).count();
        long steps = work.size() - plans;
        return "The agents' work: " + (plans == 0 ? "" : plans == 1 ? "plan and " : plans + " plans and ")
                + steps + (steps == 1 ? " step" : " steps");
    }

    /**
     * What an agent wrote, as Markdown: the coordinator's plan (JSON) as a numbered list of its
     * steps, or in a code block when it does not read (cut short); the others' text as it is.
     */
    static String workText(dev.nova.protocol.AgentWork w) {
        if (!"coordinator".equals(w.agentId())) {
            return w.content().strip();
        }
        String text = w.content().strip();
        int start = text.indexOf('{');
        int end = text.lastIndexOf('}');
        try {
            com.fasterxml.jackson.databind.JsonNode steps = start < 0 || end < start ? null
                    : JSON.readTree(text.substring(start, end + 1)).path("steps");
            if (steps != null && steps.isArray() && !steps.isEmpty()) {
                StringBuilder out = new StringBuilder();
                int n = 0;
                for (com.fasterxml.jackson.databind.JsonNode step : steps) {
                    String title = step.path("title").asText("").strip();
                    String content = step.path("content").asText("").strip();
                    String type = step.path("type").asText("").strip();
                    out.append(++n).append(". ").append(title.isEmpty() ? "" : "**" + title + "**")
                            .append(type.isEmpty() ? "" : " (" + type + ")")
                            .append(content.isEmpty() || content.equals(title) ? "" : ": " + content).append('\n');
                }
                return out.toString().strip();
            }
        } catch (java.io.IOException | RuntimeException e) {
            // not a whole plan: shown as it came
        }
        return text.isEmpty() ? "" : "```\n" + text + "\n```";
    }

    /** "Researcher · Look it up", and how it ended when it did not simply finish. */
    static String workHeading(dev.nova.protocol.AgentWork w) {
        String who = MessageItem.capitalized(w.agentId(), "Agent");
        String heading = w.title() == null ? who : who + " \u00b7 " + w.title();
        String ending = switch (w.finishReason() == null ? dev.nova.protocol.FinishReason.STOP : w.finishReason()) {
            case ERROR -> "failed";
            case CANCELLED -> "cancelled";
            case LENGTH -> "cut at the length limit";
            default -> null;
        };
        if (ending == null) {
            return heading;
        }
        return heading + " (" + ending + (w.error() != null ? ": " + w.error() : "") + ")";
    }

    public static String json(String title, List<MessageItem> messages) {
        return json(title, messages, List.of());
    }

    /**
     * The conversation on screen as JSON ({@code messages}), and every stored message not on it
     * ({@code other_versions}: the other versions of edited questions and what followed them),
     * each with {@code edit_of} and {@code reply_to} to put the branches back together.
     */
    public static String json(String title, List<MessageItem> messages, List<ChatMessage> stored) {
        Map<String, ChatMessage> byId = new HashMap<>();
        stored.forEach(c -> byId.put(c.messageId(), c));
        ObjectNode root = JSON.createObjectNode();
        root.put("title", title);
        ArrayNode list = root.putArray("messages");
        java.util.Set<String> shown = new java.util.HashSet<>();
        for (MessageItem m : messages) {
            ObjectNode n = list.addObject();
            n.put("sender", m.sender());
            n.put("from_assistant", m.fromAssistant());
            n.put("content", m.text().get());
            if (m.messageId() != null) {
                shown.add(m.messageId());
                n.put("message_id", m.messageId());
                n.put("offset", m.offset());
                ChatMessage kept = byId.get(m.messageId());
                if (kept != null && kept.editOf() != null) {
                    n.put("edit_of", kept.editOf());
                }
            }
            if (m.replyTo() != null) {
                n.put("reply_to", m.replyTo());
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
            if (!m.work().get().isEmpty()) {
                n.set("work", JSON.valueToTree(m.work().get()));
            }
            if (!m.toolCalls().get().isEmpty()) {
                n.set("tool_calls", JSON.valueToTree(m.toolCalls().get()));
            }
        }
        ArrayNode others = root.putArray("other_versions");
        for (ChatMessage c : stored) {
            if (!shown.contains(c.messageId())) {
                ObjectNode n = JSON.valueToTree(c);
                n.remove("thread_id"); // the document is one thread
                others.add(n);
            }
        }
        try {
            return JSON.writeValueAsString(root);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
