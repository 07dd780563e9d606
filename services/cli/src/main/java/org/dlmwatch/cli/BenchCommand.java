package org.dlmwatch.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Callable;
import org.dlmwatch.bench.BenchSettings;
import org.dlmwatch.bench.EndToEndBench;
import org.dlmwatch.local.LocalCluster;
import org.dlmwatch.local.LocalFiles;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

@Command(name = "bench", mixinStandardHelpOptions = true,
        description = {
            "End-to-end benchmark on the embedded real broker (or --bootstrap-servers): on one generated input,",
            "the engine's throughput next to a plain consumer and a Kafka Streams pass-through copy (ratios),",
            "alert latency p50/p95/p99 under a steady offered load, state-store bytes per patient, and the time to",
            "restore the patients' state after deleting it locally. --quick runs in under a minute."
        })
final class BenchCommand implements Callable<Integer> {

    @Option(names = "--quick", description = "Small sizes, for a smoke test (under a minute).")
    boolean quick;

    @Option(names = "--patients", description = "Patients of the generated cohort (default 2000; quick 200).")
    Integer patients;

    @Option(names = "--years", description = "The cohort's horizon in years (default 5).")
    Integer years;

    @Option(names = "--seed", description = "The cohort's seed (default 42).")
    Long seed;

    @Option(names = "--rate", description = "Events per second offered in the latency run (default 1000).")
    Integer rate;

    @Option(names = "--latency-seconds", description = "Duration of the latency run (default 60; quick 8).")
    Integer latencySeconds;

    @Option(names = "--restore-patients", description = "Patients whose state is restored (default 100000; quick 5000).")
    Integer restorePatients;

    @Option(names = "--warm-up-passes",
            description = "Unmeasured passes of the copy and of the engine before the measured ones (default 2; quick 1).")
    Integer warmUpPasses;

    @Option(names = "--rounds",
            description = "Measured passes of the copy and of the engine, alternating; the medians count (default 5; quick 1).")
    Integer rounds;

    @Option(names = "--bootstrap-servers", paramLabel = "HOST:PORT[,...]",
            description = "Benchmark on this cluster instead of the embedded broker (the run uses topics of its own).")
    String bootstrapServers;

    @Option(names = "--schema-registry-url", paramLabel = "URL", description = "The registry of that cluster.")
    String schemaRegistryUrl;

    @Option(names = "--kafka-config", paramLabel = "FILE", description = "Extra Kafka client settings (TLS, SASL).")
    Path kafkaConfig;

    @Option(names = "--work-dir", defaultValue = ".dlm-watch/bench",
            description = "Folder for the embedded cluster and the runs' state (default ${DEFAULT-VALUE}).")
    Path workDir;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if ((bootstrapServers == null) != (schemaRegistryUrl == null)) {
            throw new ParameterException(spec.commandLine(),
                    "give both --bootstrap-servers and --schema-registry-url, or neither to use the embedded ones");
        }
        BenchSettings base = quick ? BenchSettings.quick() : BenchSettings.full();
        BenchSettings settings = new BenchSettings(
                patients != null ? patients : base.patients(),
                years != null ? years : base.years(),
                seed != null ? seed : base.seed(),
                rate != null ? rate : base.offeredRate(),
                latencySeconds != null ? Duration.ofSeconds(latencySeconds) : base.latencyDuration(),
                restorePatients != null ? restorePatients : base.restorePatients(),
                warmUpPasses != null ? warmUpPasses : base.warmUpPasses(),
                rounds != null ? rounds : base.rounds());
        PrintWriter out = spec.commandLine().getOut();
        LocalFiles.deleteRecursively(workDir);
        Files.createDirectories(workDir);
        LocalCluster cluster = null;
        try {
            if (bootstrapServers == null) {
                out.println("starting the embedded broker and registry ...");
                out.flush();
                cluster = new LocalCluster(workDir.resolve("cluster")).start();
                bootstrapServers = cluster.bootstrapServers();
                schemaRegistryUrl = cluster.schemaRegistryUrl();
            }
            Map<String, Object> kafka = ConnectionOptions.kafkaProperties(bootstrapServers, kafkaConfig);
            new EndToEndBench(kafka, schemaRegistryUrl, workDir, settings, out).run().print(out);
        } finally {
            if (cluster != null) {
                cluster.close();
            }
        }
        return 0;
    }
}
