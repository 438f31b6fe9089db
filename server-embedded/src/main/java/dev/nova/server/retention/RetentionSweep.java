package dev.nova.server.retention;

import dev.nova.server.config.RetentionRule;
import dev.nova.server.store.Store;
import dev.nova.server.store.StoreException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies the retention rules operators set, and only those: every {@code every}, each channel
 * with a rule of its own ({@code nova-server retention set}) or, without one, the config's default
 * loses what the rule does not keep. Channels without any rule, and every person's assistant
 * threads, are never touched. Each removal is logged, counted in {@code nova_retention_removed_total}
 * and shown in {@code GET /health}. On a team each node sweeps; what one removed the others find gone.
 */
public final class RetentionSweep implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(RetentionSweep.class);

    private final Store store;
    private final RetentionRule defaults;
    private final Clock clock;
    private final Counter removedCounter;
    private final AtomicLong removed = new AtomicLong();
    private volatile Instant lastSweep;
    private ScheduledExecutorService timer;

    public RetentionSweep(Store store, RetentionRule defaults, Clock clock, MeterRegistry registry) {
        this.store = store;
        this.defaults = defaults;
        this.clock = clock;
        this.removedCounter = Counter.builder("nova.retention.removed")
                .description("channel messages removed by retention rules an operator set").register(registry);
    }

    /** Sweeps every {@code every}, the first time one sweep period after the start. */
    public synchronized RetentionSweep start(Duration every) {
        if (timer == null) {
            timer = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "nova-retention");
                t.setDaemon(true);
                return t;
            });
            timer.scheduleWithFixedDelay(this::sweepQuietly, every.toMillis(), every.toMillis(), TimeUnit.MILLISECONDS);
        }
        return this;
    }

    /** One sweep over every channel; returns how many messages it removed. */
    public int sweep() {
        Map<String, RetentionRule> own = store.retention().rules();
        if (defaults.keepsAll() && own.values().stream().allMatch(RetentionRule::keepsAll)) {
            lastSweep = clock.instant();
            return 0; // nothing to apply: the usual case
        }
        Instant now = clock.instant();
        int total = 0;
        for (String channel : store.history().channelStreams()) {
            RetentionRule rule = own.getOrDefault(channel, defaults);
            if (rule.keepsAll() || channel.startsWith("@")) {
                continue;
            }
            int gone = store.history().trim(channel, rule, now);
            if (gone > 0) {
                log.info("retention: removed {} messages from channel {} (keeps {})", gone, channel, rule.describe());
                total += gone;
            }
        }
        removed.addAndGet(total);
        removedCounter.increment(total);
        lastSweep = now;
        return total;
    }

    private void sweepQuietly() {
        try {
            sweep();
        } catch (StoreException e) {
            log.warn("retention sweep skipped: {}", e.getMessage());
        } catch (RuntimeException e) {
            log.error("retention sweep failed", e);
        }
    }

    /** Messages removed by retention since this server started. */
    public long removed() {
        return removed.get();
    }

    /** When the last sweep ran, or null before the first. */
    public Instant lastSweep() {
        return lastSweep;
    }

    /** The rule channels without their own get. */
    public RetentionRule defaults() {
        return defaults;
    }

    @Override
    public synchronized void close() {
        if (timer != null) {
            timer.shutdownNow();
            timer = null;
        }
    }
}
