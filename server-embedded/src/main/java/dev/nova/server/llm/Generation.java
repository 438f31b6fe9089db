package dev.nova.server.llm;

import dev.nova.server.config.LlmSettings;
import com.fasterxml.jackson.databind.JsonNode;
import dev.nova.protocol.ErrorCode;
import dev.nova.protocol.FinishReason;
import dev.nova.protocol.Stats;
import dev.nova.server.llm.StreamEvents.Outcome;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodySubscribers;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * One streaming answer: parses LM Studio's events, measures what {@code /v1} does not report
 * (time to first token, tokens per second), watches the two timeouts, and ends exactly once:
 * finished, cut off, failed, or cancelled by {@link #cancel()}, which closes the HTTP exchange
 * so LM Studio stops generating.
 */
public final class Generation {
    private final LlmSettings settings;
    private final StreamEvents events;
    private final ScheduledExecutorService timers;
    private final SseLines sse = new SseLines(this::event);
    private final long startNanos = System.nanoTime();

    // guarded by this
    private boolean ended;
    private CompletableFuture<?> exchange;
    private Flow.Subscription subscription;
    private long lastHeardNanos = System.nanoTime();
    private boolean heardAnything;
    private long firstTokenNanos = -1;
    private long lastTokenNanos = -1;
    private long deltas;
    private Long usageTokens;
    private String model;
    private FinishReason finish;
    /** The tool calls the model is asking for, by their index in its stream, put together piece by piece. */
    private final java.util.TreeMap<Integer, String[]> toolCalls = new java.util.TreeMap<>();

    Generation(LlmSettings settings, StreamEvents events, ScheduledExecutorService timers) {
        this.settings = settings;
        this.events = events;
        this.timers = timers;
    }

    /** Stops the generation upstream and ends the stream as {@code cancelled}; no-op once ended. */
    public void cancel() {
        Outcome outcome;
        synchronized (this) {
            if (ended) {
                return;
            }
            outcome = outcome(FinishReason.CANCELLED, null, null);
            end();
        }
        events.onEnd(outcome);
    }

    synchronized void attach(CompletableFuture<HttpResponse<String>> exchange) {
        this.exchange = exchange;
        if (ended) {
            exchange.cancel(true);
            return;
        }
        exchange.whenComplete(this::completed);
        scheduleTimeoutCheck(settings.firstByteTimeout());
    }

    HttpResponse.BodyHandler<String> bodyHandler() {
        return info -> info.statusCode() == 200
                ? BodySubscribers.mapping(BodySubscribers.fromLineSubscriber(new Lines()), v -> (String) null)
                : BodySubscribers.ofString(StandardCharsets.UTF_8);
    }

    private void completed(HttpResponse<String> response, Throwable failure) {
        if (failure != null) {
            if (failure instanceof CancellationException || failure.getCause() instanceof CancellationException) {
                return; // cancelled or timed out: already ended
            }
            boolean midStream;
            synchronized (this) {
                midStream = deltas > 0;
            }
            LlmException e = midStream
                    ? new LlmException(ErrorCode.LLM_ERROR, "the connection to LM Studio broke mid-answer")
                    : LmStudioClient.translate(failure, settings);
            fail(e.code(), e.getMessage());
            return;
        }
        if (response.statusCode() != 200) {
            fail(ErrorCode.LLM_ERROR, errorMessage(response.statusCode(), response.body()));
            return;
        }
        Outcome outcome;
        synchronized (this) {
            if (ended) {
                return;
            }
            sse.flush();
            if (ended) {
                return;
            }
            outcome = finish != null
                    ? outcome(finish, null, null)
                    : outcome(FinishReason.ERROR, ErrorCode.LLM_ERROR, "LM Studio's answer stopped before it was finished");
            end();
        }
        events.onEnd(outcome);
    }

    private void fail(ErrorCode code, String message) {
        Outcome outcome;
        synchronized (this) {
            if (ended) {
                return;
            }
            outcome = outcome(FinishReason.ERROR, code, message);
            end();
        }
        events.onEnd(outcome);
    }

    /** Marks the end and closes the exchange. Call holding the lock. */
    private void end() {
        ended = true;
        if (subscription != null) {
            subscription.cancel();
        }
        if (exchange != null) {
            exchange.cancel(true);
        }
    }

    private synchronized void line(String line) {
        if (ended) {
            return;
        }
        lastHeardNanos = System.nanoTime();
        heardAnything = true;
        sse.line(line);
    }

    /** One SSE event; called under the lock. */
    private void event(String data) {
        if (data.equals("[DONE]")) {
            return;
        }
        JsonNode chunk;
        try {
            chunk = LmStudioClient.parse(data);
        } catch (IOException e) {
            return; // not JSON: nothing LM Studio sends; ignore rather than fail the answer
        }
        if (chunk.has("error")) {
            Outcome outcome = outcome(FinishReason.ERROR, ErrorCode.LLM_ERROR, errorText(chunk));
            end();
            timers.execute(() -> events.onEnd(outcome));
            return;
        }
        if (chunk.hasNonNull("model")) {
            model = chunk.get("model").asText();
        }
        JsonNode usage = chunk.path("usage");
        if (usage.hasNonNull("completion_tokens")) {
            usageTokens = usage.get("completion_tokens").asLong();
        }
        JsonNode choice = chunk.path("choices").path(0);
        JsonNode delta = choice.path("delta");
        String content = text(delta.path("content"));
        String reasoning = text(delta.path("reasoning_content"));
        if (!content.isEmpty() || !reasoning.isEmpty()) {
            long now = System.nanoTime();
            if (firstTokenNanos < 0) {
                firstTokenNanos = now;
            }
            lastTokenNanos = now;
            deltas++;
            events.onDelta(content, reasoning);
        }
        for (JsonNode call : delta.path("tool_calls")) {
            // the first piece of a call has its id and name; later ones add to its arguments
            String[] c = toolCalls.computeIfAbsent(call.path("index").asInt(toolCalls.size()),
                    i -> new String[] {null, null, ""});
            if (call.hasNonNull("id")) {
                c[0] = call.get("id").asText();
            }
            JsonNode function = call.path("function");
            if (function.hasNonNull("name")) {
                c[1] = function.get("name").asText();
            }
            c[2] = c[2] + text(function.path("arguments"));
            lastTokenNanos = System.nanoTime();
            if (firstTokenNanos < 0) {
                firstTokenNanos = lastTokenNanos;
            }
        }
        String reason = choice.path("finish_reason").isTextual() ? choice.get("finish_reason").asText() : null;
        if (reason != null) {
            finish = "length".equals(reason) ? FinishReason.LENGTH : FinishReason.STOP;
        }
    }

    private Outcome outcome(FinishReason reason, ErrorCode code, String message) {
        long tokens = usageTokens != null ? usageTokens : deltas;
        Long ttft = firstTokenNanos < 0 ? null : (firstTokenNanos - startNanos) / 1_000_000;
        Double perSecond = null;
        if (lastTokenNanos > firstTokenNanos && tokens > 1) {
            double seconds = (lastTokenNanos - firstTokenNanos) / 1e9;
            perSecond = Math.round((tokens - 1) / seconds * 10) / 10.0;
        }
        java.util.List<ModelToolCall> calls = new java.util.ArrayList<>();
        toolCalls.forEach((index, c) -> calls.add(new ModelToolCall(c[0] != null ? c[0] : "call-" + index,
                c[1] != null ? c[1] : "", c[2])));
        return new Outcome(reason, new Stats(tokens, ttft, perSecond), model, code, message, calls);
    }

    private void scheduleTimeoutCheck(Duration after) {
        timers.schedule(this::checkTimeout, Math.max(1, after.toMillis()), TimeUnit.MILLISECONDS);
    }

    private void checkTimeout() {
        String message;
        synchronized (this) {
            if (ended) {
                return;
            }
            Duration limit = heardAnything ? settings.idleTimeout() : settings.firstByteTimeout();
            Duration quiet = Duration.ofNanos(System.nanoTime() - (heardAnything ? lastHeardNanos : startNanos));
            if (quiet.compareTo(limit) < 0) {
                scheduleTimeoutCheck(limit.minus(quiet));
                return;
            }
            message = heardAnything
                    ? "LM Studio sent nothing for " + limit.toSeconds() + " s and the answer was abandoned"
                    : "LM Studio did not start answering within " + limit.toSeconds() + " s";
        }
        fail(ErrorCode.LLM_ERROR, message);
    }

    static String errorMessage(int status, String body) {
        try {
            JsonNode node = LmStudioClient.parse(body == null ? "" : body);
            String text = errorText(node);
            if (!text.isEmpty()) {
                return text;
            }
        } catch (IOException e) {
            // not JSON: fall through
        }
        return "LM Studio answered HTTP " + status;
    }

    private static String errorText(JsonNode node) {
        JsonNode error = node.path("error");
        return error.isTextual() ? error.asText() : error.path("message").asText("");
    }

    private static String text(JsonNode n) {
        return n.isTextual() ? n.asText() : "";
    }

    private final class Lines implements Flow.Subscriber<String> {
        @Override
        public void onSubscribe(Flow.Subscription s) {
            boolean cancelled;
            synchronized (Generation.this) {
                subscription = s;
                cancelled = ended;
            }
            if (cancelled) {
                s.cancel();
            } else {
                s.request(Long.MAX_VALUE);
            }
        }

        @Override
        public void onNext(String item) {
            line(item);
        }

        @Override
        public void onError(Throwable throwable) {
            // reported through the exchange's future
        }

        @Override
        public void onComplete() {
            // reported through the exchange's future
        }
    }
}
