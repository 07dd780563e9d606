package org.dlmwatch.engine.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.dlmwatch.engine.SurveillanceEngine;
import org.dlmwatch.engine.deadletter.DeadLetters;
import org.dlmwatch.engine.intake.InputIntake;
import org.dlmwatch.engine.it.AlertChanges.Key;
import org.dlmwatch.engine.replay.TopologyReplay;
import org.dlmwatch.events.v1.AlertStatus;
import org.dlmwatch.events.v1.AlertType;
import org.dlmwatch.events.v1.DeadLetter;
import org.dlmwatch.events.v1.Enrollment;
import org.dlmwatch.events.v1.FindingStatus;
import org.dlmwatch.events.v1.ImagingReport;
import org.dlmwatch.events.v1.LabResult;
import org.dlmwatch.events.v1.LesionFinding;
import org.dlmwatch.events.v1.SurveillanceAlert;
import org.dlmwatch.local.LocalCluster;
import org.dlmwatch.local.WithLocalCluster;
import org.dlmwatch.platform.json.ContractJson;
import org.dlmwatch.platform.json.EventFile;
import org.dlmwatch.platform.topics.TopicCatalog;
import org.dlmwatch.platform.topics.TopicSpec;
import org.dlmwatch.registry.SerdeSettings;
import org.dlmwatch.registry.SpecificAvroDeserializer;
import org.dlmwatch.registry.SpecificAvroSerializer;
import org.dlmwatch.rules.RuleConfig;
import org.dlmwatch.rules.validation.LabCodes;
import org.junit.jupiter.api.Test;

/**
 * The live engine on the real broker and registry, against the replay of the same events.
 *
 * <p>A cohort of eight patients ({@code it/cohort.jsonl}, the clinical situations of the rules'
 * scenario suite: a DLM reappearance, a fast CEA rise, a negative control, a flood of non-CEA lab
 * results, a rescue evaluation, a corrected result that retracts, an equivocal focus fulfilled by
 * MRI, a CT-defined DLM) is published while the engine runs, with poison pills on every input
 * topic interleaved with the valid records of the same patients. The alerts on
 * {@code surveillance.alerts.v1} must be those of {@link TopologyReplay} on the same file, every
 * poison pill must be one dead letter on {@code surveillance.dlq.v1} with its origin, bytes and a
 * reason free of patient data, and the engine's meters must have counted them.
 */
@WithLocalCluster
class EngineCohortIT {

    private static final String PREFIX = "COH-";
    private static final String APP_ID = "it-engine-cohort";

    /**
     * Left out of the comparison with the replay: the cohort's dates are historical (2025), and the
     * live engine's overdue check judges the schedule against the wall clock (clinical-spec §3.4), so
     * every patient of the cohort is overdue live, by a number of missed exams that grows with the
     * date the test runs. The replay judges at its as-of time instead. Everything else is a function of the
     * patient's history alone and must match exactly.
     */
    private static final Set<AlertType> CLOCK_DEPENDENT = EnumSet.of(AlertType.SURVEILLANCE_OVERDUE);

    /** An input record that must be dead-lettered, and what must not appear in the reason. */
    private record Poison(String what, TopicSpec topic, String key, byte[] value, String errorCode,
            List<String> patientData) {}

    private record Sent(Poison poison, RecordMetadata at) {}

