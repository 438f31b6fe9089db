package dev.nova.protocol;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * What a streamed answer cost: completion tokens, time to first token and tokens per second,
 * as measured by the server (LM Studio's {@code /v1} API reports none of the timings).
 */
public record Stats(
        @JsonProperty("tokens") Long tokens,
        @JsonProperty("ttft_ms") Long ttftMs,
        @JsonProperty("tokens_per_s") Double tokensPerS) {
    public Stats {
        Check.atLeast("tokens", tokens, 0);
        Check.optionalAtLeast("ttft_ms", ttftMs, 0);
        Check.optionalNonNegative("tokens_per_s", tokensPerS);
    }
}
