package org.dlmwatch.cohort;

import java.util.List;
import java.util.SplittableRandom;

/**
 * The generator's random numbers. {@link SplittableRandom} has a specified algorithm and every
 * transformation uses {@link StrictMath}, so the same seed gives the same numbers on every JVM and
 * platform: the basis of "same seed, same bytes".
 */
final class Rng {

    private final SplittableRandom random;

    Rng(long seed) {
        this.random = new SplittableRandom(seed);
    }

    /** An independent stream for one purpose of one patient: the seed mixed with the parts. */
    static Rng stream(long seed, long... parts) {
        long h = mix(seed ^ 0x9E3779B97F4A7C15L);
        for (long p : parts) {
            h = mix(h + 0x9E3779B97F4A7C15L * (p + 1));
        }
        return new Rng(h);
    }

    /** SplitMix64's finaliser. */
    static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** Uniform in [0, 1). */
    double uniform() {
        return random.nextDouble();
    }

    /** Uniform in [a, b). */
    double uniform(double a, double b) {
        return a + (b - a) * random.nextDouble();
    }

    /** Uniform whole number in [a, b], both inclusive. */
    int between(int a, int b) {
        return a >= b ? a : a + random.nextInt(b - a + 1);
    }

    boolean chance(double p) {
        return p > 0 && random.nextDouble() < p;
    }

    /** Standard normal (Box-Muller, one of the pair). */
    double normal() {
        double u1 = 1.0 - random.nextDouble(); // (0, 1]
        double u2 = random.nextDouble();
        return StrictMath.sqrt(-2.0 * StrictMath.log(u1)) * StrictMath.cos(2.0 * StrictMath.PI * u2);
    }

    /** Log-normal with the given median and log-sd, clamped to [min, max]. */
    double logNormal(double median, double logSd, double min, double max) {
        double v = median * StrictMath.exp(logSd * normal());
        return Math.max(min, Math.min(max, v));
    }

    /** Log-uniform in [a, b]. */
    double logUniform(double a, double b) {
        return StrictMath.exp(uniform(StrictMath.log(a), StrictMath.log(b)));
    }

    /** Poisson (Knuth), for small means. */
    int poisson(double mean) {
        double limit = StrictMath.exp(-mean);
        int k = 0;
        double p = random.nextDouble();
        while (p > limit) {
            k++;
            p *= random.nextDouble();
        }
        return k;
    }

    /** Exponential with the given rate (per unit); infinite for rate 0. */
    double exponential(double rate) {
        return rate <= 0 ? Double.POSITIVE_INFINITY : -StrictMath.log(1.0 - random.nextDouble()) / rate;
    }

    <T> T pick(List<T> items) {
        return items.get(random.nextInt(items.size()));
    }

    /** One item with probability proportional to its weight. */
    <T> T weighted(List<T> items, double[] weights) {
        double total = 0;
        for (double w : weights) {
            total += w;
        }
        double x = uniform() * total;
        for (int i = 0; i < items.size(); i++) {
            x -= weights[i];
            if (x < 0) {
                return items.get(i);
            }
        }
        return items.get(items.size() - 1);
    }
}