    @Test
    void alertsAsTheReplayDoesAndDeadLettersEveryPoisonPill(LocalCluster cluster) {
        ItCluster.prepare(cluster);
        EventFile cohort = CohortFile.load("it/cohort.jsonl", PREFIX);

        // the replay with the live engine's idea of "now": the same future-timestamp judgement
        TopologyReplay.Result replay = TopologyReplay.run(cohort, Optional.of(Instant.now()), RuleConfig.defaults());
        assertThat(replay.deadLetters()).as("the cohort file itself is valid input").isEmpty();
        Set<Key> expected = AlertChanges.raisedOrFulfilled(replay.alerts(), CLOCK_DEPENDENT);
        assertThat(expected).extracting(Key::type).as("the cohort covers its clinical situations")
                .contains(AlertType.DLM_REAPPEARANCE, AlertType.CEA_CONSECUTIVE_RISE,
                        AlertType.CEA_SHORT_DOUBLING_TIME, AlertType.CEA_ELEVATED_CONFIRMED,
                        AlertType.RESCUE_EVALUATION, AlertType.LESION_EQUIVOCAL, AlertType.DLM_NOT_HBP_CONFIRMED);
        assertThat(expected).extracting(Key::patientId).as("patients with poison pills still alert")
                .contains(PREFIX + "P01", PREFIX + "P02", PREFIX + "P05")
                .doesNotContain(PREFIX + "P03", PREFIX + "P04");
        List<SurveillanceAlert> retracted = replay.alerts().stream()
                .filter(a -> a.getStatus() == AlertStatus.RETRACTED && !CLOCK_DEPENDENT.contains(a.getType()))
                .toList();
        assertThat(retracted).extracting(SurveillanceAlert::getPatientId, SurveillanceAlert::getType)
                .as("the corrected CEA of P06 retracts two alerts:%s", AlertChanges.describe(replay.alerts()))
                .containsExactlyInAnyOrder(tuple(PREFIX + "P06", AlertType.CEA_REPEAT_REQUESTED),
                        tuple(PREFIX + "P06", AlertType.CEA_RISE_ABOVE_BASELINE));
        Set<String> retractedInReplay = retracted.stream().map(SurveillanceAlert::getAlertId).collect(Collectors.toSet());

        Map<String, List<Poison>> poisonsAfterEnrollmentOf = poisonPills(cluster, cohort);
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        Path stateDir = ItCluster.freshStateDir(APP_ID);
        var settings = ItCluster.engineSettings(cluster, APP_ID, stateDir, Duration.ofSeconds(2), Map.of());
        var topics = ItCluster.topics(cluster);

        try (SurveillanceEngine engine = new SurveillanceEngine(settings, meters).start(ItCluster.ENGINE_START);
                InputPublisher publisher = new InputPublisher(cluster);
                TopicReader<SurveillanceAlert> alerts = new TopicReader<>(cluster, TopicCatalog.ALERTS.name(),
                        new SpecificAvroDeserializer<>(SurveillanceAlert.class, topics.registry(),
                                SerdeSettings.defaults()));
                TopicReader<DeadLetter> deadLetters = new TopicReader<>(cluster, TopicCatalog.DEAD_LETTERS.name(),
                        new SpecificAvroDeserializer<>(DeadLetter.class, topics.registry(), SerdeSettings.defaults()))) {

            // the engine reads the shared input topics from the start: let it finish what other
            // tests of the run published, and count from there
            ItCluster.awaitInputCommitted(cluster, APP_ID, Duration.ofSeconds(60));
            Map<String, Long> deadLettersBefore = deadLetterCounts(meters);
            Map<String, Long> inputRecordsBefore = inputRecordCounts(meters);

            // publish while the engine runs: the cohort in file order, each poisoned patient's
            // poison pills right after its enrollment, before the rest of its valid records
            List<Sent> poisons = new ArrayList<>();
            Set<String> validOrigins = new HashSet<>();
            for (EventFile.Line line : cohort.events()) {
                RecordMetadata at = publisher.send(line.event());
                validOrigins.add(origin(at.topic(), at.partition(), at.offset()));
                if (line.event().record() instanceof Enrollment e) {
                    for (Poison p : poisonsAfterEnrollmentOf.getOrDefault(e.getPatientId(), List.of())) {
                        poisons.add(new Sent(p, publisher.sendRaw(p.topic(),
                                p.key().getBytes(StandardCharsets.UTF_8), p.value())));
                    }
                }
            }
            assertThat(poisons).hasSize(11);

            ItCluster.awaitInputCommitted(cluster, APP_ID, Duration.ofSeconds(60));

            // alerts: the replay's RAISED and FULFILLED alerts, by patient, type, id and status
            await("the engine's alerts match the replay").atMost(Duration.ofSeconds(15))
                    .pollInterval(Duration.ofMillis(100))
                    .untilAsserted(() -> assertThat(AlertChanges.raisedOrFulfilled(
                            AlertChanges.finalStates(AlertChanges.ofPatients(alerts.poll(), PREFIX)).values(),
                            CLOCK_DEPENDENT))
                            .containsExactlyElementsOf(expected));
            List<SurveillanceAlert> changes =
                    AlertChanges.ofPatients(alerts.readToEnd(Duration.ofSeconds(10)), PREFIX);
            Map<String, SurveillanceAlert> finals = AlertChanges.finalStates(changes);
            assertThat(AlertChanges.raisedOrFulfilled(finals.values(), CLOCK_DEPENDENT))
                    .as("after everything committed was read").containsExactlyElementsOf(expected);
            Set<String> expectedIds = expected.stream().map(Key::alertId).collect(Collectors.toSet());
            finals.values().stream()
                    .filter(a -> !CLOCK_DEPENDENT.contains(a.getType()) && !expectedIds.contains(a.getAlertId()))
                    .forEach(a -> assertThat(a.getStatus())
                            .as("an alert the replay does not end with may only end retracted: %s",
                                    AlertChanges.describe(a))
                            .isEqualTo(AlertStatus.RETRACTED));
            assertThat(finals.keySet()).as("the replay's retractions").containsAll(retractedInReplay);
            await("live, the historical cohort is overdue at the overdue check").atMost(Duration.ofSeconds(15))
                    .pollInterval(Duration.ofMillis(100))
                    .until(() -> AlertChanges.ofPatients(alerts.poll(), PREFIX).stream()
                            .anyMatch(a -> a.getType() == AlertType.SURVEILLANCE_OVERDUE
                                    && a.getStatus() == AlertStatus.RAISED));

            // dead letters: one per poison pill, pointing at it, carrying its bytes, no patient data
            await("every poison pill is dead-lettered").atMost(Duration.ofSeconds(15))
                    .pollInterval(Duration.ofMillis(100))
                    .until(() -> {
                        var read = deadLetters.poll();
                        return poisons.stream().allMatch(p -> !lettersFor(read, p).isEmpty());
                    });
            List<TopicReader.Read<DeadLetter>> letters = deadLetters.readToEnd(Duration.ofSeconds(10));
            for (Sent sent : poisons) {
                Poison p = sent.poison();
                List<DeadLetter> mine = lettersFor(letters, sent);
                assertThat(mine).as("dead letters of %s", p.what()).hasSize(1);
                DeadLetter letter = mine.get(0);
                assertThat(letter.getErrorCode()).as("error code of %s", p.what()).isEqualTo(p.errorCode());
                assertThat(bytes(letter.getKey())).as("key of %s", p.what())
                        .isEqualTo(p.key().getBytes(StandardCharsets.UTF_8));
                assertThat(bytes(letter.getValue())).as("value of %s", p.what()).isEqualTo(p.value());
                assertThat(letter.getFailedAt()).isNotNull();
                assertThat(letter.getErrorMessage()).as("reason of %s", p.what()).isNotBlank();
                for (String secret : p.patientData()) {
                    assertThat(letter.getErrorMessage()).as("reason of %s quotes no patient data", p.what())
                            .doesNotContain(secret);
                }
            }
            assertThat(letters).as("dead letters are keyed by their source topic")
                    .allSatisfy(r -> assertThat(r.key()).isEqualTo(r.value().getSourceTopic()));
            assertThat(letters).as("no valid record of the cohort is dead-lettered")
                    .noneMatch(r -> validOrigins.contains(origin(r.value().getSourceTopic(),
                            r.value().getPartition(), r.value().getOffset())));

            // meters: dead letters per error code and topic, non-CEA results ignored, counted
            // since the cohort was published
            Map<String, Long> expectedDeadLetters = poisons.stream()
                    .collect(Collectors.groupingBy(s -> s.poison().errorCode() + " " + s.poison().topic().name(),
                            TreeMap::new, Collectors.counting()));
            assertThat(difference(deadLetterCounts(meters), deadLettersBefore))
                    .as("counter %s by error code and topic", DeadLetters.COUNTER).isEqualTo(expectedDeadLetters);
            Map<String, Long> inputRecords = difference(inputRecordCounts(meters), inputRecordsBefore);
            assertThat(inputRecords.get("ignored-not-cea " + TopicCatalog.LAB_RESULTS.name()))
                    .as("non-CEA lab results counted as ignored (%s)", inputRecords)
                    .isEqualTo(labResults(cohort, LabCodes.Kind.NOT_CEA)).isGreaterThan(25);
            assertThat(inputRecords.get("ignored-cea-non-comparable " + TopicCatalog.LAB_RESULTS.name()))
                    .isEqualTo(labResults(cohort, LabCodes.Kind.CEA_NON_COMPARABLE));
            for (TopicSpec topic : ItCluster.INPUTS) {
                assertThat(inputRecords.getOrDefault("dead-lettered " + topic.name(), 0L))
                        .as("dead-lettered from %s", topic.name())
                        .isEqualTo(poisons.stream().filter(s -> s.poison().topic().equals(topic)).count());
            }
        }
    }

