package dev.nova.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nova.protocol.CloseCode;
import dev.nova.protocol.ServerMessage;
import dev.nova.server.config.Limits;
import dev.nova.server.testing.Frames;
import dev.nova.server.testing.TestServer;
import dev.nova.server.testing.WsTestClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The failed-auth delay slows a guesser down without locking out the people who share its address. */
class AuthThrottleIT {
    private static final Duration AUTH_TIMEOUT = Duration.ofSeconds(3);

    @TempDir
    Path dir;
    TestServer server;

    @BeforeEach
    void start() {
        server = TestServer.start(dir, c -> c.withAuthTimeout(AUTH_TIMEOUT)
                .withLimits(Limits.local().withConnections(32, 100, 20_000)));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void afterTwentyWrongKeysFromAnAddressAValidKeyFromItGetsInAtOnce() {
        guessWrong(20);
        String key = server.key("alice");
        // A 21st guess is held until about the auth timeout; alice, from the same address, gets in
        // before it is answered: checked by the order of events, not by a clock.
        try (WsTestClient guess = server.connect("mallory")) {
            guess.send(Frames.auth("nova_guess"));
            try (WsTestClient c = server.login("alice", key)) {
                assertThat(guess.pending()).as("the guess is still held while alice is in").isZero();
                assertThat(guess.isClosed()).isFalse();
            }
            assertThat(guess.next(ServerMessage.AuthFailure.class).reason()).isEqualTo("invalid api key");
        }
    }

    @Test
    void wrongKeysAreAnsweredLaterAndLaterButAlwaysWithAuthFailureBeforeTheAuthTimeout() {
        guessWrong(20);
        try (WsTestClient c = server.connect("mallory")) {
            long t0 = System.nanoTime();
            c.send(Frames.auth("nova_guess"));
            assertThat(c.next(ServerMessage.AuthFailure.class).reason()).isEqualTo("invalid api key");
            assertThat(c.awaitClose()).as("4001, not the auth timeout's 4002").isEqualTo(CloseCode.AUTH_FAILED.code());
            Duration took = Duration.ofNanos(System.nanoTime() - t0);
            assertThat(took).as("held, since the address keeps failing").isGreaterThan(Duration.ofSeconds(1));
            assertThat(took).isLessThan(AUTH_TIMEOUT);
        }
    }

    /** {@code n} wrong keys, side by side, each answered with auth_failure and 4001. */
    private void guessWrong(int n) {
        List<WsTestClient> guesses = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            WsTestClient g = server.connect("guess-" + i);
            g.send(Frames.auth("nova_wrong_" + i));
            guesses.add(g);
        }
        for (WsTestClient g : guesses) {
            assertThat(g.awaitClose()).isEqualTo(CloseCode.AUTH_FAILED.code());
            g.close();
        }
    }
}
