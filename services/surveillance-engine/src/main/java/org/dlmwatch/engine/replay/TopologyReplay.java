package org.dlmwatch.engine.replay;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.stream.Stream;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.dlmwatch.engine.SurveillanceTopology;
import org.dlmwatch.engine.SurveillanceTopology.Timekeeping;
import org.dlmwatch.events.v1.DeadLetter;
import org.dlmwatch.events.v1.Enrollment;
import org.dlmwatch.events.v1.ImagingReport;
import org.dlmwatch.events.v1.LabResult;
import org.dlmwatch.events.v1.SurveillanceAlert;
import org.dlmwatch.platform.json.EventFile;
import org.dlmwatch.platform.topics.Topics;
import org.dlmwatch.registry.InMemorySchemaRegistry;
import org.dlmwatch.registry.SpecificAvroSerializer;
import org.dlmwatch.registry.SerdeSettings;
import org.dlmwatch.rules.RuleConfig;

/**
 * Runs the engine's own topology over a JSON-lines event file, in process and without a broker
 * (TopologyTestDriver), and returns the final state of every alert. The clock follows
 * clinical-spec §3.4: at each event, the latest clinical time seen so far; after the last event,
 * the as-of time (default: the latest clinical time in the file).
 */
public final class TopologyReplay {

    /** A dead letter traced back to the line of the file it came from. */
    public record DeadLetterLine(int line, String errorCode, String message) {
        @Override
        public String toString() {
            return "line " + line + ": " + errorCode + " " + message;
        }
    }

    /**
     * @param alerts the last version of every alert, sorted by patient id then alert id
     * @param changes every alert change in the order the engine emitted it
     */
    public record Result(Instant asOf, List<SurveillanceAlert> alerts, List<SurveillanceAlert> changes,
            List<DeadLetterLine> deadLetters, List<EventFile.Rejection> rejectedLines) {}

    private static final Duration FINAL_TICK = Duration.ofDays(1);

    private TopologyReplay() {}

    public static Result run(EventFile file, Optional<Instant> asOf, RuleConfig config) {
        Instant clockAtEnd = asOf.orElseGet(() -> latestClinicalTime(file));
        Topics topics = new Topics(new InMemorySchemaRegistry(), true);
        Timekeeping time = Timekeeping.replay(FINAL_TICK);
        Path stateDir = tempDir();
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "dlm-watch-replay");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "replay.invalid:9092");
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        try (TopologyTestDriver driver = new TopologyTestDriver(
                SurveillanceTopology.build(topics, config, time, new SimpleMeterRegistry()), props,
                clockAtEnd.minus(FINAL_TICK))) {
            var values = new SpecificAvroSerializer<SpecificRecord>(topics.registry(), SerdeSettings.defaults());
            Map<String, TestInputTopic<String, byte[]>> inputs = new HashMap<>();
            Map<String, List<Integer>> linesByOffset = new HashMap<>();
            for (EventFile.Line line : file.events()) {
                String topic = line.event().topic().name();
                inputs.computeIfAbsent(topic, name -> driver.createInputTopic(name, new StringSerializer(),
                                new ByteArraySerializer()))
                        .pipeInput(line.event().key(), values.serialize(topic, line.event().record()));
                linesByOffset.computeIfAbsent(topic, name -> new ArrayList<>()).add(line.number());
            }
            driver.advanceWallClockTime(FINAL_TICK);

            List<SurveillanceAlert> changes = driver.createOutputTopic(topics.alerts.name(), new StringDeserializer(),
                    topics.alerts.valueSerde().deserializer()).readValuesToList();
            List<DeadLetterLine> deadLetters = driver.createOutputTopic(topics.deadLetters.name(),
                            new StringDeserializer(), topics.deadLetters.valueSerde().deserializer())
                    .readValuesToList().stream()
                    .map(letter -> traced(letter, linesByOffset))
                    .toList();
            return new Result(clockAtEnd, finalStates(changes), changes, deadLetters, file.rejections());
        } finally {
            deleteQuietly(stateDir);
        }
    }

    /** The last version of every alert, sorted by patient id then alert id. */
    static List<SurveillanceAlert> finalStates(List<SurveillanceAlert> changes) {
        Map<String, SurveillanceAlert> last = new LinkedHashMap<>();
        changes.forEach(alert -> last.put(alert.getAlertId(), alert));
        return last.values().stream()
                .sorted(Comparator.comparing(SurveillanceAlert::getPatientId).thenComparing(SurveillanceAlert::getAlertId))
                .toList();
    }

    private static DeadLetterLine traced(DeadLetter letter, Map<String, List<Integer>> linesByOffset) {
        int line = linesByOffset.get(letter.getSourceTopic()).get((int) letter.getOffset());
        return new DeadLetterLine(line, letter.getErrorCode(), letter.getErrorMessage());
    }

    /** The default as-of time: the latest clinical time in the file. */
    static Instant latestClinicalTime(EventFile file) {
        return file.events().stream()
                .map(line -> clinicalTime(line.event().record()))
                .max(Comparator.naturalOrder())
                .orElse(Instant.EPOCH);
    }

    private static Instant clinicalTime(SpecificRecord record) {
        if (record instanceof LabResult r) {
            return r.getCollectedAt();
        }
        if (record instanceof ImagingReport r) {
            return r.getStudyAt();
        }
        Enrollment e = (Enrollment) record;
        Instant enrolled = e.getEnrolledOn().atStartOfDay(ZoneOffset.UTC).toInstant();
        return e.getUpdatedAt().isAfter(enrolled) ? e.getUpdatedAt() : enrolled;
    }

    private static Path tempDir() {
        try {
            return Files.createTempDirectory("dlm-watch-replay");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void deleteQuietly(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a temp dir left behind is harmless
        }
    }
}