    /**
     * On each input topic: bytes that are not the wire format (a JSON line instead of Avro), Avro
     * cut in half, and valid Avro that fails validation. Keyed by the patient they claim to be.
     */
    private static Map<String, List<Poison>> poisonPills(LocalCluster cluster, EventFile cohort) {
        var avro = new SpecificAvroSerializer<SpecificRecord>(ItCluster.registry(cluster), SerdeSettings.defaults());
        String p01 = PREFIX + "P01";
        String p02 = PREFIX + "P02";
        String p03 = PREFIX + "P03";
        String p05 = PREFIX + "P05";
        TopicSpec labs = TopicCatalog.LAB_RESULTS;
        TopicSpec imaging = TopicCatalog.IMAGING_REPORTS;
        TopicSpec enrollments = TopicCatalog.ENROLLMENTS;

        LabResult cea = first(cohort, LabResult.class, p02);
        LabResult unknownUnit = LabResult.newBuilder(cea).setResultId("RX-UNIT").setValue(4.4).setUnit("mmol/parsec")
                .build();
        LabResult negative = LabResult.newBuilder(cea).setResultId("RX-NEG").setValue(-3.3).build();
        LabResult otherPatientsKey = LabResult.newBuilder(cea).setResultId("RX-KEY").setValue(12.5).build();

        ImagingReport report = first(cohort, ImagingReport.class, p01);
        ImagingReport segmentIX = ImagingReport.newBuilder(report).setReportId("RX-SEG")
                .setFindings(List.of(LesionFinding.newBuilder().setTrackingId(null).setSegment("IX").setSizeMm(7.0)
                        .setStatus(FindingStatus.PRESENT).build()))
                .build();

        Enrollment enrollment = first(cohort, Enrollment.class, p05);
        Instant future = Instant.now().plus(2, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS);
        Enrollment fromTheFuture = Enrollment.newBuilder(enrollment).setUpdatedAt(future).build();

        List<String> p02Data = List.of(p02, "ng/mL", "2039-6");
        return Map.of(
                p02, List.of(
                        new Poison("lab result as JSON text", labs, p02, json(cea), "DESERIALIZATION_FAILED", p02Data),
                        new Poison("lab result cut short", labs, p02, truncated(avro.serialize(labs.name(), cea)),
                                "DESERIALIZATION_FAILED", p02Data),
                        new Poison("CEA in mmol/parsec", labs, p02, avro.serialize(labs.name(), unknownUnit),
                                "UNKNOWN_UNIT", List.of(p02, "mmol/parsec", "parsec", "4.4", "RX-UNIT")),
                        new Poison("negative CEA", labs, p02, avro.serialize(labs.name(), negative), "INVALID_VALUE",
                                List.of(p02, "-3.3", "3.3", "RX-NEG")),
                        new Poison("CEA keyed by another patient", labs, p03,
                                avro.serialize(labs.name(), otherPatientsKey), "KEY_MISMATCH",
                                List.of(p02, p03, "12.5", "RX-KEY"))),
                p01, List.of(
                        new Poison("imaging report as JSON text", imaging, p01, json(report),
                                "DESERIALIZATION_FAILED", List.of(p01, "MRI_HBP_DWI")),
                        new Poison("imaging report cut short", imaging, p01,
                                truncated(avro.serialize(imaging.name(), report)), "DESERIALIZATION_FAILED",
                                List.of(p01)),
                        new Poison("finding in segment IX", imaging, p01, avro.serialize(imaging.name(), segmentIX),
                                "UNKNOWN_SEGMENT", List.of(p01, "IX", "RX-SEG", "7.0"))),
                p05, List.of(
                        new Poison("enrollment as JSON text", enrollments, p05, json(enrollment),
                                "DESERIALIZATION_FAILED", List.of(p05)),
                        new Poison("enrollment cut short", enrollments, p05,
                                truncated(avro.serialize(enrollments.name(), enrollment)), "DESERIALIZATION_FAILED",
                                List.of(p05)),
                        new Poison("enrollment updated two days from now", enrollments, p05,
                                avro.serialize(enrollments.name(), fromTheFuture), "FUTURE_TIMESTAMP",
                                List.of(p05, future.toString(), future.toString().substring(0, 10)))));
    }

