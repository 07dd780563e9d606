package org.dlmwatch.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Properties;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;
import org.dlmwatch.engine.SurveillanceTopology.Timekeeping;
import org.dlmwatch.events.v1.AlertStatus;
import org.dlmwatch.events.v1.AlertType;
import org.dlmwatch.events.v1.DeadLetter;
import org.dlmwatch.events.v1.SurveillanceAlert;
import org.dlmwatch.platform.json.ContractJson;
import org.dlmwatch.platform.topics.Topics;
import org.dlmwatch.registry.InMemorySchemaRegistry;
import org.dlmwatch.registry.SerdeSettings;
import org.dlmwatch.registry.SpecificAvroSerializer;
import org.dlmwatch.rules.RuleConfig;
import org.dlmwatch.rules.lifecycle.PatientState;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The live topology (clinical time at events, wall clock at overdue checks) driven by TopologyTestDriver. */
class SurveillanceTopologyTest {

    static final Instant NOW = Instant.parse("2025-03-01T12:00:00Z");
    static final String ENROLLMENT = """
            {"type":"enrollment","patientId":"P1","enrolledOn":"2025-01-10","lastChemoDoseOn":"2024-11-15","lesions":[{"lesionId":"L1","segment":"VII","baselineSizeMm":14,"disappearedOn":"2024-12-20","establishedBy":"MRI_HBP_DWI"}],"status":"ACTIVE","updatedAt":"2025-01-10T12:00:00Z"}""";

    @TempDir
    Path stateDir;

    final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    final Topics topics = new Topics(new InMemorySchemaRegistry(), true);
    final SpecificAvroSerializer<SpecificRecord> avro =
            new SpecificAvroSerializer<>(topics.registry(), SerdeSettings.defaults());
    TopologyTestDriver driver;
    TestInputTopic<String, byte[]> enrollments;
    TestInputTopic<String, byte[]> labResults;
    TestInputTopic<String, byte[]> imagingReports;
    TestOutputTopic<String, SurveillanceAlert> alerts;
    TestOutputTopic<String, DeadLetter> deadLetters;

    @BeforeEach
    void start() {
        startAt(NOW);
    }

