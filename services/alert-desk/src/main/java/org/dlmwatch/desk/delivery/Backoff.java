package org.dlmwatch.desk.delivery;

import java.time.Duration;

/**
 * Exponential backoff between delivery attempts: after the n-th failed attempt wait
 * {@code initial * multiplier^(n-1)}, at most {@code max}. Retries never stop: a webhook is retried
 * until it accepts (the {@code dlmwatch.desk.delivery.retries} metric shows a receiver in trouble).
 */
public record Backoff(Duration initial, double multiplier, Duration max) {

    public static final Backoff DEFAULT = new Backoff(Duration.ofSeconds(2), 2.0, Duration.ofMinutes(10));

    public Backoff {
        if (initial.isNegative() || initial.isZero() || multiplier < 1 || max.compareTo(initial) < 0) {
            throw new IllegalArgumentException("backoff needs initial > 0, multiplier >= 1 and max >= initial");
        }
    }

    /** The wait after {@code failedAttempts} failures in a row (1 = after the first failure). */
    public Duration delay(int failedAttempts) {
        if (failedAttempts < 1) {
            return Duration.ZERO;
        }
        double millis = initial.toMillis() * Math.pow(multiplier, failedAttempts - 1);
        return millis >= max.toMillis() ? max : Duration.ofMillis((long) millis);
    }
}
