package dev.nova.desktop.net;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class BackoffTest {
    @Test
    void theCeilingDoublesFromOneSecondAndStopsAtThirty() {
        Backoff b = Backoff.standard();
        assertThat(b.ceiling(0)).isEqualTo(Duration.ofSeconds(1));
        assertThat(b.ceiling(1)).isEqualTo(Duration.ofSeconds(2));
        assertThat(b.ceiling(4)).isEqualTo(Duration.ofSeconds(16));
        assertThat(b.ceiling(5)).isEqualTo(Duration.ofSeconds(30));
        assertThat(b.ceiling(64)).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void fullJitterSpreadsDelaysOverTheWholeRange() {
        assertThat(new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(30), () -> 0.0).delay(3)).isZero();
        assertThat(new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(30), () -> 0.5).delay(3))
                .isEqualTo(Duration.ofSeconds(4));
        assertThat(new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(30), () -> 0.999).delay(10))
                .isLessThan(Duration.ofSeconds(30));
    }
}
