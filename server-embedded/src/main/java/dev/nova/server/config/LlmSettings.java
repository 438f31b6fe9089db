package dev.nova.server.config;

import java.net.URI;
import java.time.Duration;

/**
 * Where LM Studio (or any OpenAI-compatible server) is, and how patiently to wait for it.
 *
 * @param baseUrl          e.g. {@code http://localhost:1234/v1}
 * @param apiKey           the bearer token LM Studio 0.4+ can require; null when not needed
 * @param firstByteTimeout how long to wait for the first token (loading a model takes a while)
 * @param idleTimeout      how long the stream may pause between chunks
 * @param temperature      sampling temperature, or null for the server's default
 * @param maxTokens        answer length limit, or null for none
 * @param model            the model to ask for when a request names none, or null for the loaded one
 * @param contextLength    the models' context length in tokens when their server does not say
 *                         (Ollama, vLLM); null: only what the server says
 */
public record LlmSettings(URI baseUrl, String apiKey, Duration firstByteTimeout, Duration idleTimeout,
                          Double temperature, Integer maxTokens, String model, Integer contextLength) {
    public static final URI DEFAULT_URL = URI.create("http://localhost:1234/v1");

    public LlmSettings {
        if (contextLength != null && contextLength < 16) {
            throw new IllegalArgumentException("llm_context_length must be a number of tokens (16 or more), not " + contextLength);
        }
        String scheme = baseUrl.getScheme();
        if (!"http".equals(scheme) && !"https".equals(scheme) || baseUrl.getHost() == null) {
            throw new IllegalArgumentException("llm_url must be an http(s) URL such as " + DEFAULT_URL + ", not " + baseUrl);
        }
        String path = baseUrl.getPath() == null ? "" : baseUrl.getPath();
        if (!path.endsWith("/")) {
            baseUrl = URI.create(baseUrl + "/"); // so that resolve("chat/completions") keeps the /v1
        }
    }

    public static LlmSettings defaults() {
        return new LlmSettings(DEFAULT_URL, null, Duration.ofSeconds(120), Duration.ofSeconds(30), null, null, null, null);
    }

    public LlmSettings withBaseUrl(URI url) {
        return new LlmSettings(url, apiKey, firstByteTimeout, idleTimeout, temperature, maxTokens, model, contextLength);
    }

    public LlmSettings withApiKey(String key) {
        return new LlmSettings(baseUrl, key, firstByteTimeout, idleTimeout, temperature, maxTokens, model, contextLength);
    }

    public LlmSettings withTimeouts(Duration firstByte, Duration idle) {
        return new LlmSettings(baseUrl, apiKey, firstByte, idle, temperature, maxTokens, model, contextLength);
    }

    /** With a context length to assume when the model server does not say one (null: none). */
    public LlmSettings withContextLength(Integer tokens) {
        return new LlmSettings(baseUrl, apiKey, firstByteTimeout, idleTimeout, temperature, maxTokens, model, tokens);
    }

    /** Sampling settings the person chose: temperature, answer length limit, default model. */
    public LlmSettings withSampling(Double t, Integer max, String defaultModel) {
        return new LlmSettings(baseUrl, apiKey, firstByteTimeout, idleTimeout, t, max,
                defaultModel == null || defaultModel.isBlank() ? null : defaultModel, contextLength);
    }

    @Override
    public String toString() {
        return "LlmSettings[url=" + displayUrl() + ", api_key=" + (apiKey == null ? "none" : "<set>")
                + ", first_byte_timeout=" + firstByteTimeout + ", idle_timeout=" + idleTimeout
                + ", temperature=" + temperature + ", max_tokens=" + maxTokens + ", model=" + model
                + ", context_length=" + contextLength + "]";
    }

    /** The URL as people know it, without the trailing slash. */
    public String displayUrl() {
        String s = baseUrl.toString();
        return s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
    }
}
