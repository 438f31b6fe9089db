package dev.nova.server.llm;

import dev.nova.protocol.ServerMessage;
import dev.nova.server.ws.Client;
import java.util.function.Consumer;

/**
 * Forwards one streamed answer to one connection: each piece as an {@code llm_chunk} as soon as
 * it arrives, then exactly one final chunk ({@code is_final: true}, {@code finish_reason},
 * {@code stats}), preceded by an {@code error} when the answer failed.
 */
public final class Relay implements StreamEvents {
    private final Client connection;
    private final String channel;
    private final String requestId;
    private final String taskId;
    private final String agentId;
    private final StringBuilder transcript = new StringBuilder();
    private final Consumer<Ended> after;
    /** How the thread fitted the model's context, or null. */
    private final ContextFit.ContextUse context;
    private final java.util.function.Supplier<java.util.List<dev.nova.protocol.ToolUse>> uses;

    /**
     * The end of a relayed answer: how it ended, the whole text that was sent, and the tools the
     * model called on the way (none for most answers).
     */
    public record Ended(Outcome outcome, String text, java.util.List<dev.nova.protocol.ToolUse> toolCalls) {
        public Ended {
            toolCalls = toolCalls == null ? java.util.List.of() : java.util.List.copyOf(toolCalls);
        }

        public Ended(Outcome outcome, String text) {
            this(outcome, text, java.util.List.of());
        }
    }

    Relay(Client connection, String channel, String requestId, String taskId, String agentId,
          ContextFit.ContextUse context, Consumer<Ended> after) {
        this(connection, channel, requestId, taskId, agentId, context, after, java.util.List::of);
    }

    /** A relayed answer that calls tools: {@code uses} tells, at its end, the calls it made. */
    Relay(Client connection, String channel, String requestId, String taskId, String agentId,
          ContextFit.ContextUse context, Consumer<Ended> after,
          java.util.function.Supplier<java.util.List<dev.nova.protocol.ToolUse>> uses) {
        this.uses = uses;
        this.context = context;
        this.connection = connection;
        this.channel = channel;
        this.requestId = requestId;
        this.taskId = taskId;
        this.agentId = agentId;
        this.after = after;
    }

    @Override
    public void onDelta(String content, String reasoning) {
        transcript.append(content);
        connection.sendChunk(channel, requestId, taskId, agentId, content, reasoning);
    }

    @Override
    public void onEnd(Outcome ended) {
        Outcome outcome = end(connection, channel, requestId, taskId, agentId, context, ended);
        after.accept(new Ended(outcome, transcript.toString(), uses.get()));
    }

    /**
     * Ends a streamed answer for its client: the stream is over, an {@code error} when it failed,
     * then the final chunk with how it ended and its figures ({@code context}: how the thread
     * fitted, or null). Returns the outcome as told.
     */
    static Outcome end(Client to, String channel, String requestId, String taskId, String agentId,
                       ContextFit.ContextUse context, Outcome ended) {
        Outcome outcome = context == null ? ended : new Outcome(ended.finishReason(), context.on(ended.stats()),
                ended.model(), ended.errorCode(), ended.error());
        to.endStream(requestId);
        if (outcome.failed()) {
            to.send(channel, new ServerMessage.Error(outcome.errorCode(), outcome.error(), "llm_request", requestId));
        }
        to.send(channel, new ServerMessage.LlmChunk("", true, requestId, null, outcome.finishReason(),
                outcome.stats(), outcome.model(), taskId, agentId));
        return outcome;
    }
}
