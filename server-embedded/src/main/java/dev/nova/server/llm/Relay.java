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

    /** The end of a relayed answer: how it ended and the whole text that was sent. */
    public record Ended(Outcome outcome, String text) {}

    Relay(Client connection, String channel, String requestId, String taskId, String agentId,
          ContextFit.ContextUse context, Consumer<Ended> after) {
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
        Outcome outcome = context == null ? ended : new Outcome(ended.finishReason(), context.on(ended.stats()),
                ended.model(), ended.errorCode(), ended.error());
        connection.endStream(requestId);
        if (outcome.failed()) {
            connection.send(channel, new ServerMessage.Error(outcome.errorCode(), outcome.error(), "llm_request", requestId));
        }
        connection.send(channel, new ServerMessage.LlmChunk("", true, requestId, null, outcome.finishReason(),
                outcome.stats(), outcome.model(), taskId, agentId));
        after.accept(new Ended(outcome, transcript.toString()));
    }
}