    private static <T extends SpecificRecord> T first(EventFile file, Class<T> type, String patientId) {
        return file.events().stream()
                .map(line -> line.event().record())
                .filter(type::isInstance)
                .map(type::cast)
                .filter(r -> patientId.equals(String.valueOf(r.get(r.getSchema().getField("patientId").pos()))))
                .findFirst()
                .orElseThrow();
    }

    /** A producer that writes JSON instead of the wire format: the first byte is '{', not the magic byte 0. */
    private static byte[] json(SpecificRecord record) {
        return ContractJson.toJsonLine(record).getBytes(StandardCharsets.UTF_8);
    }

    /** The wire-format header intact, the Avro body cut in half. */
    private static byte[] truncated(byte[] wireFormat) {
        return Arrays.copyOf(wireFormat, 5 + (wireFormat.length - 5) / 2);
    }

    private static List<DeadLetter> lettersFor(List<TopicReader.Read<DeadLetter>> letters, Sent sent) {
        String origin = origin(sent.at().topic(), sent.at().partition(), sent.at().offset());
        return letters.stream()
                .map(TopicReader.Read::value)
                .filter(l -> origin.equals(origin(l.getSourceTopic(), l.getPartition(), l.getOffset())))
                .toList();
    }

    private static String origin(String topic, int partition, long offset) {
        return topic + "/" + partition + "@" + offset;
    }

