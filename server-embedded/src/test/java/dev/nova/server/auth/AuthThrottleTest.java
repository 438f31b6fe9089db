package dev.nova.server.auth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nova.server.testing.TestClock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class AuthThrottleTest {
    private final TestClock clock = new TestClock(Instant.parse("2026-01-01T00:00:00Z"));
    private final AuthThrottle throttle = new AuthThrottle(clock);

    @Test
    void eachFailureFromAnAddressDoublesTheWaitUpToTheCap() {
        assertThat(throttle.delayFor("10.0.0.1")).isZero();
        throttle.failed("10.0.0.1");
        assertThat(throttle.delayFor("10.0.0.1")).isEqualTo(Duration.ofMillis(250));
        throttle.failed("10.0.0.1");
        assertThat(throttle.delayFor("10.0.0.1")).isEqualTo(Duration.ofMillis(500));
        throttle.failed("10.0.0.1");
        assertThat(throttle.delayFor("10.0.0.1")).isEqualTo(Duration.ofSeconds(1));
        for (int i = 0; i < 40; i++) {
            throttle.failed("10.0.0.1");
        }
        assertThat(throttle.delayFor("10.0.0.1")).isEqualTo(AuthThrottle.MAX);
        assertThat(throttle.delayFor("10.0.0.2")).as("other addresses are not slowed").isZero();
    }

    @Test
    void aQuietSpellForgetsTheAddress() {
        throttle.failed("b");
        clock.advance(AuthThrottle.FORGET_AFTER.plusSeconds(1));
        assertThat(throttle.delayFor("b")).isZero();
        throttle.failed("b");
        assertThat(throttle.delayFor("b")).as("counting starts over").isEqualTo(Duration.ofMillis(250));
    }
}
