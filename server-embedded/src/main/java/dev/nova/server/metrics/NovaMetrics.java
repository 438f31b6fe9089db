package dev.nova.server.metrics;

import dev.nova.protocol.ErrorCode;
import dev.nova.protocol.MessageTypes;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.FileDescriptorMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Every figure the server exposes on {@code GET /metrics}, in Prometheus' text format. Names
 * follow Prometheus' conventions: the {@code nova_} prefix, base units (seconds, bytes),
 * {@code _total} on counters, and no label that names a person or a channel. The LLM figures
 * mirror OpenTelemetry's GenAI client metrics (operation duration, time to first token, token
 * usage, by model).
 *
 * <p>Hot paths touch pre-built counters only: a fan-out to a thousand connections adds one
 * increment of a thousand, not a thousand lookups.
 */
public final class NovaMetrics implements AutoCloseable {
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final Map<String, Counter> framesIn = new ConcurrentHashMap<>();
    private final Map<String, Counter> framesOut = new ConcurrentHashMap<>();
    private final Map<ErrorCode, Counter> errors = new EnumMap<>(ErrorCode.class);
    private final Map<Integer, Counter> closes = new ConcurrentHashMap<>();
    private final Counter rateLimited;
    private final Counter bytesOut;
    private final Timer deliveryLatency;
    private final JvmGcMetrics gc = new JvmGcMetrics();

    public NovaMetrics() {
        MessageTypes.CLIENT.all().keySet().forEach(this::frameInCounter);
        MessageTypes.SERVER.all().keySet().forEach(this::frameOutCounter);
        frameInCounter("invalid");
        for (ErrorCode code : ErrorCode.values()) {
            errors.put(code, Counter.builder("nova.errors").description("error frames sent, by error code")
                    .tag("code", code.wire()).register(registry));
        }
        rateLimited = Counter.builder("nova.rate.limited.frames").description("frames refused for the message rate")
                .register(registry);
        bytesOut = Counter.builder("nova.frames.sent.bytes").baseUnit("bytes")
                .description("UTF-8 bytes of frames queued for sending").register(registry);
        deliveryLatency = Timer.builder("nova.delivery.latency")
                .description("from a message arriving (or being produced) to its frame written to a receiver's socket")
                .publishPercentileHistogram().minimumExpectedValue(Duration.ofMillis(1))
                .maximumExpectedValue(Duration.ofSeconds(10)).register(registry);
        new JvmMemoryMetrics().bindTo(registry);
        gc.bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ClassLoaderMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        new FileDescriptorMetrics().bindTo(registry);
    }

    public MeterRegistry registry() {
        return registry;
    }

    /** The Prometheus text exposition of every meter. */
    public String scrape() {
        return registry.scrape();
    }

    /** A gauge read when scraped. */
    public void gauge(String name, String description, String unit, Supplier<Number> value) {
        Gauge.builder(name, value).description(description).baseUnit(unit).register(registry);
    }

    public void frameIn(String type) {
        Counter c = framesIn.get(type);
        (c != null ? c : framesIn.get("invalid")).increment();
    }

    public void framesOut(String type, int count, long bytesEach) {
        frameOutCounter(type).increment(count);
        bytesOut.increment((double) count * bytesEach);
    }

    public void error(ErrorCode code) {
        errors.get(code).increment();
    }

    public void rateLimited() {
        rateLimited.increment();
    }

    /** A connection the server closed, by WebSocket close code. */
    public void closed(int code) {
        closes.computeIfAbsent(code, k -> Counter.builder("nova.connections.closed")
                .description("connections the server closed, by close code").tag("code", Integer.toString(k))
                .register(registry)).increment();
    }

    public void delivered(long nanos) {
        deliveryLatency.record(nanos, TimeUnit.NANOSECONDS);
    }

    // ---- the LLM, after OpenTelemetry's gen_ai.client.* metrics

    /** One generation ended: how long it took, when its first token came, how many tokens it wrote. */
    public void generation(String model, String outcome, long durationNanos, Long ttftMillis, Integer outputTokens) {
        String m = model == null || model.isBlank() ? "unknown" : model;
        Timer.builder("nova.llm.operation.duration").description("duration of an LLM generation")
                .tags("model", m, "outcome", outcome).publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(10)).maximumExpectedValue(Duration.ofMinutes(10))
                .register(registry).record(durationNanos, TimeUnit.NANOSECONDS);
        if (ttftMillis != null) {
            Timer.builder("nova.llm.time.to.first.token").description("time from the request to the first token")
                    .tag("model", m).publishPercentileHistogram().minimumExpectedValue(Duration.ofMillis(1))
                    .maximumExpectedValue(Duration.ofMinutes(2)).register(registry)
                    .record(ttftMillis, TimeUnit.MILLISECONDS);
        }
        if (outputTokens != null) {
            DistributionSummary.builder("nova.llm.output.tokens").description("tokens an LLM generation wrote")
                    .baseUnit("tokens").tag("model", m).publishPercentileHistogram().register(registry)
                    .record(outputTokens);
        }
    }

    // ---- MCP tools

    /**
     * One MCP tool call ended: the tool ({@code server/tool}, or {@code unknown} for a name the
     * model made up), how ({@code succeeded}, {@code failed}, {@code denied}), and how long it ran
     * (null when it never ran: denied, stopped while waiting, no such tool).
     */
    public void toolCall(String tool, String outcome, Long ranMillis) {
        Counter.builder("nova.tool.calls").description("MCP tool calls, by tool and outcome")
                .tags("tool", tool, "outcome", outcome).register(registry).increment();
        if (ranMillis != null) {
            Timer.builder("nova.tool.call.duration").description("how long MCP tool calls ran")
                    .tags("tool", tool, "outcome", outcome).publishPercentileHistogram()
                    .minimumExpectedValue(Duration.ofMillis(1)).maximumExpectedValue(Duration.ofMinutes(10))
                    .register(registry).record(ranMillis, TimeUnit.MILLISECONDS);
        }
    }

    private Counter frameInCounter(String type) {
        return framesIn.computeIfAbsent(type, t -> Counter.builder("nova.frames.received")
                .description("frames received from clients, by message type").tag("type", t).register(registry));
    }

    private Counter frameOutCounter(String type) {
        return framesOut.computeIfAbsent(type, t -> Counter.builder("nova.frames.sent")
                .description("frames queued for clients, by message type").tag("type", t).register(registry));
    }

    @Override
    public void close() {
        gc.close();
        registry.close();
    }
}