    private static byte[] bytes(ByteBuffer buffer) {
        if (buffer == null) {
            return null;
        }
        ByteBuffer copy = buffer.duplicate();
        byte[] out = new byte[copy.remaining()];
        copy.get(out);
        return out;
    }

    /** Counter {@value DeadLetters#COUNTER} by "errorCode topic". */
    private static Map<String, Long> deadLetterCounts(SimpleMeterRegistry meters) {
        return meters.find(DeadLetters.COUNTER).counters().stream()
                .collect(Collectors.toMap(c -> c.getId().getTag("errorCode") + " " + c.getId().getTag("topic"),
                        c -> (long) c.count(), Long::sum, TreeMap::new));
    }

    /** Counter {@value InputIntake#INPUT_RECORDS} by "outcome topic". */
    private static Map<String, Long> inputRecordCounts(SimpleMeterRegistry meters) {
        return meters.find(InputIntake.INPUT_RECORDS).counters().stream()
                .collect(Collectors.toMap(c -> c.getId().getTag("outcome") + " " + c.getId().getTag("topic"),
                        c -> (long) c.count(), Long::sum, TreeMap::new));
    }

    /** {@code after - before} per key, leaving out what did not change. */
    private static Map<String, Long> difference(Map<String, Long> after, Map<String, Long> before) {
        Map<String, Long> diff = new TreeMap<>();
        after.forEach((key, count) -> {
            long delta = count - before.getOrDefault(key, 0L);
            if (delta != 0) {
                diff.put(key, delta);
            }
        });
        return diff;
    }

    private static long labResults(EventFile file, LabCodes.Kind kind) {
        return file.events().stream()
                .map(line -> line.event().record())
                .filter(r -> r instanceof LabResult l && LabCodes.classify(l.getLoinc()) == kind)
                .count();
    }
}
