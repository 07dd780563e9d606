package org.dlmwatch.desk.auth;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Slows down password guessing at sign-in. After {@link #FREE_FAILURES} failed sign-ins in a row
 * for one user name, each further attempt for that name waits: 30 s after the sixth failure,
 * doubling with every failure after that, up to 15 minutes. A successful sign-in clears the count;
 * a count is forgotten an hour after its last failure. While an attempt must wait it is refused
 * unchecked, so that a correct password then tells a guesser nothing.
 *
 * <p>By user name, not by client address: behind the hospital's reverse proxy every user has the
 * same address, and one colleague's typos must not lock the whole team out. In memory and per desk
 * instance: behind a load balancer each instance counts its own attempts.
 */
public final class SignInThrottle {

    static final int FREE_FAILURES = 5;
    static final Duration FIRST_WAIT = Duration.ofSeconds(30);
    static final Duration LONGEST_WAIT = Duration.ofMinutes(15);
    static final Duration FORGET_AFTER = Duration.ofHours(1);
    /** Bound on the names counted: failures for names that do not exist must not fill the memory. */
    private static final int MAX_NAMES = 10_000;

    private record Failures(int count, Instant last) {

        Instant waitUntil() {
            if (count <= FREE_FAILURES) {
                return Instant.MIN;
            }
            Duration wait = FIRST_WAIT.multipliedBy(1L << Math.min(count - FREE_FAILURES - 1, 10));
            return last.plus(wait.compareTo(LONGEST_WAIT) > 0 ? LONGEST_WAIT : wait);
        }
    }

    private final Clock clock;
    private final Map<String, Failures> failures = new HashMap<>();

    public SignInThrottle(Clock clock) {
        this.clock = clock;
    }

    /**
     * The outcome of one sign-in attempt: the user when the password was right; {@code mustWait}
     * when the attempt was refused unchecked.
     */
    public record Attempt(Optional<Principal> user, Optional<Duration> mustWait) {}

    /**
     * One sign-in attempt as {@code user}: refused unchecked while the name must wait, else checked
     * with {@code check} and counted.
     */
    public Attempt attempt(String user, Supplier<Optional<Principal>> check) {
        Optional<Duration> wait = mustWait(user);
        if (wait.isPresent()) {
            return new Attempt(Optional.empty(), wait);
        }
        Optional<Principal> signedIn = check.get();
        if (signedIn.isPresent()) {
            succeeded(user);
        } else {
            failed(user);
        }
        return new Attempt(signedIn, Optional.empty());
    }

    /** How long a sign-in as {@code user} must wait before it is checked; empty if it may be now. */
    public synchronized Optional<Duration> mustWait(String user) {
        Instant now = clock.instant();
        Failures f = current(key(user), now);
        Instant until = f == null ? Instant.MIN : f.waitUntil();
        return until.isAfter(now) ? Optional.of(Duration.between(now, until)) : Optional.empty();
    }

    public synchronized void failed(String user) {
        Instant now = clock.instant();
        if (failures.size() >= MAX_NAMES) {
            failures.values().removeIf(f -> isOld(f, now));
        }
        String key = key(user);
        Failures before = current(key, now);
        if (before != null || failures.size() < MAX_NAMES) {
            failures.put(key, new Failures(before == null ? 1 : before.count() + 1, now));
        }
    }

    public synchronized void succeeded(String user) {
        failures.remove(key(user));
    }

    private Failures current(String key, Instant now) {
        Failures f = failures.get(key);
        if (f != null && isOld(f, now)) {
            failures.remove(key);
            return null;
        }
        return f;
    }

    private static boolean isOld(Failures f, Instant now) {
        return Duration.between(f.last(), now).compareTo(FORGET_AFTER) > 0;
    }

    /** User names are matched ignoring case and surrounding blanks, as at sign-in. */
    private static String key(String user) {
        return user == null ? "" : user.strip().toLowerCase(Locale.ROOT);
    }
}
