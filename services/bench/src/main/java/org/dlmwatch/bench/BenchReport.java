package org.dlmwatch.bench;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The figures of one benchmark run, printed side by side with the targets of issue 6. The copy and
 * the engine are measured warm: after {@link BenchSettings#warmUpPasses()} unmeasured passes each
 * over the same input (the first one's figures are printed too), {@link BenchSettings#rounds()}
 * alternating passes each, of which the medians count.
 */
public record BenchReport(BenchSettings settings, long inputEvents, double consumerPerSecond,
        List<Double> copyRounds, List<Double> engineRounds, double coldCopyPerSecond, double coldEnginePerSecond,
        Percentiles latencyMs, int patientsInStore,
        double stateBytesPerPatient, Duration restoreTime, java.util.Map<String, Double> engineThread,
        long engineAlertChanges) {

    public double copyPerSecond() {
        return median(copyRounds);
    }

    public double enginePerSecond() {
        return median(engineRounds);
    }

    private static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    private static String rounds(List<Double> values) {
        return values.stream().map(v -> String.format("%,.0f", v)).collect(Collectors.joining(" / "));
    }

    public void print(PrintWriter out) {
        double copyPerSecond = copyPerSecond();
        double enginePerSecond = enginePerSecond();
        out.println();
        out.printf("dlm-watch bench: %d patients x %d years (seed %d), %,d input events%n", settings.patients(),
                settings.years(), settings.seed(), inputEvents);
        out.printf("%-52s %,12.0f events/s%n", "plain consumer (the broker's ceiling)", consumerPerSecond);
        out.printf("%-52s %,12.0f events/s   (median of %s)%n", "Kafka Streams pass-through copy, exactly_once_v2",
                copyPerSecond, rounds(copyRounds));
        out.printf("%-52s %,12.0f events/s   (median of %s)%n", "surveillance engine, exactly_once_v2",
                enginePerSecond, rounds(engineRounds));
        out.printf("%-52s %12.2f   (target >= 0.70)%n", "engine / copy", enginePerSecond / copyPerSecond);
        out.printf("%-52s %12.2f%n", "engine / consumer", enginePerSecond / consumerPerSecond);
        out.printf("%-52s %,12.0f / %,.0f events/s (%.2f)%n", "first pass, cold JVM: copy / engine", coldCopyPerSecond,
                coldEnginePerSecond, coldEnginePerSecond / coldCopyPerSecond);
        out.printf("%-52s %,12d%n", "alert changes the engine emitted in that run", engineAlertChanges);
        out.printf("%-52s %,12d alerts at %d events/s for %d s%n", "alert latency sample", latencyMs.count(),
                settings.offeredRate(), settings.latencyDuration().toSeconds());
        out.printf("%-52s %12.0f ms%n", "alert latency p50", latencyMs.p50());
        out.printf("%-52s %12.0f ms%n", "alert latency p95", latencyMs.p95());
        out.printf("%-52s %12.0f ms   (target <= 250)%n", "alert latency p99", latencyMs.p99());
        out.printf("%-52s %s%n", "engine stream thread (Kafka Streams metrics)", engineThread.entrySet().stream()
                .map(e -> e.getKey() + "=" + String.format("%.2f", e.getValue())).toList());
        out.printf("%-52s %,12.0f bytes (over %,d patients)%n", "state-store bytes per patient", stateBytesPerPatient,
                patientsInStore);
        out.printf("%-52s %12.1f s    (target <= 30 s for 100,000)%n",
                String.format("restore of %,d patients' state", settings.restorePatients()), restoreTime.toMillis() / 1000.0);
        out.flush();
    }
}
