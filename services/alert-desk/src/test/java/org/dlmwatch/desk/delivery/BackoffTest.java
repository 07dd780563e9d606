package org.dlmwatch.desk.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class BackoffTest {

    @Test
    void doublesUpToTheMaximum() {
        Backoff b = new Backoff(Duration.ofSeconds(2), 2.0, Duration.ofMinutes(10));
        assertThat(b.delay(0)).isZero();
        assertThat(b.delay(1)).isEqualTo(Duration.ofSeconds(2));
        assertThat(b.delay(2)).isEqualTo(Duration.ofSeconds(4));
        assertThat(b.delay(3)).isEqualTo(Duration.ofSeconds(8));
        assertThat(b.delay(9)).isEqualTo(Duration.ofSeconds(512));
        assertThat(b.delay(10)).isEqualTo(Duration.ofMinutes(10));
        assertThat(b.delay(1000)).isEqualTo(Duration.ofMinutes(10));
    }

    @Test
    void aMultiplierOfOneIsAFixedDelay() {
        Backoff b = new Backoff(Duration.ofSeconds(5), 1.0, Duration.ofSeconds(5));
        assertThat(b.delay(1)).isEqualTo(b.delay(50)).isEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void refusesNonsense() {
        assertThatThrownBy(() -> new Backoff(Duration.ZERO, 2, Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Backoff(Duration.ofSeconds(2), 0.5, Duration.ofSeconds(10)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Backoff(Duration.ofSeconds(20), 2, Duration.ofSeconds(10)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
