package dev.nova.bench.load;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/** Counts delivered messages and records their latency (due time to arrival), while recording is on. */
final class Deliveries {
    private final Recorder latency = new Recorder(TimeUnit.SECONDS.toMicros(60), 3);
    private final LongAdder count = new LongAdder();
    private final LongAdder bytes = new LongAdder();
    private volatile boolean recording;

    void delivered(long dueNanos, long nowNanos, int length) {
        if (!recording) {
            return;
        }
        count.increment();
        bytes.add(length);
        long micros = Math.max(0, (nowNanos - dueNanos) / 1000);
        latency.recordValue(Math.min(micros, TimeUnit.SECONDS.toMicros(60)));
    }

    /** Starts a measured window: counts and latencies so far are dropped. */
    void start() {
        latency.getIntervalHistogram();
        count.reset();
        bytes.reset();
        recording = true;
    }

    void stop() {
        recording = false;
    }

    long count() {
        return count.sum();
    }

    /** The latencies since {@link #start()}, in microseconds. */
    Histogram histogram() {
        return latency.getIntervalHistogram();
    }
}
