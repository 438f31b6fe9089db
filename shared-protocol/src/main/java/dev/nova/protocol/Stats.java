package dev.nova.protocol;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * What a streamed answer cost: completion tokens, time to first token and tokens per second,
 * as measured by the server (LM Studio's {@code /v1} API reports none of the timings); and for an
 * answer in a thread, how much of the model's context the thread took ({@code prompt_tokens},
 * an estimate, of {@code context_tokens}) and how many earlier messages were left out to fit.
 */
public record Stats(
        @JsonProperty("tokens") Long tokens,
        @JsonProperty("ttft_ms") Long ttftMs,
        @JsonProperty("tokens_per_s") Double tokensPerS,
        @JsonProperty("prompt_tokens") Long promptTokens,
        @JsonProperty("context_tokens") Long contextTokens,
        @JsonProperty("left_out") Long leftOut) {
    public Stats {
        Check.atLeast("tokens", tokens, 0);
        Check.optionalAtLeast("ttft_ms", ttftMs, 0);
        Check.optionalNonNegative("tokens_per_s", tokensPerS);
        Check.optionalAtLeast("prompt_tokens", promptTokens, 0);
        Check.optionalAtLeast("context_tokens", contextTokens, 1);
        Check.optionalAtLeast("left_out", leftOut, 0);
    }

    /** The figures of the answer alone. */
    public Stats(Long tokens, Long ttftMs, Double tokensPerS) {
        this(tokens, ttftMs, tokensPerS, null, null, null);
    }

    /** These figures with how the thread fitted the model's context. */
    public Stats withContext(Long prompt, Long context, Long left) {
        return new Stats(tokens, ttftMs, tokensPerS, prompt, context, left);
    }
}
