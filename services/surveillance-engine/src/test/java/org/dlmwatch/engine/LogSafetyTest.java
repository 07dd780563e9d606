package org.dlmwatch.engine;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.core.read.ListAppender;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TopologyTestDriver;
import org.dlmwatch.engine.SurveillanceTopology.Timekeeping;
import org.dlmwatch.events.v1.DeadLetter;
import org.dlmwatch.platform.json.ContractEvent;
import org.dlmwatch.platform.json.ContractJson;
import org.dlmwatch.platform.topics.Topics;
import org.dlmwatch.registry.InMemorySchemaRegistry;
import org.dlmwatch.registry.SerdeSettings;
import org.dlmwatch.registry.SpecificAvroSerializer;
import org.dlmwatch.rules.RuleConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * Patient identifiers, values and free text never reach the logs or the dead letters' messages:
 * bad inputs full of recognisable patient data go through the engine, and every log event (message,
 * key-value pairs, exceptions) and every dead letter's errorMessage is searched for them.
 */
class LogSafetyTest {

    static final String PATIENT = "PT-SENTINEL-4711";
    static final List<String> SENTINELS = List.of(PATIENT, "RES-SENTINEL", "4242.42", "SENTINEL-UNIT",
            "SENTINEL-SOURCE", "SENTINEL-SEG", "LES-SENTINEL", "SENTINEL-METHOD");

    @TempDir
    Path stateDir;

    @Test
    void badInputLeavesNoPatientDataInLogsOrDeadLetterMessages() throws Exception {
        ListAppender<ILoggingEvent> logs = new ListAppender<>();
        Logger root = ((LoggerContext) LoggerFactory.getILoggerFactory()).getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        logs.start();
        root.addAppender(logs);
        Instant now = Instant.parse("2025-06-01T12:00:00Z");
        Topics topics = new Topics(new InMemorySchemaRegistry(), true);
        var avro = new SpecificAvroSerializer<SpecificRecord>(topics.registry(), SerdeSettings.defaults());
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "log-safety");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        List<DeadLetter> deadLetters;
        try (var driver = new TopologyTestDriver(SurveillanceTopology.build(topics, RuleConfig.defaults(),
                Timekeeping.live(Duration.ofHours(1)), new SimpleMeterRegistry()), props, now)) {
            var inputs = new java.util.HashMap<String, org.apache.kafka.streams.TestInputTopic<String, byte[]>>();
            for (String line : badAndGoodInput()) {
                ContractEvent event = ContractJson.parseEvent(line);
                inputs.computeIfAbsent(event.topic().name(), t -> driver.createInputTopic(t, new StringSerializer(),
                                new ByteArraySerializer()))
                        .pipeInput(event.key(), avro.serialize(event.topic().name(), event.record()));
            }
            // bytes that do not decode, carrying patient data in clear text
            inputs.get(topics.labResults.name()).pipeInput(PATIENT,
                    ("{\"patientId\":\"" + PATIENT + "\",\"value\":4242.42}").getBytes(StandardCharsets.UTF_8));
            // a valid record keyed by another patient
            inputs.get(topics.labResults.name()).pipeInput("OTHER-PATIENT", avro.serialize(topics.labResults.name(),
                    ContractJson.parseEvent(lab("R-KEY", "4242.42", "ng/mL", "2025-05-01T08:00:00Z")).record()));
            driver.advanceWallClockTime(Duration.ofDays(200));
            deadLetters = driver.createOutputTopic(topics.deadLetters.name(), new StringDeserializer(),
                    topics.deadLetters.valueSerde().deserializer()).readValuesToList();
        } finally {
            root.detachAppender(logs);
        }