    /** A fresh driver whose wall clock starts at {@code wallClock}. */
    private void startAt(Instant wallClock) {
        if (driver != null) {
            driver.close();
        }
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "topology-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        driver = new TopologyTestDriver(SurveillanceTopology.build(topics, RuleConfig.defaults(),
                Timekeeping.live(Duration.ofHours(1)), meters), props, wallClock);
        enrollments = input(topics.enrollments.name());
        labResults = input(topics.labResults.name());
        imagingReports = input(topics.imagingReports.name());
        alerts = driver.createOutputTopic(topics.alerts.name(), new StringDeserializer(),
                topics.alerts.valueSerde().deserializer());
        deadLetters = driver.createOutputTopic(topics.deadLetters.name(), new StringDeserializer(),
                topics.deadLetters.valueSerde().deserializer());
    }

    @AfterEach
    void stop() {
        driver.close();
    }

    @Test
    void aNonCeaLabResultIsDroppedAndCountedWithoutTouchingState() {
        pipe(labResults, lab("H1", "718-7", 13.2, "g/dL", "2025-02-01T08:00:00Z"));

        assertThat(store().approximateNumEntries()).isZero();
        assertThat(alerts.isEmpty()).isTrue();
        assertThat(deadLetters.isEmpty()).isTrue();
        assertThat(counter("ignored-not-cea")).isEqualTo(1.0);
    }

    @Test
    void historyBeforeEnrollmentIsKeptAndAlertsOnlyOnceEnrolled() {
        pipe(labResults, lab("R1", "2039-6", 2.0, "ng/mL", "2025-01-20T08:00:00Z"));
        pipe(labResults, lab("R2", "2039-6", 9.5, "ng/mL", "2025-02-20T08:00:00Z"));
        assertThat(store().get("P1")).isNotNull();
        assertThat(alerts.isEmpty()).as("no enrollment, no alert").isTrue();

        pipe(enrollments, ENROLLMENT);

        assertThat(alerts.readValuesToList()).extracting(SurveillanceAlert::getType)
                .contains(AlertType.CEA_REPEAT_REQUESTED, AlertType.CEA_RISE_ABOVE_BASELINE);
    }

    @Test
    void bytesThatDoNotDeserializeAreDeadLetteredWithTheOriginalBytesAndTheStreamGoesOn() {
        byte[] garbage = "not avro at all".getBytes(StandardCharsets.UTF_8);
        labResults.pipeInput("P1", garbage);
        pipe(enrollments, ENROLLMENT);
        pipe(labResults, lab("R1", "2039-6", 2.0, "ng/mL", "2025-01-20T08:00:00Z"));
        pipe(labResults, lab("R2", "2039-6", 9.5, "ng/mL", "2025-02-20T08:00:00Z"));

        DeadLetter letter = deadLetters.readValue();
        assertThat(letter.getErrorCode()).isEqualTo("DESERIALIZATION_FAILED");
        assertThat(letter.getSourceTopic()).isEqualTo(topics.labResults.name());
        assertThat(letter.getOffset()).isZero();
        assertThat(letter.getValue().array()).isEqualTo(garbage);
        assertThat(deadLetters.isEmpty()).isTrue();
        assertThat(alerts.readValuesToList()).extracting(SurveillanceAlert::getType)
                .as("the valid records after the poison pill still alert")
                .contains(AlertType.CEA_RISE_ABOVE_BASELINE);
    }

    @Test
    void anInvalidRecordIsDeadLetteredWithACodeAndAMessageFreeOfPatientData() {
        pipe(labResults, lab("R1", "2039-6", 9.5, "mmol/parsec", "2025-02-20T08:00:00Z"));

        DeadLetter letter = deadLetters.readValue();
        assertThat(letter.getErrorCode()).isEqualTo("UNKNOWN_UNIT");
        assertThat(letter.getErrorMessage()).doesNotContain("P1", "R1", "9.5", "mmol/parsec");
        assertThat(meters.counter("dlmwatch.engine.dead.letters", "errorCode", "UNKNOWN_UNIT",
                "topic", topics.labResults.name()).count()).isEqualTo(1.0);
        assertThat(store().approximateNumEntries()).isZero();
    }

    @Test
    void aRecordKeyedByAnotherPatientIsDeadLettered() {
        labResults.pipeInput("P2", avro.serialize(topics.labResults.name(),
                parse(lab("R1", "2039-6", 2.0, "ng/mL", "2025-02-20T08:00:00Z"))));

        assertThat(deadLetters.readValue().getErrorCode()).isEqualTo("KEY_MISMATCH");
        assertThat(store().approximateNumEntries()).isZero();
    }

    @Test
    void theWallClockPunctuationRaisesOverdueSurveillance() {
        pipe(enrollments, ENROLLMENT);
        alerts.readValuesToList();

        // MRI due 3 months after enrollment (2025-04-10) and overdue 30 days later
        driver.advanceWallClockTime(Duration.ofDays(100));

        List<SurveillanceAlert> raised = alerts.readValuesToList();
        assertThat(raised).extracting(SurveillanceAlert::getType).contains(AlertType.SURVEILLANCE_OVERDUE);
        assertThat(raised).allSatisfy(alert -> assertThat(alert.getDetectedAt()).isAfter(NOW));
    }

    /**
     * Two years of history fed at once (a new programme's backlog, a catch-up): judged as it happened,
     * it leaves an overdue alert only for the exam that came late, FULFILLED, as the replay does; not a
     * RAISED and RETRACTED overdue alert for every gap of the backlog. The wall clock reaches the
     * patient at the next overdue check.
     */
    @Test
    void aBacklogFedAtOnceIsJudgedAsItHappenedAndTheWallClockAtTheOverdueCheck() {
        startAt(Instant.parse("2027-02-20T00:00:00Z"));
        pipe(enrollments, ENROLLMENT);
        for (String day : List.of("2025-04-01", "2025-07-01", "2025-09-25", "2026-02-10", "2026-05-05",
                "2026-08-01", "2026-11-01")) { // 2025-12-25 is due, 2026-01-24 overdue: the MRI of 2026-02-10 is late
            pipe(imagingReports, mri("I" + day, day));
            pipe(labResults, lab("R" + day, "2039-6", 2.0, "ng/mL", day + "T08:00:00Z"));
        }

        // the MRI of 2026-02-10 comes first and fulfils its alert at once; at its clinical time the CEA
        // is overdue too (RAISED), until the CEA drawn the same day arrives (FULFILLED)
        List<SurveillanceAlert> fed = alerts.readValuesToList();
        assertThat(fed).extracting(SurveillanceAlert::getType, SurveillanceAlert::getStatus)
                .as("one overdue MRI and one overdue CEA; no alert raised and retracted for a gap of the backlog")
                .containsExactlyInAnyOrder(tuple(AlertType.SURVEILLANCE_OVERDUE, AlertStatus.FULFILLED),
                        tuple(AlertType.SURVEILLANCE_OVERDUE, AlertStatus.RAISED),
                        tuple(AlertType.SURVEILLANCE_OVERDUE, AlertStatus.FULFILLED));
        assertThat(fed.stream().map(SurveillanceAlert::getAlertId).distinct()).as("two alerts").hasSize(2);

        // the last exams (2026-11-01) were due 2027-02-01 and are overdue after 2027-03-03
        driver.advanceWallClockTime(Duration.ofHours(1));
        assertThat(alerts.readValuesToList()).as("not overdue yet on 2027-02-20").isEmpty();
        driver.advanceWallClockTime(Duration.ofDays(12));
        assertThat(alerts.readValuesToList()).extracting(SurveillanceAlert::getType, SurveillanceAlert::getStatus)
                .as("the wall clock at the overdue check")
                .containsExactlyInAnyOrder(tuple(AlertType.SURVEILLANCE_OVERDUE, AlertStatus.RAISED),
                        tuple(AlertType.SURVEILLANCE_OVERDUE, AlertStatus.RAISED));
    }

    private static String mri(String id, String day) {
        return "{\"type\":\"imaging_report\",\"reportId\":\"" + id + "\",\"patientId\":\"P1\",\"studyAt\":\"" + day
                + "T10:00:00Z\",\"modality\":\"MRI_HBP_DWI\",\"status\":\"FINAL\",\"findings\":[{\"trackingId\":\"L1\","
                + "\"segment\":\"VII\",\"status\":\"ABSENT\"}],\"reportedAt\":\"" + day
                + "T16:00:00Z\",\"sourceSystem\":\"ris-a\"}";
    }

    private TestInputTopic<String, byte[]> input(String topic) {
        return driver.createInputTopic(topic, new StringSerializer(), new ByteArraySerializer());
    }

    private void pipe(TestInputTopic<String, byte[]> topic, String json) {
        var event = parseEvent(json);
        topic.pipeInput("P1", avro.serialize(event.topic().name(), event.record()));
    }

    private static SpecificRecord parse(String json) {
        return parseEvent(json).record();
    }

    private static org.dlmwatch.platform.json.ContractEvent parseEvent(String json) {
        try {
            return ContractJson.parseEvent(json);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static String lab(String id, String loinc, double value, String unit, String collectedAt) {
        return "{\"type\":\"lab_result\",\"resultId\":\"" + id + "\",\"patientId\":\"P1\",\"loinc\":\"" + loinc
                + "\",\"value\":" + value + ",\"unit\":\"" + unit + "\",\"status\":\"FINAL\",\"collectedAt\":\""
                + collectedAt + "\",\"resultedAt\":\"" + collectedAt + "\",\"sourceSystem\":\"lab-a\"}";
    }

    private KeyValueStore<String, PatientState> store() {
        return driver.getKeyValueStore(SurveillanceTopology.PATIENT_STORE);
    }

    private double counter(String outcome) {
        return meters.counter("dlmwatch.engine.input.records", "topic", topics.labResults.name(), "outcome", outcome)
                .count();
    }
}
