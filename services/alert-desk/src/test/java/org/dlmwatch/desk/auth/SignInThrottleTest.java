package org.dlmwatch.desk.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.dlmwatch.desk.support.TestClock;
import org.junit.jupiter.api.Test;

class SignInThrottleTest {

    private final TestClock clock = new TestClock(Instant.parse("2026-11-26T08:00:00Z"));
    private final SignInThrottle throttle = new SignInThrottle(clock);

    @Test
    void fiveFailuresAreFreeThenTheWaitDoublesUpToFifteenMinutes() {
        for (int i = 0; i < 5; i++) {
            assertThat(throttle.mustWait("clara")).isEmpty();
            throttle.failed("clara");
        }
        assertThat(throttle.mustWait("clara")).as("the sixth attempt is checked").isEmpty();
        throttle.failed("clara");
        assertThat(throttle.mustWait("clara")).contains(Duration.ofSeconds(30));

        clock.advance(Duration.ofSeconds(30));
        assertThat(throttle.mustWait("clara")).isEmpty();
        throttle.failed("clara");
        assertThat(throttle.mustWait("clara")).contains(Duration.ofSeconds(60));

        for (int i = 0; i < 10; i++) {
            clock.advance(throttle.mustWait("clara").orElse(Duration.ZERO));
            throttle.failed("clara");
        }
        assertThat(throttle.mustWait("clara")).contains(Duration.ofMinutes(15));
    }

    @Test
    void aSuccessClearsTheCountAndOtherNamesAreNotAffected() {
        for (int i = 0; i < 6; i++) {
            throttle.failed("Clara ");
        }
        assertThat(throttle.mustWait("clara")).as("names match ignoring case and blanks").isPresent();
        assertThat(throttle.mustWait("victor")).isEmpty();

        clock.advance(Duration.ofSeconds(30));
        throttle.succeeded("clara");
        throttle.failed("clara");
        assertThat(throttle.mustWait("clara")).as("counting starts again").isEmpty();
    }

    @Test
    void failuresAreForgottenAnHourAfterTheLast() {
        for (int i = 0; i < 8; i++) {
            throttle.failed("clara");
        }
        clock.advance(Duration.ofMinutes(61));
        assertThat(throttle.mustWait("clara")).isEmpty();
        throttle.failed("clara");
        assertThat(throttle.mustWait("clara")).as("a fresh count").isEmpty();
    }
}