        assertThat(deadLetters).extracting(DeadLetter::getErrorCode).contains("UNKNOWN_UNIT", "MISSING_UNIT",
                "INVALID_VALUE", "UNKNOWN_SEGMENT", "FUTURE_TIMESTAMP", "DESERIALIZATION_FAILED", "KEY_MISMATCH");
        assertThat(deadLetters).allSatisfy(letter ->
                assertThat(letter.getErrorMessage()).doesNotContain(SENTINELS.toArray(String[]::new)));
        List<String> logged = logs.list.stream().map(LogSafetyTest::everything).toList();
        assertThat(logged).as("something was logged").isNotEmpty();
        assertThat(logged).allSatisfy(text -> assertThat(text).doesNotContain(SENTINELS.toArray(String[]::new)));
    }

    /** Everything a log event could print: message, arguments, key-value pairs, exceptions. */
    private static String everything(ILoggingEvent event) {
        List<String> parts = new ArrayList<>();
        parts.add(event.getFormattedMessage());
        if (event.getKeyValuePairs() != null) {
            event.getKeyValuePairs().forEach(kv -> parts.add(kv.key + "=" + kv.value));
        }
        for (IThrowableProxy t = event.getThrowableProxy(); t != null; t = t.getCause()) {
            parts.add(t.getClassName() + ": " + t.getMessage());
        }
        return String.join(" | ", parts);
    }

    private static List<String> badAndGoodInput() {
        return List.of(
                "{\"type\":\"enrollment\",\"patientId\":\"" + PATIENT + "\",\"enrolledOn\":\"2025-01-10\",\"lesions\":[{\"lesionId\":\"LES-SENTINEL\",\"segment\":\"VII\",\"disappearedOn\":\"2024-12-20\",\"establishedBy\":\"CT\"}],\"status\":\"ACTIVE\",\"updatedAt\":\"2025-01-10T12:00:00Z\"}",
                lab("RES-SENTINEL-1", "2.0", "ng/mL", "2025-02-01T08:00:00Z"),
                lab("RES-SENTINEL-2", "4242.42", "SENTINEL-UNIT", "2025-03-01T08:00:00Z"),
                lab("RES-SENTINEL-3", "4242.42", null, "2025-03-02T08:00:00Z"),
                lab("RES-SENTINEL-4", "-4242.42", "ng/mL", "2025-03-03T08:00:00Z"),
                lab("RES-SENTINEL-5", "4242.42", "ng/mL", "2025-09-03T08:00:00Z"),
                lab("RES-SENTINEL-6", "4242.42", "ng/mL", "2025-04-03T08:00:00Z"),
                "{\"type\":\"imaging_report\",\"reportId\":\"RES-SENTINEL-7\",\"patientId\":\"" + PATIENT + "\",\"studyAt\":\"2025-04-10T10:00:00Z\",\"modality\":\"MRI_HBP_DWI\",\"status\":\"FINAL\",\"findings\":[{\"trackingId\":\"LES-SENTINEL\",\"segment\":\"SENTINEL-SEG\",\"sizeMm\":4242.42,\"status\":\"PRESENT\"}],\"reportedAt\":\"2025-04-10T16:00:00Z\",\"sourceSystem\":\"SENTINEL-SOURCE\"}",
                "{\"type\":\"imaging_report\",\"reportId\":\"RES-SENTINEL-8\",\"patientId\":\"" + PATIENT + "\",\"studyAt\":\"2025-04-11T10:00:00Z\",\"modality\":\"MRI_HBP_DWI\",\"status\":\"FINAL\",\"findings\":[{\"trackingId\":\"LES-SENTINEL\",\"segment\":\"VII\",\"sizeMm\":4242.42,\"status\":\"PRESENT\"}],\"reportedAt\":\"2025-04-11T16:00:00Z\",\"sourceSystem\":\"SENTINEL-SOURCE\"}");
    }

    private static String lab(String id, String value, String unit, String at) {
        return "{\"type\":\"lab_result\",\"resultId\":\"" + id + "\",\"patientId\":\"" + PATIENT + "\",\"loinc\":\"2039-6\",\"value\":"
                + value + (unit == null ? "" : ",\"unit\":\"" + unit + "\"") + ",\"status\":\"FINAL\",\"collectedAt\":\"" + at
                + "\",\"resultedAt\":\"" + at + "\",\"method\":\"SENTINEL-METHOD\",\"sourceSystem\":\"SENTINEL-SOURCE\"}";
    }
}
