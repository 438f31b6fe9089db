package dev.nova.server.sqlite;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.nova.protocol.AgentWork;
import dev.nova.protocol.FinishReason;
import dev.nova.protocol.Stats;
import dev.nova.protocol.ToolUse;
import dev.nova.server.store.HistoryStore.Answer;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/** The {@code extra} column: an assistant answer's model, finish reason, figures, question, error and the agents' work, as JSON. */
final class AnswerJson {
    private static final ObjectMapper JSON = new ObjectMapper();

    private AnswerJson() {}

    static String write(Answer a) {
        if (a == null) {
            return null;
        }
        ObjectNode n = JSON.createObjectNode();
        n.put("model", a.model());
        n.put("finish_reason", a.finishReason().wire());
        if (a.stats() != null) {
            ObjectNode s = n.putObject("stats");
            s.put("tokens", a.stats().tokens());
            s.put("ttft_ms", a.stats().ttftMs());
            s.put("tokens_per_s", a.stats().tokensPerS());
            if (a.stats().contextTokens() != null) {
                s.put("prompt_tokens", a.stats().promptTokens());
                s.put("context_tokens", a.stats().contextTokens());
                s.put("left_out", a.stats().leftOut());
            }
        }
        if (a.replyTo() != null) {
            n.put("reply_to", a.replyTo());
        }
        if (a.error() != null) {
            n.put("error", a.error());
        }
        if (!a.work().isEmpty()) {
            n.set("work", JSON.valueToTree(a.work()));
        }
        if (!a.toolCalls().isEmpty()) {
            n.set("tool_calls", JSON.valueToTree(a.toolCalls()));
        }
        return n.toString();
    }

    static Answer read(String json) {
        if (json == null) {
            return null;
        }
        try {
            JsonNode n = JSON.readTree(json);
            JsonNode s = n.path("stats");
            Stats stats = s.isObject() ? new Stats(s.path("tokens").asLong(),
                    s.path("ttft_ms").isNumber() ? s.get("ttft_ms").asLong() : null,
                    s.path("tokens_per_s").isNumber() ? s.get("tokens_per_s").asDouble() : null,
                    number(s, "prompt_tokens"), number(s, "context_tokens"), number(s, "left_out")) : null;
            return new Answer(n.path("model").isTextual() ? n.get("model").asText() : null,
                    FinishReason.fromWire(n.path("finish_reason").asText("stop")), stats, text(n, "reply_to"),
                    text(n, "error"), work(n.path("work")), list(n.path("tool_calls"), ToolUse.class));
        } catch (IOException | RuntimeException e) {
            return null; // an unreadable extra never hides the message itself
        }
    }

    /** The agents' work; a piece that cannot be read is left out, never the answer with it. */
    private static List<AgentWork> work(JsonNode array) {
        return list(array, AgentWork.class);
    }

    /** A list of values; one that cannot be read is left out, never the answer with it. */
    private static <T> List<T> list(JsonNode array, Class<T> type) {
        List<T> out = new ArrayList<>();
        for (JsonNode w : array) {
            try {
                out.add(JSON.treeToValue(w, type));
            } catch (IOException | RuntimeException e) {
                // skipped: see above
            }
        }
        return out;
    }

    private static Long number(JsonNode n, String field) {
        return n.path(field).isNumber() ? n.get(field).asLong() : null;
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v != null && v.isTextual() && !v.asText().isBlank() ? v.asText() : null;
    }
}
