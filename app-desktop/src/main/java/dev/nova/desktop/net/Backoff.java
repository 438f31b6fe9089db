package dev.nova.desktop.net;

import java.time.Duration;
import java.util.function.DoubleSupplier;

/**
 * Reconnect delays: exponential, capped, with full jitter - attempt {@code n} waits a random
 * time in {@code [0, min(cap, base * 2^n))}, so many clients that lost the same server do not
 * come back at the same instant. A pure strategy, tested alone.
 */
public final class Backoff {
    private final Duration base;
    private final Duration cap;
    private final DoubleSupplier random;

    public Backoff(Duration base, Duration cap, DoubleSupplier random) {
        this.base = base;
        this.cap = cap;
        this.random = random;
    }

    /** {@code min(1 s * 2^n, 30 s)} with full jitter. */
    public static Backoff standard() {
        return new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(30), Math::random);
    }

    /** The upper bound for attempt {@code n} (0-based). */
    public Duration ceiling(int attempt) {
        long baseMs = base.toMillis();
        long ceiling = attempt >= 30 ? cap.toMillis() : Math.min(cap.toMillis(), baseMs * (1L << attempt));
        return Duration.ofMillis(ceiling);
    }

    public Duration delay(int attempt) {
        return Duration.ofMillis((long) (random.getAsDouble() * ceiling(attempt).toMillis()));
    }
}
