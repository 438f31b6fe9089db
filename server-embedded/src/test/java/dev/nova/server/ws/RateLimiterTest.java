package dev.nova.server.ws;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The token bucket on a clock the test moves: no waiting, no wall time. */
class RateLimiterTest {
    private static final long SECOND = 1_000_000_000L;

    @Test
    void aBurstGoesThroughAtOnceThenTheAverageRate() {
        RateLimiter r = new RateLimiter(10, 5, 0);
        for (int i = 0; i < 5; i++) {
            assertThat(r.tryTake(0)).as("frame %d of the burst", i).isZero();
        }
        assertThat(r.tryTake(0)).as("the sixth waits a tenth of a second").isEqualTo(100);
        assertThat(r.tryTake(SECOND / 20)).as("half a token later: 50 ms more").isEqualTo(50);
        assertThat(r.tryTake(SECOND / 10)).isZero();
        assertThat(r.tryTake(SECOND / 10)).isPositive();
    }

    @Test
    void anIdleClientRefillsUpToTheBurstNotBeyond() {
        RateLimiter r = new RateLimiter(10, 3, 0);
        for (int i = 0; i < 3; i++) {
            r.tryTake(0);
        }
        long later = 3600 * SECOND; // an hour of silence
        for (int i = 0; i < 3; i++) {
            assertThat(r.tryTake(later)).isZero();
        }
        assertThat(r.tryTake(later)).isPositive();
    }

    @Test
    void theWaitIsNeverZeroWhenRefused() {
        RateLimiter r = new RateLimiter(1_000_000, 1, 0);
        r.tryTake(0);
        assertThat(r.tryTake(1)).as("less than a millisecond to go still says 1 ms").isEqualTo(1);
    }
}
