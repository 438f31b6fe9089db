package dev.nova.protocol;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * One call of an MCP tool made while answering: which tool of which server, with what arguments,
 * and how it went. Sent live as it changes ({@code tool_call}) and kept with the stored answer
 * ({@code chat_message.tool_calls}), so a reopened thread shows what the model did.
 *
 * @param callId     the call's id (the model's own, unique within the answer)
 * @param server     the MCP server, as named in {@code mcp.json}
 * @param tool       the tool's name on that server
 * @param arguments  the arguments the model gave, as JSON text
 * @param status     where the call is: pending_approval, running, succeeded, failed, denied
 * @param durationMs how long it ran, once it ended
 * @param result     what it returned (the start of it, when it was long), once it succeeded
 * @param error      why it failed or was denied
 */
public record ToolUse(
        @JsonProperty("call_id") String callId,
        @JsonProperty("server") String server,
        @JsonProperty("tool") String tool,
        @JsonProperty("arguments") String arguments,
        @JsonProperty("status") ToolCallStatus status,
        @JsonProperty("duration_ms") Long durationMs,
        @JsonProperty("result") String result,
        @JsonProperty("error") String error) {
    /** The most of a tool's arguments and result kept and shown. */
    public static final int MAX_TEXT = 16_000;
    public static final int MAX_TOOL = 200;

    public ToolUse {
        Check.name("call_id", callId);
        Check.name("server", server);
        Check.shortText("tool", tool, MAX_TOOL);
        Check.text("arguments", arguments);
        if (arguments.length() > MAX_TEXT) {
            throw Check.invalid("arguments", "must be at most " + MAX_TEXT + " characters");
        }
        Check.required("status", status);
        Check.optionalAtLeast("duration_ms", durationMs, 0);
        if (result != null && result.length() > MAX_TEXT) {
            throw Check.invalid("result", "must be at most " + MAX_TEXT + " characters");
        }
        Check.optionalNonEmptyText("error", error);
    }

    /** This call, now at {@code next}. */
    public ToolUse with(ToolCallStatus next, Long durationMs, String result, String error) {
        return new ToolUse(callId, server, tool, arguments, next, durationMs, result, error);
    }

    /** {@code calls} with {@code call} as it is now: in the place of the same call, else added at the end. */
    public static java.util.List<ToolUse> merged(java.util.List<ToolUse> calls, ToolUse call) {
        java.util.List<ToolUse> out = new java.util.ArrayList<>(calls);
        for (int i = 0; i < out.size(); i++) {
            if (out.get(i).callId().equals(call.callId())) {
                out.set(i, call);
                return java.util.List.copyOf(out);
            }
        }
        out.add(call);
        return java.util.List.copyOf(out);
    }
}
