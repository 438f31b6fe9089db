package dev.nova.server.auth;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Slows down repeated failed authentication from one address: after the first failure each
 * further failure is answered twice as late as the one before (0.25 s, 0.5 s, 1 s ... up to 30 s,
 * and never past the auth timeout), so keys cannot be guessed at speed. Only failures wait: a
 * valid key is let in at once, so people who share an address with a guesser are not locked
 * out; and their success does not forget the guesser's failures. 15 quiet minutes do.
 */
public final class AuthThrottle {
    static final Duration BASE = Duration.ofMillis(250);
    static final Duration MAX = Duration.ofSeconds(30);
    static final Duration FORGET_AFTER = Duration.ofMinutes(15);

    private final ConcurrentMap<String, Failures> byAddress = new ConcurrentHashMap<>();
    private final Clock clock;

    private record Failures(int count, Instant last) {}

    public AuthThrottle(Clock clock) {
        this.clock = clock;
    }

    /** How long to hold the answer to an authentication attempt from this address. */
    public Duration delayFor(String address) {
        Failures f = current(address);
        if (f == null || f.count == 0) {
            return Duration.ZERO;
        }
        long factor = 1L << Math.min(f.count - 1, 20);
        Duration d = BASE.multipliedBy(factor);
        return d.compareTo(MAX) > 0 ? MAX : d;
    }

    public void failed(String address) {
        Instant now = clock.instant();
        byAddress.compute(address, (a, f) -> new Failures(f == null || expired(f, now) ? 1 : f.count + 1, now));
        if (byAddress.size() > 100_000) {
            byAddress.values().removeIf(f -> expired(f, now));
        }
    }

    private Failures current(String address) {
        Failures f = byAddress.get(address);
        return f == null || expired(f, clock.instant()) ? null : f;
    }

    private static boolean expired(Failures f, Instant now) {
        return f.last.plus(FORGET_AFTER).isBefore(now);
    }
}
