package org.dlmwatch.bench;

import java.time.Duration;

/**
 * One benchmark run.
 *
 * @param patients patients of the generated cohort for the throughput runs
 * @param years the cohort's horizon
 * @param seed the cohort's seed: same seed, same input
 * @param offeredRate events per second offered during the latency run
 * @param latencyDuration how long the latency run offers that load
 * @param restorePatients patients whose state is restored after deleting local state
 * @param warmUpPasses unmeasured passes of the copy and of the engine before the measured ones: the
 *     engine's rules run faster pass after pass for its first few passes as the JIT compiles them
 * @param rounds measured passes of the copy and of the engine, alternating; the medians count
 */
public record BenchSettings(int patients, int years, long seed, int offeredRate, Duration latencyDuration,
        int restorePatients, int warmUpPasses, int rounds) {

    public BenchSettings {
        if (warmUpPasses < 1 || rounds < 1) {
            throw new IllegalArgumentException("at least one warm-up pass and one measured round");
        }
    }

    public static BenchSettings quick() {
        return new BenchSettings(200, 5, 42, 1000, Duration.ofSeconds(8), 5_000, 1, 1);
    }

    public static BenchSettings full() {
        return new BenchSettings(2_000, 5, 42, 1000, Duration.ofSeconds(60), 100_000, 2, 5);
    }
}
