package org.dlmwatch.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.concurrent.Future;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.dlmwatch.cohort.CohortGenerator;
import org.dlmwatch.cohort.CohortProfile;
import org.dlmwatch.platform.json.ContractJson;
import org.dlmwatch.platform.kafka.EventPublisher;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "generate", mixinStandardHelpOptions = true, sortOptions = false,
        description = {
            "Generate a realistic synthetic watch-and-wait cohort (clinical-spec §5) as JSON-lines events in arrival "
                    + "order, with an answer key (JSON) saying which DLM regrew and when, which new lesions appeared, "
                    + "and whose CEA rose with recurrence. Same seed, same bytes.",
            "Every distribution's parameters are in the cohort profile (docs/synthetic-cohorts.md): --profile FILE "
                    + "and --set KEY=VALUE override the defaults. Without --out or --publish the events go to "
                    + "standard output."
        })
final class GenerateCommand implements Callable<Integer> {

    @Option(names = "--patients", required = true, paramLabel = "N", description = "Number of patients.")
    int patients;

    @Option(names = "--years", required = true, paramLabel = "Y",
            description = "Horizon in years from enrollment.windowStart; every patient's events stop at its end.")
    int years;

    @Option(names = "--seed", required = true, paramLabel = "S", description = "Random seed (same seed, same output).")
    long seed;

    static final class Target {
        @Option(names = "--out", paramLabel = "FILE", description = "Write the events to this JSON-lines file.")
        Path out;

        @Option(names = "--publish", description = "Publish the events to Kafka in arrival order (like 'publish').")
        boolean publish;
    }

    @ArgGroup(exclusive = true, multiplicity = "0..1")
    Target target;

    @Option(names = "--answer-key", paramLabel = "FILE",
            description = "Where to write the answer key (default: next to --out as NAME.answer-key.json; "
                    + "answer-key.json with --publish; none on standard output unless given).")
    Path answerKey;

    @Option(names = "--profile", paramLabel = "FILE", description = "Properties file overriding cohort profile settings.")
    Path profile;

    @Option(names = "--set", paramLabel = "KEY=VALUE",
            description = "Override one cohort profile setting, e.g. --set regrowth.probability=0.4 (after --profile).")
    Map<String, String> settings = new LinkedHashMap<>();

    @Mixin
    ConnectionOptions connection;

    @Option(names = "--auto-register-schemas", defaultValue = "${env:DLMWATCH_AUTO_REGISTER_SCHEMAS:-false}",
            description = "With --publish: register missing schemas on the fly (default ${DEFAULT-VALUE}).")
    boolean autoRegisterSchemas;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Properties properties = new Properties();
        if (profile != null) {
            try (InputStream in = Files.newInputStream(profile)) {
                properties.load(in);
            }
        }
        properties.putAll(settings);
        Map<CohortProfile.Key, String> overrides = CohortProfile.overrides(properties);
        CohortProfile cohortProfile = CohortProfile.fromProperties(properties);

        long started = System.nanoTime();
        var cohort = new CohortGenerator(cohortProfile, overrides).generate(patients, years, seed, commandLine(spec));
        double seconds = (System.nanoTime() - started) / 1e9;

        Path keyFile = answerKey;
        if (target != null && target.out != null) {
            cohort.writeEvents(target.out);
            keyFile = keyFile != null ? keyFile : defaultKeyFile(target.out);
        } else if (target != null && target.publish) {
            publish(cohort.lines(), out);
            keyFile = keyFile != null ? keyFile : Path.of("answer-key.json");
        } else {
            cohort.writeEvents(System.out);
        }
        if (keyFile != null) {
            cohort.key().write(keyFile);
        }
        var s = cohort.key().summary();
        err.printf("generated %d patients over %d years (seed %d) in %.1f s: %d events (%d CEA, %d other lab results, "
                        + "%d imaging reports); %d DLM, %d regrown (%d shown on MRI), %d new lesions, %d recurrences%n",
                patients, years, seed, seconds, s.events(), s.ceaResults(), s.otherLabResults(), s.imagingReports(),
                s.dlm(), s.regrowths(), s.regrowthsImaged(), s.newLesions(), s.recurrences());
        if (target != null && target.out != null) {
            err.println("events: " + target.out);
        }
        if (keyFile != null) {
            err.println("answer key: " + keyFile);
        }
        out.flush();
        err.flush();
        return 0;
    }

    private void publish(List<String> lines, PrintWriter out) throws Exception {
        try (EventPublisher publisher = new EventPublisher(connection.kafkaProperties(),
                Registries.topics(connection.schemaRegistryUrl(), autoRegisterSchemas), autoRegisterSchemas)) {
            List<Future<RecordMetadata>> sent = new ArrayList<>(lines.size());
            for (String line : lines) {
                sent.add(publisher.send(ContractJson.parseEvent(line)));
            }
            publisher.flush();
            for (Future<RecordMetadata> f : sent) {
                f.get();
            }
        }
        out.printf("published %d events%n", lines.size());
    }

    static Path defaultKeyFile(Path events) {
        String name = events.getFileName().toString();
        String base = name.endsWith(".jsonl") ? name.substring(0, name.length() - ".jsonl".length()) : name;
        Path parent = events.toAbsolutePath().getParent();
        return parent.resolve(base + ".answer-key.json");
    }

    /** The command line as typed, for the record ("dlm-watch generate ..."). */
    static String commandLine(CommandSpec spec) {
        List<String> args = spec.root().commandLine().getParseResult().originalArgs();
        StringBuilder sb = new StringBuilder("dlm-watch");
        for (String a : args) {
            sb.append(' ').append(a.isEmpty() || a.matches(".*[\\s\"'$\\\\].*") ? "'" + a.replace("'", "'\\''") + "'" : a);
        }
        return sb.toString();
    }
}
