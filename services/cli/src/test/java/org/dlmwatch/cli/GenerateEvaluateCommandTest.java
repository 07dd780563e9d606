package org.dlmwatch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.dlmwatch.cohort.AnswerKey;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code dlm-watch generate} and {@code dlm-watch evaluate}, run in-process as a user would: a small
 * cohort, generated twice with the same seed (same bytes), then replayed through the engine's
 * topology and scored against its answer key.
 */
class GenerateEvaluateCommandTest {

    @TempDir
    Path dir;

    private record Run(int exitCode, String out, String err) {}

    private static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = DlmWatch.commandLine();
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        int code = cli.execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    @Test
    void generateIsDeterministicAndEvaluateScoresTheCohort() throws Exception {
        Path events = dir.resolve("cohort.jsonl");
        Run generated = run("generate", "--patients", "40", "--years", "3", "--seed", "11", "--out", events.toString());
        assertThat(generated.exitCode()).as(generated.err()).isZero();
        Path key = dir.resolve("cohort.answer-key.json");
        assertThat(events).exists();
        assertThat(key).exists();
        assertThat(generated.err()).contains("generated 40 patients over 3 years (seed 11)");

        Path again = dir.resolve("again.jsonl");
        assertThat(run("generate", "--patients", "40", "--years", "3", "--seed", "11", "--out", again.toString(),
                "--answer-key", dir.resolve("again-key.json").toString()).exitCode()).isZero();
        assertThat(Files.readAllBytes(again)).isEqualTo(Files.readAllBytes(events));
        AnswerKey first = AnswerKey.read(key);
        assertThat(first.generator().command()).startsWith("dlm-watch generate --patients 40 --years 3 --seed 11");
        assertThat(AnswerKey.read(dir.resolve("again-key.json")).regrowths()).isEqualTo(first.regrowths());

        Path report = dir.resolve("evaluation.md");
        Run evaluated = run("evaluate", "--events", events.toString(), "--answer-key", key.toString(), "--out",
                report.toString());
        assertThat(evaluated.exitCode()).as(evaluated.err()).isZero();
        assertThat(evaluated.out()).contains("| alert type | judged per | truths | detected | sensitivity |");
        assertThat(evaluated.err()).contains("replayed").contains("0 dead letters, 0 invalid lines");

        // every regrowth an MRI showed raised its DLM_REAPPEARANCE
        Matcher dlm = Pattern.compile("\\| DLM_REAPPEARANCE \\| [^|]+ \\| (\\d+) \\| (\\d+) \\| ([^|]+) \\|")
                .matcher(evaluated.out());
        assertThat(dlm.find()).isTrue();
        assertThat(Integer.parseInt(dlm.group(1))).isPositive();
        assertThat(dlm.group(2)).isEqualTo(dlm.group(1));
        assertThat(dlm.group(3).trim()).isEqualTo("100.0%");

        String md = Files.readString(report);
        assertThat(md).contains("# Clinical evaluation on a synthetic cohort")
                .contains("dlm-watch generate --patients 40 --years 3 --seed 11 --out")
                .contains("dlm-watch evaluate --events")
                .contains("| RESCUE_EVALUATION |");
    }

    @Test
    void profileSettingsAreAppliedAndRecorded() throws Exception {
        Path events = dir.resolve("tuned.jsonl");
        Run run = run("generate", "--patients", "12", "--years", "2", "--seed", "5", "--out", events.toString(),
                "--set", "regrowth.probability=0", "--set", "newLesion.patientProbability=0");
        assertThat(run.exitCode()).as(run.err()).isZero();
        AnswerKey key = AnswerKey.read(dir.resolve("tuned.answer-key.json"));
        assertThat(key.generator().profileOverrides())
                .containsEntry("regrowth.probability", "0")
                .containsEntry("newLesion.patientProbability", "0");
        // only the forced adjacent-segment lesion of the awkward cases remains
        assertThat(key.regrowths()).allMatch(r -> r.establishedBy().equals("CT"));
    }

    @Test
    void aMisspeltSettingOrTwoTargetsAreRefused() {
        Run typo = run("generate", "--patients", "5", "--years", "2", "--seed", "1", "--out",
                dir.resolve("x.jsonl").toString(), "--set", "regrowth.probabilty=0.3");
        assertThat(typo.exitCode()).isNotZero();
        assertThat(typo.err()).contains("regrowth.probabilty");
        Run both = run("generate", "--patients", "5", "--years", "2", "--seed", "1", "--out",
                dir.resolve("y.jsonl").toString(), "--publish");
        assertThat(both.exitCode()).isNotZero();
        assertThat(both.err()).contains("mutually exclusive");
    }
}
