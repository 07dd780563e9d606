package org.dlmwatch.bench;

import java.io.PrintWriter;
import java.time.Duration;

/** The figures of one benchmark run, printed side by side with the targets of issue 6. */
public record BenchReport(BenchSettings settings, long inputEvents, double consumerPerSecond,
        double copyPerSecond, double enginePerSecond, Percentiles latencyMs, int patientsInStore,
        double stateBytesPerPatient, Duration restoreTime, java.util.Map<String, Double> engineThread,
        long engineAlertChanges) {

    public void print(PrintWriter out) {
        out.println();
        out.printf("dlm-watch bench: %d patients x %d years (seed %d), %,d input events%n", settings.patients(),
                settings.years(), settings.seed(), inputEvents);
        out.printf("%-52s %,12.0f events/s%n", "plain consumer (the broker's ceiling)", consumerPerSecond);
        out.printf("%-52s %,12.0f events/s%n", "Kafka Streams pass-through copy, exactly_once_v2", copyPerSecond);
        out.printf("%-52s %,12.0f events/s%n", "surveillance engine, exactly_once_v2", enginePerSecond);
        out.printf("%-52s %12.2f   (target >= 0.70)%n", "engine / copy", enginePerSecond / copyPerSecond);
        out.printf("%-52s %12.2f%n", "engine / consumer", enginePerSecond / consumerPerSecond);
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
