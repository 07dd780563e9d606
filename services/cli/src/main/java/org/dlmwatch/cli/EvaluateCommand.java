package org.dlmwatch.cli;

import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.dlmwatch.cohort.AnswerKey;
import org.dlmwatch.cohort.Evaluation;
import org.dlmwatch.cohort.EvaluationReport;
import org.dlmwatch.engine.replay.TopologyReplay;
import org.dlmwatch.platform.json.EventFile;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "evaluate", mixinStandardHelpOptions = true, sortOptions = false,
        description = {
            "Replay an event file through the surveillance engine's topology (as 'replay' does) and score the final "
                    + "alerts against a cohort's answer key: per alert type the sensitivity, the false alarms per 100 "
                    + "patient-years and the detection delay (median, p90).",
            "Prints the table (markdown); with --out, writes the full report with the command lines that produced it."
        })
final class EvaluateCommand implements Callable<Integer> {

    @Option(names = "--events", required = true, paramLabel = "FILE", description = "The JSON-lines event file.")
    Path events;

    @Option(names = "--answer-key", required = true, paramLabel = "FILE", description = "The cohort's answer key.")
    Path answerKey;

    @Option(names = "--as-of", paramLabel = "INSTANT",
            description = "Clock after the last event, e.g. 2029-01-01T00:00:00Z (default: the latest clinical time "
                    + "in the file); truths and alerts after it are not judged.")
    Instant asOf;

    @Option(names = "--out", paramLabel = "FILE", description = "Write the report (markdown) here, e.g. docs/clinical-evaluation.md.")
    Path out;

    @Mixin
    RuleOptions rules;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter stdout = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        AnswerKey key = AnswerKey.read(answerKey);

        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                pool.resetPeakUsage();
            }
        }
        long started = System.nanoTime();
        EventFile file = EventFile.read(events);
        var replay = TopologyReplay.run(file, Optional.ofNullable(asOf), rules.config());
        double seconds = (System.nanoTime() - started) / 1e9;
        long peak = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                peak += pool.getPeakUsage().getUsed();
            }
        }
        long peakMb = peak / (1024 * 1024);
        long maxMb = Runtime.getRuntime().maxMemory() / (1024 * 1024);

        Evaluation.Result result = Evaluation.score(key, replay.alerts(), replay.asOf());
        stdout.print(EvaluationReport.table(result));
        err.printf("replayed %d events in %.1f s (peak heap about %d MB of %d MB): %d alerts, %d dead letters, "
                        + "%d invalid lines; as of %s, %.1f patient-years%n",
                file.events().size(), seconds, peakMb, maxMb, replay.alerts().size(), replay.deadLetters().size(),
                replay.rejectedLines().size(), replay.asOf(), result.patientYears());
        Evaluation.Row dlm = result.row("DLM_REAPPEARANCE");
        if (dlm.detected() < dlm.truths()) {
            err.printf("WARNING: %d of %d regrown DLM shown on MRI raised no DLM_REAPPEARANCE alert%n",
                    dlm.truths() - dlm.detected(), dlm.truths());
        }
        if (out != null) {
            var run = new EvaluationReport.Run(GenerateCommand.commandLine(spec), file.events().size(),
                    replay.rejectedLines().size(), replay.deadLetters().size(), seconds, peakMb, maxMb);
            Files.writeString(out, EvaluationReport.markdown(result, key, run), StandardCharsets.UTF_8);
            err.println("report: " + out);
        }
        stdout.flush();
        err.flush();
        return 0;
    }
}
