package org.dlmwatch.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.dlmwatch.cli.dlq.DeadLetterLog;
import org.dlmwatch.engine.EngineSettings;
import org.dlmwatch.engine.SurveillanceEngine;
import org.dlmwatch.events.v1.AlertType;
import org.dlmwatch.events.v1.SurveillanceAlert;
import org.dlmwatch.local.LocalCluster;
import org.dlmwatch.local.WithLocalCluster;
import org.dlmwatch.platform.topics.Topics;
import org.dlmwatch.registry.HttpSchemaRegistryClient;
import org.dlmwatch.rules.RuleConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code dlm-watch dlq list / show / replay} on the real broker: a CEA result from a lab whose
 * clock runs 30 hours ahead is dead-lettered (FUTURE_TIMESTAMP); the operator inspects it, the
 * tolerance is raised (the fix), and the dead letter re-published once is processed and alerts.
 */
@WithLocalCluster
class DlqCommandIT {

    @TempDir
    Path work;

    @Test
    void aFixedDeadLetterRepublishedOnceIsProcessedAndAlerts(LocalCluster cluster) throws Exception {
        String patient = "P-DLQ-" + UUID.randomUUID().toString().substring(0, 8);
        String[] connection = {"--bootstrap-servers", cluster.bootstrapServers(), "--schema-registry-url",
                cluster.schemaRegistryUrl()};
        assertThat(run(with(connection, "topics", "create")).exit()).isZero();
        assertThat(run(with(connection, "schemas", "register")).exit()).isZero();

        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        Instant skewed = now.plus(Duration.ofHours(30));
        Path events = work.resolve("events.jsonl");
        Files.writeString(events, String.join("\n",
                "{\"type\":\"enrollment\",\"patientId\":\"" + patient + "\",\"enrolledOn\":\"" + now.minus(Duration.ofDays(60)).toString().substring(0, 10)
                        + "\",\"lesions\":[{\"lesionId\":\"L1\",\"segment\":\"VII\",\"disappearedOn\":\"2025-01-01\",\"establishedBy\":\"MRI_HBP_DWI\"}],"
                        + "\"status\":\"ACTIVE\",\"updatedAt\":\"" + now.minus(Duration.ofDays(60)) + "\"}",
                lab(patient, "R1", 2.0, now.minus(Duration.ofDays(30))),
                lab(patient, "R2", 9.8, skewed)));
        assertThat(run(with(connection, "publish", "--file", events.toString())).exit()).isZero();

        String applicationId = "dlq-it-" + UUID.randomUUID();
        Path stateDir = work.resolve("state");
        var settings = EngineSettings.defaults(cluster.clientProperties(), cluster.schemaRegistryUrl(), stateDir)
                .withApplicationId(applicationId);
        try (var engine = new SurveillanceEngine(settings, new SimpleMeterRegistry()).start(Duration.ofSeconds(60))) {
            await().atMost(Duration.ofSeconds(30)).until(() -> listed(connection));
        }

        Result list = run(with(connection, "dlq", "list", "--limit", "200"));
        assertThat(list.out()).contains("FUTURE_TIMESTAMP", "lab.results.v1").doesNotContain(patient, "9.8");
        String where = findCoordinates(list.out());
        Result show = run(with(connection, "dlq", "show", where));
        assertThat(show.out()).contains("error code    FUTURE_TIMESTAMP").doesNotContain(patient);
        assertThat(run(with(connection, "dlq", "show", where, "--show-payload")).out()).contains(patient, "9.8");

        // the fix: this centre's lab clocks may run up to two days ahead
        RuleConfig fixed = RuleConfig.load(properties("validation.futureToleranceHours", "48"), java.util.Map.of());
        String since = now.minus(Duration.ofMinutes(5)).toString();
        try (var engine = new SurveillanceEngine(settings.withRules(fixed), new SimpleMeterRegistry())
                .start(Duration.ofSeconds(60))) {
            Result replay = run(with(connection, "dlq", "replay", "--error-code", "FUTURE_TIMESTAMP", "--since", since));
            assertThat(replay.out()).contains("re-published 1 to lab.results.v1");
            Result again = run(with(connection, "dlq", "replay", "--error-code", "FUTURE_TIMESTAMP", "--since", since));
            assertThat(again.out()).contains("0 re-published, 1 already re-published before");

            Topics topics = new Topics(new HttpSchemaRegistryClient(cluster.schemaRegistryUrl()), false);
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(alertsOf(cluster, topics, patient))
                    .contains(AlertType.CEA_RISE_ABOVE_BASELINE));
        }
    }

    private boolean listed(String[] connection) {
        return run(with(connection, "dlq", "list", "--limit", "200")).out().contains("FUTURE_TIMESTAMP");
    }

    /** The DLQ coordinates of the newest FUTURE_TIMESTAMP letter in a 'dlq list' output. */
    private static String findCoordinates(String listOutput) {
        Matcher m = Pattern.compile("(?m)^(\\d+:\\d+)\\s+\\S+\\s+FUTURE_TIMESTAMP").matcher(listOutput);
        assertThat(m.find()).as("a FUTURE_TIMESTAMP line in:%n%s", listOutput).isTrue();
        return m.group(1);
    }

    private static List<AlertType> alertsOf(LocalCluster cluster, Topics topics, String patient) {
        return DeadLetterLog.readAll(cluster.clientProperties(), topics.alerts.name(), topics.alerts.valueSerde().deserializer())
                .stream()
                .map(DeadLetterLog.Entry::value)
                .filter(a -> a.getPatientId().equals(patient))
                .map(SurveillanceAlert::getType)
                .toList();
    }

    private static String lab(String patient, String id, double value, Instant at) {
        return "{\"type\":\"lab_result\",\"resultId\":\"" + id + "\",\"patientId\":\"" + patient
                + "\",\"loinc\":\"2039-6\",\"value\":" + value + ",\"unit\":\"ng/mL\",\"status\":\"FINAL\",\"collectedAt\":\""
                + at + "\",\"resultedAt\":\"" + at + "\",\"sourceSystem\":\"lab-a\"}";
    }

    private static Properties properties(String key, String value) {
        Properties p = new Properties();
        p.setProperty(key, value);
        return p;
    }

    record Result(int exit, String out, String err) {}

    /** The command's words followed by the connection options. */
    private static String[] with(String[] connection, String... words) {
        String[] args = java.util.Arrays.copyOf(words, words.length + connection.length);
        System.arraycopy(connection, 0, args, words.length, connection.length);
        return args;
    }

    private static Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        var cli = DlmWatch.commandLine();
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        int exit = cli.execute(args);
        return new Result(exit, out.toString(), err.toString());
    }
}
