package org.dlmwatch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.dlmwatch.events.v1.Enrollment;
import org.dlmwatch.events.v1.ImagingReport;
import org.dlmwatch.events.v1.LabResult;
import org.dlmwatch.local.ApicurioRegistryProcess;
import org.dlmwatch.local.LocalCluster;
import org.dlmwatch.local.WithLocalCluster;
import org.dlmwatch.platform.json.ContractEvent;
import org.dlmwatch.platform.json.ContractJson;
import org.dlmwatch.platform.topics.TopicCatalog;
import org.dlmwatch.platform.topics.TopicSpec;
import org.dlmwatch.registry.CompatibilityLevel;
import org.dlmwatch.registry.HttpSchemaRegistryClient;
import org.dlmwatch.registry.SchemaRegistryClient;
import org.dlmwatch.registry.SerdeSettings;
import org.dlmwatch.registry.SpecificAvroDeserializer;
import org.dlmwatch.registry.WireFormat;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real {@code dlm-watch} commands, run in-process, against the embedded broker and the real
 * Apicurio registry: {@code topics create} and {@code schemas register} as an operator would run
 * them, then {@code publish} (with auto-registration off, the default) of JSON-lines files, read
 * back from the topics with a plain consumer.
 *
 * <p>The cluster is shared with every other IT class of the run and the topics are the fixed ones
 * of the catalog, so every test reads its topics from the beginning and picks its own records by
 * unique ids ({@link #run}).
 */
@WithLocalCluster
class PublishIT {

    /** The contract's example lines (shared/event-contract.md, "JSON form"). */
    private static final String ENROLLMENT_LINE = "{\"type\":\"enrollment\",\"patientId\":\"P1\",\"enrolledOn\":\"2025-01-10\","
            + "\"lastChemoDoseOn\":\"2024-12-01\",\"lesions\":[{\"lesionId\":\"L1\",\"segment\":\"VII\",\"baselineSizeMm\":14,"
            + "\"disappearedOn\":\"2024-12-20\",\"establishedBy\":\"MRI_HBP_DWI\"}],\"status\":\"ACTIVE\","
            + "\"updatedAt\":\"2025-01-10T12:00:00Z\"}";
    private static final String LAB_RESULT_LINE = "{\"type\":\"lab_result\",\"resultId\":\"R1\",\"patientId\":\"P1\","
            + "\"loinc\":\"2039-6\",\"value\":2.1,\"unit\":\"ng/mL\",\"referenceHigh\":5.0,\"status\":\"FINAL\","
            + "\"collectedAt\":\"2025-02-01T08:00:00Z\",\"resultedAt\":\"2025-02-01T14:00:00Z\",\"sourceSystem\":\"lab-a\"}";
    private static final String IMAGING_REPORT_LINE = "{\"type\":\"imaging_report\",\"reportId\":\"I1\",\"patientId\":\"P1\","
            + "\"studyAt\":\"2025-04-10T10:00:00Z\",\"modality\":\"MRI_HBP_DWI\",\"status\":\"FINAL\",\"findings\":[{\"trackingId\":\"L1\","
            + "\"segment\":\"VII\",\"sizeMm\":8,\"status\":\"PRESENT\"}],\"reportedAt\":\"2025-04-10T16:00:00Z\",\"sourceSystem\":\"ris-a\"}";

    private static final Pattern REGISTERED = Pattern.compile("^(\\S+)\\s+schema id (\\d+), (\\w+)$", Pattern.MULTILINE);
    private static final Pattern TOPIC_LINE = Pattern.compile("^(\\S+)\\s+(created|exists)\\s+(\\d+) partitions$", Pattern.MULTILINE);

    private static LocalCluster cluster;
    /** The test's own client: it knows only what it fetches from the registry. */
    private static SchemaRegistryClient registry;
    /** Subject -> schema id, as {@code schemas register} printed them. */
    private static Map<String, Integer> registeredIds;

    private final String run = UUID.randomUUID().toString().substring(0, 8);

    @TempDir
    Path dir;

    /** What an operator does first: create the topics and register the schemas. */
    @BeforeAll
    static void createTopicsAndRegisterSchemas(LocalCluster localCluster) {
        cluster = localCluster;
        registry = new HttpSchemaRegistryClient(cluster.schemaRegistryUrl());
        assertThat(System.getenv("DLMWATCH_AUTO_REGISTER_SCHEMAS"))
                .as("these tests rely on publish's default: auto-registration off").isNull();

        Run topics = dlmWatch("topics", "create");
        assertThat(topics.exitCode()).as(topics.toString()).isZero();
        Map<String, Matcher> byTopic = lines(TOPIC_LINE, topics.out());
        assertThat(byTopic).as(topics.toString()).containsOnlyKeys(names(TopicCatalog.ALL));
        byTopic.values().forEach(m -> assertThat(m.group(3)).isEqualTo("" + TopicCatalog.DEFAULT_PARTITIONS));

        Run schemas = dlmWatch("schemas", "register");
        assertThat(schemas.exitCode()).as(schemas.toString()).isZero();
        assertThat(schemas.err()).isEmpty();
        registeredIds = registeredIds(schemas);
        for (TopicSpec topic : TopicCatalog.ALL) {
            int id = registeredIds.get(topic.valueSubject());
            assertThat(registry.getLatest(topic.valueSubject()).id()).isEqualTo(id);
            assertThat(registry.getById(id)).isEqualTo(SpecificData.get().getSchema(topic.valueType()));
            assertThat(registry.getCompatibility(Optional.of(topic.valueSubject()))).isEqualTo(CompatibilityLevel.BACKWARD);
        }
    }

    @Test
    void topicsCreateAndSchemasRegisterAreIdempotent() throws Exception {
        Run topics = dlmWatch("topics", "create");
        assertThat(topics.exitCode()).as(topics.toString()).isZero();
        Map<String, Matcher> byTopic = lines(TOPIC_LINE, topics.out());
        assertThat(byTopic).containsOnlyKeys(names(TopicCatalog.ALL));
        byTopic.values().forEach(m -> assertThat(m.group(2)).as(m.group()).isEqualTo("exists"));

        try (Admin admin = Admin.create(kafkaProperties())) {
            ConfigResource enrollments = new ConfigResource(ConfigResource.Type.TOPIC, TopicCatalog.ENROLLMENTS.name());
            Config config = admin.describeConfigs(List.of(enrollments)).all().get().get(enrollments);
            assertThat(config.get(TopicConfig.CLEANUP_POLICY_CONFIG).value()).isEqualTo(TopicConfig.CLEANUP_POLICY_COMPACT);
        }

        Run schemas = dlmWatch("schemas", "register");
        assertThat(schemas.exitCode()).as(schemas.toString()).isZero();
        assertThat(registeredIds(schemas)).as("the same schemas keep their ids").isEqualTo(registeredIds);
        for (TopicSpec topic : TopicCatalog.ALL) {
            assertThat(registry.getLatest(topic.valueSubject()).version()).as("no new version").isEqualTo(1);
        }
    }

    /**
     * One event of each input type: each lands on its topic keyed by patient id, in the wire format
     * with the id of the schema registered for {@code <topic>-value}, and reads back as the record
     * its JSON line describes.
     */
    @Test
    void publishesEveryInputTypeToItsTopicInTheWireFormat() throws Exception {
        String patient = "P-" + run;
        String resultId = "R-" + run;
        String reportId = "I-" + run;
        List<String> lines = List.of(
                ENROLLMENT_LINE.replace("\"P1\"", quote(patient)),
                LAB_RESULT_LINE.replace("\"P1\"", quote(patient)).replace("\"R1\"", quote(resultId)),
                IMAGING_REPORT_LINE.replace("\"P1\"", quote(patient)).replace("\"I1\"", quote(reportId)));
        Path file = write("events.jsonl", lines);

        Run publish = dlmWatch("publish", "--file", file.toString());

        assertThat(publish.exitCode()).as(publish.toString()).isZero();
        assertThat(publish.err()).isEmpty();
        assertThat(publish.out()).contains(
                "published 1 to imaging.reports.v1",
                "published 1 to lab.results.v1",
                "published 1 to surveillance.enrollments.v1",
                "published 3 events, rejected 0 lines");

        checkLanded(lines.get(0), TopicCatalog.ENROLLMENTS, Enrollment.class, r -> r.getPatientId().toString(), patient, patient);
        checkLanded(lines.get(1), TopicCatalog.LAB_RESULTS, LabResult.class, r -> r.getResultId().toString(), resultId, patient);
        checkLanded(lines.get(2), TopicCatalog.IMAGING_REPORTS, ImagingReport.class, r -> r.getReportId().toString(),
                reportId, patient);
    }

    /**
     * Bad lines are reported on stderr with their number and reason (and no patient data), the
     * exit code is 1, and every valid line is published all the same.
     */
    @Test
    void badLinesAreReportedAndEveryValidLineIsPublished() throws Exception {
        String good = "PG-" + run;
        String bad = "PX-" + run;
        String lab = LAB_RESULT_LINE.replace("\"P1\"", quote(good));
        String badLab = LAB_RESULT_LINE.replace("\"P1\"", quote(bad));
        List<String> lines = List.of(
                /* 1 */ lab.replace("\"R1\"", quote("R-ok1-" + run)),
                /* 2 */ "{\"type\":\"lab_result\",\"resultId\":\"R-bad2-" + run + "\",\"patientId\":\"" + bad,
                /* 3 */ IMAGING_REPORT_LINE.replace("\"P1\"", quote(good)).replace("\"I1\"", quote("I-ok-" + run)),
                /* 4 */ badLab.replace("\"R1\"", quote("R-bad4-" + run)).replace("\"loinc\":\"2039-6\",", ""),
                /* 5 */ "",
                /* 6 */ badLab.replace("\"R1\"", quote("R-bad6-" + run)).replace("\"FINAL\"", "\"DONE\""),
                /* 7 */ badLab.replace("\"R1\"", quote("R-bad7-" + run))
                        .replace("\"2025-02-01T08:00:00Z\"", "\"2025-02-01 08:00\""),
                /* 8 */ badLab.replace("\"R1\"", quote("R-bad8-" + run)).replace("\"unit\":", "\"colour\":\"red\",\"unit\":"),
                /* 9 */ ENROLLMENT_LINE.replace("\"P1\"", quote(good)),
                /* 10 */ lab.replace("\"R1\"", quote("R-ok2-" + run)),
                /* 11 */ "{\"type\":\"vital_sign\",\"patientId\":\"" + bad + "\"}");
        Path file = write("mixed.jsonl", lines);

        Run publish = dlmWatch("publish", "--file", file.toString());

        assertThat(publish.exitCode()).as(publish.toString()).isEqualTo(1);
        assertThat(publish.err().lines().toList()).as(publish.toString()).hasSize(6);
        assertThat(publish.err().lines().findFirst()).hasValueSatisfying(
                first -> assertThat(first).matches("rejected line 2: not valid JSON \\(at column \\d+\\)"));
        assertThat(publish.err().lines().skip(1).toList()).containsExactly(
                "rejected line 4: missing required field 'loinc'",
                "rejected line 6: field 'status' must be one of [PRELIMINARY, FINAL, CORRECTED, CANCELLED, ENTERED_IN_ERROR]",
                "rejected line 7: field 'collectedAt' must be an ISO-8601 timestamp with zone, e.g. 2026-01-14T09:30:00Z",
                "rejected line 8: unknown field 'colour'",
                "rejected line 11: field 'type' must be one of enrollment, lab_result, imaging_report");
        assertThat(publish.err()).as("no patient data in the reasons").doesNotContain(bad, "DONE", "2025-02-01 08:00");
        assertThat(publish.out()).contains(
                "published 1 to imaging.reports.v1",
                "published 2 to lab.results.v1",
                "published 1 to surveillance.enrollments.v1",
                "published 4 events, rejected 6 lines");

        List<ConsumerRecord<byte[], byte[]>> labRecords = readAll(TopicCatalog.LAB_RESULTS.name());
        List<String> resultIds = decoded(labRecords, LabResult.class).stream()
                .map(r -> r.value().getResultId().toString()).filter(id -> id.endsWith(run)).toList();
        assertThat(resultIds).as("valid lines in file order, invalid ones nowhere")
                .containsExactly("R-ok1-" + run, "R-ok2-" + run);
        assertThat(decoded(readAll(TopicCatalog.IMAGING_REPORTS.name()), ImagingReport.class).stream()
                .map(r -> r.value().getReportId().toString()).filter(id -> id.endsWith(run)))
                .containsExactly("I-ok-" + run);
        assertThat(decoded(readAll(TopicCatalog.ENROLLMENTS.name()), Enrollment.class).stream()
                .map(r -> r.value().getPatientId().toString()).filter(id -> id.endsWith(run)))
                .containsExactly(good);
        for (String topic : names(TopicCatalog.ALL)) {
            assertThat(readAll(topic).stream().filter(r -> r.key() != null)
                    .map(r -> new String(r.key(), StandardCharsets.UTF_8)))
                    .as("nothing of the rejected lines' patient on " + topic).doesNotContain(bad);
        }
    }

    /**
     * Production default: publish does not register schemas. Against a registry where they were
     * never registered (a second, empty Apicurio: the shared one has them, and the topics and so the
     * subjects are fixed), it fails naming the subject, registers nothing and publishes nothing.
     */
    @Test
    void publishWithoutRegisteredSchemasFailsNamingTheSubject() throws Exception {
        String resultId = "R-unregistered-" + run;
        Path file = write("one.jsonl", List.of(LAB_RESULT_LINE.replace("\"R1\"", quote(resultId))));
        Run publish;
        try (ApicurioRegistryProcess empty = new ApicurioRegistryProcess(dir.resolve("empty-registry"))) {
            empty.start();
            publish = dlmWatchAt(cluster.bootstrapServers(), empty.url(), "publish", "--file", file.toString());
            assertThat(new HttpSchemaRegistryClient(empty.url()).subjects()).as("nothing registered on the fly").isEmpty();
        }

        assertThat(publish.exitCode()).as("nothing could be published: %s", publish).isEqualTo(DlmWatch.FAILED);
        assertThat(publish.err()).contains(
                "Schema org.dlmwatch.events.v1.LabResult is not registered under subject 'lab.results.v1-value' "
                        + "and auto.register.schemas is false: register it first");
        assertThat(publish.out()).doesNotContain("published 1");
        assertThat(decoded(readAll(TopicCatalog.LAB_RESULTS.name()), LabResult.class))
                .noneMatch(r -> r.value().getResultId().toString().equals(resultId));
    }

    // ---- checks -------------------------------------------------------------------------------

    /**
     * Exactly one record with {@code id} on the topic; checks its wire format, schema id, key and
     * value against the JSON line.
     */
    private <T extends SpecificRecord> void checkLanded(String line, TopicSpec topic, Class<T> type,
            Function<T, String> idOf, String id, String patientId) throws Exception {
        List<Decoded<T>> mine = decoded(readAll(topic.name()), type).stream()
                .filter(r -> idOf.apply(r.value()).equals(id)).toList();
        assertThat(mine).as("records with id %s on %s", id, topic.name()).hasSize(1);
        ConsumerRecord<byte[], byte[]> record = mine.get(0).record();

        // (a) magic byte, big-endian schema id, and that id is the registry's schema for <topic>-value
        byte[] value = record.value();
        assertThat(value[0]).isEqualTo((byte) 0);
        int schemaId = ByteBuffer.wrap(value, 1, 4).getInt();
        assertThat(schemaId).isEqualTo(WireFormat.readSchemaId(value));
        assertThat(registry.getById(schemaId)).isEqualTo(SpecificData.get().getSchema(type));
        assertThat(schemaId).isEqualTo(registry.getLatest(topic.valueSubject()).id())
                .isEqualTo(registeredIds.get(topic.valueSubject()));

        // (b) the value is the record of the JSON line
        ContractEvent expected = ContractJson.parseEvent(line);
        assertThat(expected.topic()).isEqualTo(topic);
        assertThat(mine.get(0).value()).isEqualTo(expected.record());

        // (c) keyed by patient id
        assertThat(new String(record.key(), StandardCharsets.UTF_8)).isEqualTo(patientId).isEqualTo(expected.key());
    }

    private record Decoded<T>(ConsumerRecord<byte[], byte[]> record, T value) {}

    /**
     * The records that decode as {@code type}; others (tombstones, other tests' deliberately bad
     * records) are skipped.
     */
    private static <T extends SpecificRecord> List<Decoded<T>> decoded(List<ConsumerRecord<byte[], byte[]>> records,
            Class<T> type) {
        SpecificAvroDeserializer<T> deserializer = new SpecificAvroDeserializer<>(type, registry, SerdeSettings.defaults());
        List<Decoded<T>> result = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> record : records) {
            if (record.value() == null) {
                continue; // a tombstone
            }
            try {
                result.add(new Decoded<>(record, deserializer.deserialize(record.topic(), record.value())));
            } catch (SerializationException notOurs) {
                // another test's record
            }
        }
        return result;
    }

    /** Every record on the topic now, from the beginning, in offset order per partition. */
    private static List<ConsumerRecord<byte[], byte[]>> readAll(String topic) {
        Map<String, Object> config = kafkaProperties();
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        try (KafkaConsumer<byte[], byte[]> consumer =
                new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                assertThat(System.nanoTime()).as("reading %s up to %s", topic, end).isLessThan(deadline);
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
            return records;
        }
    }

    // ---- running the command line -------------------------------------------------------------

    /** What one command did. {@code out} includes what it printed to System.out directly. */
    record Run(int exitCode, String out, String err) {
        @Override
        public String toString() {
            return "exit code " + exitCode + "\n--- stdout\n" + out + "--- stderr\n" + err;
        }
    }

    private static Run dlmWatch(String command, String... args) {
        return dlmWatchAt(cluster.bootstrapServers(), cluster.schemaRegistryUrl(), command, args);
    }

    /** Runs {@code dlm-watch <command> <args> --bootstrap-servers B --schema-registry-url R} in-process. */
    private static synchronized Run dlmWatchAt(String bootstrapServers, String registryUrl, String command,
            String... args) {
        List<String> argv = new ArrayList<>(List.of(command));
        argv.addAll(List.of(args));
        argv.addAll(List.of("--bootstrap-servers", bootstrapServers, "--schema-registry-url", registryUrl));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        // TopicsCommand.Create prints with System.out rather than the command line's writer: catch both
        PrintStream systemOut = System.out;
        ByteArrayOutputStream direct = new ByteArrayOutputStream();
        int exitCode;
        System.setOut(new PrintStream(direct, true, StandardCharsets.UTF_8));
        try {
            exitCode = DlmWatch.commandLine()
                    .setOut(new PrintWriter(out, true))
                    .setErr(new PrintWriter(err, true))
                    .execute(argv.toArray(String[]::new));
        } finally {
            System.setOut(systemOut);
        }
        return new Run(exitCode, out + direct.toString(StandardCharsets.UTF_8), err.toString());
    }

    // ---- helpers ------------------------------------------------------------------------------

    private static Map<String, Integer> registeredIds(Run schemas) {
        Map<String, Matcher> bySubject = lines(REGISTERED, schemas.out());
        assertThat(bySubject).as(schemas.toString())
                .containsOnlyKeys(TopicCatalog.ALL.stream().map(TopicSpec::valueSubject).toList());
        bySubject.values().forEach(m -> assertThat(m.group(3)).isEqualTo("BACKWARD"));
        return bySubject.entrySet().stream()
                .collect(Collectors.toMap(Map.Entry::getKey, e -> Integer.parseInt(e.getValue().group(2))));
    }

    /** The lines of {@code text} matching {@code pattern}, by their first group (each at most once). */
    private static Map<String, Matcher> lines(Pattern pattern, String text) {
        Map<String, Matcher> found = new HashMap<>();
        Matcher m = pattern.matcher(text);
        while (m.find()) {
            Matcher line = pattern.matcher(m.group());
            assertThat(line.matches()).isTrue();
            assertThat(found.put(m.group(1), line)).as("%s printed twice", m.group(1)).isNull();
        }
        return found;
    }

    private static List<String> names(List<TopicSpec> topics) {
        return topics.stream().map(TopicSpec::name).toList();
    }

    private static Map<String, Object> kafkaProperties() {
        Map<String, Object> config = new HashMap<>();
        config.put("bootstrap.servers", cluster.bootstrapServers());
        return config;
    }

    private Path write(String name, List<String> lines) throws Exception {
        return Files.write(dir.resolve(name), lines, StandardCharsets.UTF_8);
    }

    private static String quote(String text) {
        return "\"" + text + "\"";
    }
}
