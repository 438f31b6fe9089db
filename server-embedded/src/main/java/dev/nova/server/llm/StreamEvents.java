package dev.nova.server.llm;

import dev.nova.protocol.ErrorCode;
import dev.nova.protocol.FinishReason;
import dev.nova.protocol.Stats;

/**
 * What a streamed answer reports, in order: any number of deltas, then exactly one
 * {@link #onEnd}. Called from the HTTP client's threads, never concurrently for one stream.
 */
public interface StreamEvents {

    /** A piece of the answer ({@code content}) or of the model's thinking ({@code reasoning}); either may be empty. */
    void onDelta(String content, String reasoning);

    /** The stream is over: finished, cut, failed or cancelled. */
    void onEnd(Outcome outcome);

    /**
     * How a stream ended. {@code error} and {@code errorCode} are set when {@code finishReason} is
     * {@code error}; {@code model} is the model that actually answered, as the server said;
     * {@code toolCalls} are the tools the model asked for instead of answering (none: it answered).
     */
    record Outcome(FinishReason finishReason, Stats stats, String model, ErrorCode errorCode, String error,
                   java.util.List<ModelToolCall> toolCalls) {
        public Outcome {
            toolCalls = toolCalls == null ? java.util.List.of() : java.util.List.copyOf(toolCalls);
        }

        public Outcome(FinishReason finishReason, Stats stats, String model, ErrorCode errorCode, String error) {
            this(finishReason, stats, model, errorCode, error, java.util.List.of());
        }

        public boolean failed() {
            return errorCode != null;
        }

        /** The model asked for tools and wants their results before it goes on. */
        public boolean wantsTools() {
            return !failed() && finishReason != FinishReason.CANCELLED && !toolCalls.isEmpty();
        }
    }
}
