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
     * {@code error}; {@code model} is the model that actually answered, as the server said.
     */
    record Outcome(FinishReason finishReason, Stats stats, String model, ErrorCode errorCode, String error) {
        public boolean failed() {
            return errorCode != null;
        }
    }
}
