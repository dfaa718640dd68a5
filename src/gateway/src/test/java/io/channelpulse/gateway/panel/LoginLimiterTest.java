package io.channelpulse.gateway.panel;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The login limiter's waits, give-backs and memory bound, on a clock the test moves. */
class LoginLimiterTest {

    final PanelApiTest.MovableClock clock = new PanelApiTest.MovableClock();

    @Test
    void pastTheLimitAPairWaitsASixteenthOfTheWindowThenTwiceAsLongUpToTheWindow() {
        LoginLimiter limiter = new LoginLimiter(3, 1_000, Duration.ofMinutes(16), 100, clock);
        for (int i = 0; i < 3; i++) {
            assertThat(limiter.reserve("alice", "10.0.0.1")).isPresent();
        }
        assertThat(limiter.reserve("alice", "10.0.0.1")).as("third failure starts a 1 min wait").isEmpty();
        clock.now = clock.now.plus(Duration.ofSeconds(59));
        assertThat(limiter.reserve("alice", "10.0.0.1")).isEmpty();
        clock.now = clock.now.plus(Duration.ofSeconds(1));
        assertThat(limiter.reserve("alice", "10.0.0.1")).as("after 1 min, one more try").isPresent();
        clock.now = clock.now.plus(Duration.ofSeconds(119));
        assertThat(limiter.reserve("alice", "10.0.0.1")).as("the next wait is 2 min").isEmpty();
        clock.now = clock.now.plus(Duration.ofSeconds(1));
        assertThat(limiter.reserve("alice", "10.0.0.1")).isPresent();
        for (int i = 0; i < 10; i++) {
            clock.now = clock.now.plus(Duration.ofMinutes(15));
            limiter.reserve("alice", "10.0.0.1");
        }
        clock.now = clock.now.plus(Duration.ofMinutes(16));
        assertThat(limiter.reserve("alice", "10.0.0.1")).as("never more than the window").isPresent();
        assertThat(limiter.reserve("alice", "10.0.0.2")).as("another client is not held up").isPresent();
    }

    @Test
    void aSuccessForgetsThePairsFailuresAndGivesTheClientItsAttemptBack() {
        LoginLimiter limiter = new LoginLimiter(3, 3, Duration.ofMinutes(5), 100, clock);
        limiter.reserve("alice", "10.0.0.1").orElseThrow();
        limiter.reserve("alice", "10.0.0.1").orElseThrow();
        limiter.reserve("alice", "10.0.0.1").orElseThrow().succeeded();
        assertThat(limiter.reserve("alice", "10.0.0.1")).as("client: 2 failures + this one").isPresent();
        assertThat(limiter.reserve("bob", "10.0.0.1")).as("the client's limit of 3 is spent").isEmpty();
    }

    @Test
    void aRefundedAttemptDoesNotCount() {
        LoginLimiter limiter = new LoginLimiter(1, 10, Duration.ofMinutes(5), 100, clock);
        limiter.reserve("alice", "10.0.0.1").orElseThrow().refund();
        assertThat(limiter.reserve("alice", "10.0.0.1")).isPresent();
        assertThat(limiter.reserve("alice", "10.0.0.1")).isEmpty();
    }

    @Test
    void rotatingUsernamesAndClientsKeepsMemoryBounded() {
        LoginLimiter limiter = new LoginLimiter(3, 20, Duration.ofMinutes(5), 1_000, clock);
        for (int i = 0; i < 50_000; i++) {
            limiter.reserve("user-" + i, "10.0." + (i / 250) + "." + (i % 250));
        }
        assertThat(limiter.trackedKeys()).isLessThanOrEqualTo(2_000);
        clock.now = clock.now.plus(Duration.ofMinutes(6));
        assertThat(limiter.trackedKeys()).as("all forgotten after the window").isZero();
    }

    @Test
    void sessionsAreBoundedAndExpire() {
        Sessions sessions = new Sessions(Duration.ofHours(8), 100, clock);
        for (int i = 0; i < 1_000; i++) {
            sessions.create("user-" + i);
        }
        assertThat(sessions.size()).isLessThanOrEqualTo(100);
        String token = sessions.create("alice");
        assertThat(sessions.user(token)).hasValue("alice");
        clock.now = clock.now.plus(Duration.ofHours(8));
        assertThat(sessions.user(token)).isEmpty();
        assertThat(sessions.size()).isZero();
    }
}
