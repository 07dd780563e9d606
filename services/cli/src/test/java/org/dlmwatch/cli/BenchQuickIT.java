package org.dlmwatch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.dlmwatch.local.LocalCluster;
import org.dlmwatch.local.WithLocalCluster;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code dlm-watch bench --quick} as a smoke test on the real broker: it completes and prints every
 * figure. Speed is measured by the benchmark itself, never asserted here (docs/benchmarks.md).
 */
@WithLocalCluster
class BenchQuickIT {

    @TempDir
    Path work;

    @Test
    void theQuickBenchmarkCompletesAndPrintsEveryFigure(LocalCluster cluster) {
        StringWriter out = new StringWriter();
        var cli = DlmWatch.commandLine();
        cli.setOut(new PrintWriter(out));
        StringWriter err = new StringWriter();
        cli.setErr(new PrintWriter(err));

        int exit = cli.execute("bench", "--quick", "--bootstrap-servers", cluster.bootstrapServers(),
                "--schema-registry-url", cluster.schemaRegistryUrl(), "--work-dir", work.toString());

        assertThat(exit).as("%s%n%s", out, err).isZero();
        assertThat(out.toString()).contains(
                "plain consumer (the broker's ceiling)",
                "Kafka Streams pass-through copy, exactly_once_v2",
                "surveillance engine, exactly_once_v2",
                "engine / copy",
                "engine / consumer",
                "alert latency p50",
                "alert latency p95",
                "alert latency p99",
                "state-store bytes per patient",
                "restore of 5,000 patients' state");
        assertThat(out.toString()).doesNotContain("NaN");
    }
}
