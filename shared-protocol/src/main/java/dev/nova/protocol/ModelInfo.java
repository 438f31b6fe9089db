package dev.nova.protocol;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * One model. Only {@code key} is always there; the rest is what the model server says:
 * {@code state} (loaded or not_loaded), {@code size_bytes} on disk, {@code quantization}
 * ("Q4_K_M"), {@code params} ("7B"), {@code max_context_length} it supports,
 * {@code context_length} it is loaded with, {@code vision} and {@code tool_use}. One of {@link ServerMessage.Models}.
 */
public record ModelInfo(
        @JsonProperty("key") String key,
        @JsonProperty("display_name") String displayName,
        @JsonProperty("type") String type,
        @JsonProperty("state") ModelState state,
        @JsonProperty("size_bytes") Long sizeBytes,
        @JsonProperty("quantization") String quantization,
        @JsonProperty("params") String params,
        @JsonProperty("max_context_length") Long maxContextLength,
        @JsonProperty("context_length") Long contextLength,
        @JsonProperty("vision") Boolean vision,
        @JsonProperty("tool_use") Boolean toolUse) {
    public ModelInfo {
        Check.nonEmptyText("key", key);
        Check.optionalAtLeast("size_bytes", sizeBytes, 0);
        Check.optionalAtLeast("max_context_length", maxContextLength, 0);
        Check.optionalAtLeast("context_length", contextLength, 0);
        if (state == ModelState.LOADING || state == ModelState.FAILED) {
            throw Check.invalid("state", "a listed model is loaded or not_loaded");
        }
    }

    /** A model known by its id only (an OpenAI-compatible server's list). */
    public static ModelInfo of(String key) {
        return new ModelInfo(key, null, null, null, null, null, null, null, null, null, null);
    }
}
