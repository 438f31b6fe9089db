package dev.nova.server.llm;

import java.util.List;

/**
 * One message of the conversation sent to the model: role {@code system}, {@code user},
 * {@code assistant}, or {@code tool}. An assistant turn may carry the tool calls the model asked
 * for ({@code toolCalls}); a tool turn answers one of them ({@code toolCallId}).
 */
public record ChatTurn(String role, String content, List<ModelToolCall> toolCalls, String toolCallId) {
    public ChatTurn {
        toolCalls = toolCalls == null ? List.of() : List.copyOf(toolCalls);
    }

    public ChatTurn(String role, String content) {
        this(role, content, List.of(), null);
    }

    public static ChatTurn system(String content) {
        return new ChatTurn("system", content);
    }

    public static ChatTurn user(String content) {
        return new ChatTurn("user", content);
    }

    public static ChatTurn assistant(String content) {
        return new ChatTurn("assistant", content);
    }

    /** The model's turn that asked for tools (with whatever it wrote before asking). */
    public static ChatTurn calls(String content, List<ModelToolCall> calls) {
        return new ChatTurn("assistant", content, calls, null);
    }

    /** What one tool call gave, for the model. */
    public static ChatTurn toolResult(String callId, String content) {
        return new ChatTurn("tool", content, List.of(), callId);
    }
}
