package org.dlmwatch.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.net.ServerSocket;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.errors.SerializationException;
import org.dlmwatch.events.v1.Enrollment;
import org.dlmwatch.events.v1.LabResult;
import org.dlmwatch.events.v1.ResultStatus;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class SpecificAvroSerdeTest {

    private static final String TOPIC = "lab.results.v1";
    private static final String SECRET = "P-SECRET-7";

    private final InMemorySchemaRegistry registry = new InMemorySchemaRegistry();
    private final String memName = "serde-test-" + UUID.randomUUID();

    @AfterEach
    void dropNamed() {
        InMemorySchemaRegistry.dropNamed(memName);
    }

    private SpecificAvroSerde<LabResult> labSerde() {
        return SpecificAvroSerde.of(LabResult.class, registry);
    }

    private byte[] labBytes() {
        return labSerde().serializer().serialize(TOPIC, ContractRecords.labResult(SECRET));
    }

    // ---- round trips ------------------------------------------------------------------------

    static Stream<SpecificRecord> contractRecords() {
        return Stream.of(ContractRecords.labResult("P1"), ContractRecords.minimalLabResult(), ContractRecords.enrollment(),
                ContractRecords.imagingReport(), ContractRecords.surveillanceAlert(), ContractRecords.alertAction(),
                ContractRecords.deadLetter());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("contractRecords")
    void everyContractRecordRoundTrips(SpecificRecord record) {
        assertThat(roundTrip(record)).isEqualTo(record);
    }

    @SuppressWarnings("unchecked")
    private <T extends SpecificRecord> T roundTrip(T record) {
        Class<T> type = (Class<T>) record.getClass();
        String topic = "topic." + type.getSimpleName();
        try (SpecificAvroSerde<T> serde = SpecificAvroSerde.of(type, registry)) {
            byte[] bytes = serde.serializer().serialize(topic, record);
            assertThat(registry.getLatest(topic + "-value").schema()).isEqualTo(record.getSchema());
            return serde.deserializer().deserialize(topic, bytes);
        }
    }

    @Test
    void nullIsATombstoneBothWays() {
        assertThat(labSerde().serializer().serialize(TOPIC, null)).isNull();
        assertThat(labSerde().deserializer().deserialize(TOPIC, null)).isNull();
        assertThat(registry.subjects()).isEmpty();
    }

    @Test
    void bytesAreMagicByteSchemaIdAndAvroBinary() throws Exception {
        LabResult record = ContractRecords.labResult("P1");
        byte[] bytes = labSerde().serializer().serialize(TOPIC, record);
        int id = registry.getLatest(TOPIC + "-value").id();

        assertThat(bytes[0]).isEqualTo((byte) 0);
        assertThat(Arrays.copyOfRange(bytes, 1, 5)).containsExactly(
                (byte) (id >>> 24), (byte) (id >>> 16), (byte) (id >>> 8), (byte) id);
        assertThat(WireFormat.readSchemaId(bytes)).isEqualTo(id);

        GenericRecord plain = new GenericDatumReader<GenericRecord>(LabResult.getClassSchema())
                .read(null, DecoderFactory.get().binaryDecoder(bytes, 5, bytes.length - 5, null));
        assertThat(plain.get("resultId").toString()).isEqualTo("R1");
        assertThat(plain.get("collectedAt")).isEqualTo(Instant.parse("2025-02-01T08:00:00Z").toEpochMilli());
    }

    @Test
    void keysUseTheKeySubject() {
        SpecificAvroSerde<LabResult> keys = SpecificAvroSerde.of(LabResult.class, registry, SerdeSettings.defaults().forKeys());
        keys.serializer().serialize(TOPIC, ContractRecords.labResult("P1"));
        SpecificAvroSerde<Enrollment> configuredAsKey = SpecificAvroSerde.of(Enrollment.class, registry);
        configuredAsKey.configure(Map.of(), true);
        configuredAsKey.serializer().serialize("surveillance.enrollments.v1", ContractRecords.enrollment());
        assertThat(registry.subjects()).containsExactly("lab.results.v1-key", "surveillance.enrollments.v1-key");
    }

    // ---- registration -----------------------------------------------------------------------

    @Test
    void withoutAutoRegistrationAnUnregisteredSchemaIsAClearError() {
        SpecificAvroSerde<LabResult> serde =
                SpecificAvroSerde.of(LabResult.class, registry, SerdeSettings.defaults().withAutoRegisterSchemas(false));
        assertThatThrownBy(() -> serde.serializer().serialize(TOPIC, ContractRecords.labResult(SECRET)))
                .isInstanceOf(SerializationException.class)
                .hasMessage("Schema org.dlmwatch.events.v1.LabResult is not registered under subject 'lab.results.v1-value' "
                        + "and auto.register.schemas is false: register it first (or enable auto.register.schemas)");
        assertThat(registry.subjects()).isEmpty();

        int id = registry.register(TOPIC + "-value", LabResult.getClassSchema());
        assertThat(WireFormat.readSchemaId(serde.serializer().serialize(TOPIC, ContractRecords.labResult("P1")))).isEqualTo(id);
    }

    @Test
    void anIncompatibleSchemaFailsWithTheRegistryErrorAsCause() {
        Schema other = TestSchemas.sample(TestSchemas.A);
        registry.register(TOPIC + "-value", other);
        assertThatThrownBy(this::labBytes)
                .isInstanceOf(SerializationException.class)
                .hasMessageStartingWith("Could not register schema org.dlmwatch.events.v1.LabResult under subject 'lab.results.v1-value'")
                .hasCauseInstanceOf(IncompatibleSchemaException.class)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain(SECRET));
    }

    @Test
    void anUnreachableRegistryFailsWithUnavailableAsCause() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        HttpSchemaRegistryClient nobody = new HttpSchemaRegistryClient("http://127.0.0.1:" + port);
        SpecificAvroSerde<LabResult> serde = SpecificAvroSerde.of(LabResult.class, nobody);
        assertThatThrownBy(() -> serde.serializer().serialize(TOPIC, ContractRecords.labResult(SECRET)))
                .isInstanceOf(SerializationException.class).hasCauseInstanceOf(RegistryUnavailableException.class);
        byte[] bytes = labBytes();
        assertThatThrownBy(() -> serde.deserializer().deserialize(TOPIC, bytes))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("could not fetch writer schema id")
                .hasCauseInstanceOf(RegistryUnavailableException.class);
    }

    @Test
    void anUnencodableRecordIsNamedButNotQuoted() {
        LabResult broken = ContractRecords.labResult(SECRET);
        broken.setSourceSystem(null);
        assertThatThrownBy(() -> labSerde().serializer().serialize(TOPIC, broken))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("Could not encode a org.dlmwatch.events.v1.LabResult for topic 'lab.results.v1'")
                .satisfies(e -> assertNoSecretInChain(e))
                .cause().hasMessageContaining("message withheld");
    }

    // ---- caching ----------------------------------------------------------------------------

    @Test
    void manySerializationsRegisterOnceAndManyDeserializationsFetchOnce() {
        CountingClient counting = new CountingClient(registry);
        SpecificAvroSerializer<LabResult> serializer = new SpecificAvroSerializer<>(counting, SerdeSettings.defaults());
        byte[] bytes = null;
        for (int i = 0; i < 100; i++) {
            bytes = serializer.serialize(TOPIC, ContractRecords.labResult("P" + i));
        }
        SpecificAvroDeserializer<LabResult> deserializer =
                new SpecificAvroDeserializer<>(LabResult.class, counting, SerdeSettings.defaults());
        for (int i = 0; i < 100; i++) {
            assertThat(deserializer.deserialize(TOPIC, bytes).getPatientId()).isEqualTo("P99");
        }
        assertThat(counting.calls("register")).isEqualTo(1);
        assertThat(counting.calls("getById")).isEqualTo(1);
    }

    @Test
    void overHttpOneRegisterCallAndOneIdCallInTotal() throws Exception {
        try (FakeRegistryServer server = new FakeRegistryServer()) {
            server.on("POST", "/subjects/lab.results.v1-value/versions", 200, "{\"id\":3}");
            server.on("GET", "/schemas/ids/3", 200,
                    "{\"schema\":" + new ObjectMapper().writeValueAsString(LabResult.getClassSchema().toString()) + "}");
            SpecificAvroSerializer<LabResult> serializer = new SpecificAvroSerializer<>();
            serializer.configure(Map.of(SerdeConfig.SCHEMA_REGISTRY_URL, server.baseUrl()), false);
            byte[] bytes = null;
            for (int i = 0; i < 50; i++) {
                bytes = serializer.serialize(TOPIC, ContractRecords.labResult("P" + i));
            }
            // a separate process would have its own client: the id is not known from registering
            SpecificAvroDeserializer<LabResult> deserializer =
                    new SpecificAvroDeserializer<>(LabResult.class, new HttpSchemaRegistryClient(server.baseUrl()),
                            SerdeSettings.defaults());
            for (int i = 0; i < 50; i++) {
                assertThat(deserializer.deserialize(TOPIC, bytes)).isEqualTo(ContractRecords.labResult("P49"));
            }
            assertThat(server.count("POST", "/subjects/lab.results.v1-value/versions")).isEqualTo(1);
            assertThat(server.count("GET", "/schemas/ids/3")).isEqualTo(1);
            assertThat(server.requests()).hasSize(2);
        }
    }

    // ---- bad input --------------------------------------------------------------------------

    @Test
    void tooShortData() {
        assertThatThrownBy(() -> labSerde().deserializer().deserialize(TOPIC, new byte[] {0, 0, 1}))
                .isInstanceOf(SerializationException.class)
                .hasMessage("Cannot deserialize record from topic 'lab.results.v1' (value): Data is 3 byte(s), shorter "
                        + "than the 5-byte wire-format header (magic byte + schema id)");
    }

    @Test
    void wrongMagicByte() {
        byte[] json = ("{\"patientId\":\"" + SECRET + "\"}").getBytes(java.nio.charset.StandardCharsets.UTF_8);
        assertThatThrownBy(() -> labSerde().deserializer().deserialize(TOPIC, json))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("Unknown magic byte 0x7b (expected 0x00)")
                .satisfies(e -> assertNoSecretInChain(e));
    }

    @Test
    void unknownSchemaId() {
        byte[] bytes = labBytes();
        bytes[4] = 99;
        assertThatThrownBy(() -> labSerde().deserializer().deserialize(TOPIC, bytes))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("writer schema id 99 is not in the schema registry")
                .hasCauseInstanceOf(SchemaNotFoundException.class);
    }

    @Test
    void corruptAvroIsNamedButNotQuoted() {
        byte[] bytes = labBytes();
        byte[] truncated = Arrays.copyOf(bytes, bytes.length - 20);
        assertThatThrownBy(() -> labSerde().deserializer().deserialize(TOPIC, truncated))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("corrupt Avro data for writer schema id 1")
                .satisfies(e -> assertNoSecretInChain(e));

        byte[] badEnum = bytes.clone();
        // the status enum index follows resultId, patientId, loinc, value, comparator, unit, referenceHigh
        Arrays.fill(badEnum, 5 + 3 + 1 + SECRET.length() + 1 + 6, badEnum.length, (byte) 0x7f);
        assertThatThrownBy(() -> labSerde().deserializer().deserialize(TOPIC, badEnum))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("corrupt Avro data")
                .satisfies(e -> assertNoSecretInChain(e));
    }

    @Test
    void trailingBytesAreCorruption() {
        byte[] bytes = labBytes();
        byte[] longer = Arrays.copyOf(bytes, bytes.length + 2);
        assertThatThrownBy(() -> labSerde().deserializer().deserialize(TOPIC, longer))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("bytes left over");
    }

    @Test
    void dataOfAnotherRecordTypeIsRejectedByName() {
        byte[] enrollment = SpecificAvroSerde.of(Enrollment.class, registry).serializer()
                .serialize("surveillance.enrollments.v1", ContractRecords.enrollment());
        assertThatThrownBy(() -> labSerde().deserializer().deserialize(TOPIC, enrollment))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("writer schema id 1 (org.dlmwatch.events.v1.Enrollment) cannot be read as "
                        + "org.dlmwatch.events.v1.LabResult");
    }

    private static void assertNoSecretInChain(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            assertThat(String.valueOf(t.getMessage())).doesNotContain(SECRET);
        }
    }

    // ---- schema evolution -------------------------------------------------------------------

    @Test
    void readsDataWrittenWithAnOlderSchema() throws Exception {
        Schema older = withFields(LabResult.getClassSchema(), Set.of("comparator", "method", "performingLab"), null);
        int olderId = registry.register(TOPIC + "-value", older);

        GenericRecord written = new GenericData.Record(older);
        written.put("resultId", "R0");
        written.put("patientId", "P1");
        written.put("loinc", "2039-6");
        written.put("value", 3.2);
        written.put("unit", "ng/mL");
        written.put("referenceHigh", 5.0);
        written.put("status", new GenericData.EnumSymbol(older.getField("status").schema(), "FINAL"));
        written.put("collectedAt", 1_000L);
        written.put("resultedAt", 2_000L);
        written.put("sourceSystem", "lab-old");

        LabResult read = labSerde().deserializer().deserialize(TOPIC, encode(older, olderId, written));
        assertThat(read).isEqualTo(LabResult.newBuilder().setResultId("R0").setPatientId("P1").setLoinc("2039-6")
                .setValue(3.2).setUnit("ng/mL").setReferenceHigh(5.0).setStatus(ResultStatus.FINAL)
                .setCollectedAt(Instant.ofEpochMilli(1_000)).setResultedAt(Instant.ofEpochMilli(2_000))
                .setSourceSystem("lab-old").build());

        // the current schema is a BACKWARD-compatible next version of the older one
        assertThat(registry.testCompatibility(TOPIC + "-value", LabResult.getClassSchema())).isTrue();
    }

    @Test
    void readsDataWrittenWithANewerSchema() throws Exception {
        Schema newer = withFields(LabResult.getClassSchema(), Set.of(),
                "{\"name\":\"specimen\",\"type\":[\"null\",\"string\"],\"default\":null}");
        registry.register(TOPIC + "-value", LabResult.getClassSchema());
        int newerId = registry.register(TOPIC + "-value", newer);

        LabResult expected = ContractRecords.labResult("P1");
        GenericRecord written = new GenericData.Record(newer);
        for (Schema.Field field : LabResult.getClassSchema().getFields()) {
            Object value = expected.get(field.name());
            if (value instanceof Instant instant) {
                value = instant.toEpochMilli();
            } else if (value instanceof Enum<?> symbol) {
                value = new GenericData.EnumSymbol(newer.getField(field.name()).schema(), symbol.name());
            }
            written.put(field.name(), value);
        }
        written.put("specimen", "serum");
        assertThat(labSerde().deserializer().deserialize(TOPIC, encode(newer, newerId, written))).isEqualTo(expected);
    }

    /** {@code schema} without the fields in {@code drop} and with {@code extraField} appended. */
    private static Schema withFields(Schema schema, Set<String> drop, String extraField) throws Exception {
        ObjectMapper json = new ObjectMapper();
        ObjectNode root = (ObjectNode) json.readTree(schema.toString());
        ArrayNode fields = (ArrayNode) root.get("fields");
        for (Iterator<com.fasterxml.jackson.databind.JsonNode> it = fields.iterator(); it.hasNext(); ) {
            if (drop.contains(it.next().get("name").asText())) {
                it.remove();
            }
        }
        if (extraField != null) {
            fields.add(json.readTree(extraField));
        }
        return SchemaRegistryClient.parseSchema(root.toString());
    }

    private static byte[] encode(Schema schema, int id, GenericRecord record) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
        new GenericDatumWriter<GenericRecord>(schema).write(record, encoder);
        encoder.flush();
        return WireFormat.encode(id, out.toByteArray());
    }

    // ---- Kafka-style configuration ----------------------------------------------------------

    @Test
    void configuredFromKafkaStyleMapWithAMemUrl() {
        SpecificAvroSerde<LabResult> serde = new SpecificAvroSerde<>(LabResult.class);
        serde.configure(Map.of(SerdeConfig.SCHEMA_REGISTRY_URL, "mem://" + memName), false);
        byte[] bytes = serde.serializer().serialize(TOPIC, ContractRecords.labResult("P1"));
        assertThat(serde.deserializer().deserialize(TOPIC, bytes)).isEqualTo(ContractRecords.labResult("P1"));
        assertThat(InMemorySchemaRegistry.named(memName).subjects()).containsExactly(TOPIC + "-value");
    }

    @Test
    void withoutATypeTheReaderClassComesFromTheWriterSchemaOrTheConfig() {
        byte[] bytes = SpecificAvroSerde.of(LabResult.class, InMemorySchemaRegistry.named(memName)).serializer()
                .serialize(TOPIC, ContractRecords.labResult("P1"));

        SpecificAvroSerde<SpecificRecord> inferred = new SpecificAvroSerde<>();
        inferred.configure(Map.of(SerdeConfig.SCHEMA_REGISTRY_URL, "mem://" + memName), false);
        assertThat(inferred.deserializer().deserialize(TOPIC, bytes)).isInstanceOf(LabResult.class);

        SpecificAvroDeserializer<SpecificRecord> byName = new SpecificAvroDeserializer<>();
        byName.configure(Map.of(SerdeConfig.SCHEMA_REGISTRY_URL, "mem://" + memName,
                SerdeConfig.SPECIFIC_VALUE_TYPE, "org.dlmwatch.events.v1.Enrollment"), false);
        assertThatThrownBy(() -> byName.deserialize(TOPIC, bytes)).hasMessageContaining("cannot be read as");
    }

    @Test
    void aWriterSchemaWithoutGeneratedClassNeedsAConfiguredType() throws Exception {
        Schema sample = TestSchemas.sample(TestSchemas.A);
        int id = InMemorySchemaRegistry.named(memName).register("t-value", sample);
        GenericRecord record = new GenericData.Record(sample);
        record.put("a", "x");
        SpecificAvroDeserializer<SpecificRecord> inferred = new SpecificAvroDeserializer<>();
        inferred.configure(Map.of(SerdeConfig.SCHEMA_REGISTRY_URL, "mem://" + memName), false);
        assertThatThrownBy(() -> inferred.deserialize("t", encode(sample, id, record)))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("no generated class org.dlmwatch.test.Sample");
    }

    @Test
    void autoRegistrationCanBeSwitchedOffByConfig() {
        SpecificAvroSerializer<LabResult> serializer = new SpecificAvroSerializer<>();
        serializer.configure(Map.of(SerdeConfig.SCHEMA_REGISTRY_URL, "mem://" + memName,
                SerdeConfig.AUTO_REGISTER_SCHEMAS, "false"), true);
        assertThatThrownBy(() -> serializer.serialize(TOPIC, ContractRecords.labResult("P1")))
                .hasMessageContaining("not registered under subject 'lab.results.v1-key'");
    }

    @Test
    void badConfigsAreConfigExceptions() {
        SpecificAvroSerde<LabResult> serde = new SpecificAvroSerde<>(LabResult.class);
        assertThatThrownBy(() -> serde.configure(Map.of(), false))
                .isInstanceOf(ConfigException.class).hasMessageContaining("schema.registry.url is required");
        assertThatThrownBy(() -> serde.configure(Map.of(SerdeConfig.SCHEMA_REGISTRY_URL, "mem://"), false))
                .isInstanceOf(ConfigException.class);
        assertThatThrownBy(() -> serde.configure(Map.of(SerdeConfig.SCHEMA_REGISTRY_URL, "ftp://x"), false))
                .isInstanceOf(ConfigException.class);
        assertThatThrownBy(() -> serde.configure(Map.of(SerdeConfig.SCHEMA_REGISTRY_URL, "mem://" + memName,
                SerdeConfig.AUTO_REGISTER_SCHEMAS, "yes"), false)).isInstanceOf(ConfigException.class);
        assertThatThrownBy(() -> serde.configure(Map.of(SerdeConfig.SCHEMA_REGISTRY_URL, "mem://" + memName,
                SerdeConfig.SPECIFIC_VALUE_TYPE, "java.lang.String"), false)).isInstanceOf(ConfigException.class);
        assertThatThrownBy(() -> serde.configure(Map.of(SerdeConfig.SCHEMA_REGISTRY_URL, "mem://" + memName,
                SerdeConfig.SPECIFIC_VALUE_TYPE, "org.dlmwatch.events.v1.Enrollment"), false))
                .isInstanceOf(ConfigException.class).hasMessageContaining("reads org.dlmwatch.events.v1.LabResult");
        Map<String, Object> timeouts = new HashMap<>(Map.of(SerdeConfig.SCHEMA_REGISTRY_URL, "http://127.0.0.1:1"));
        timeouts.put(SerdeConfig.CONNECT_TIMEOUT_MS, "soon");
        assertThatThrownBy(() -> serde.configure(timeouts, false)).isInstanceOf(ConfigException.class);
    }

    @Test
    void unconfiguredSerdesSaySo() {
        SpecificAvroSerde<LabResult> serde = new SpecificAvroSerde<>(LabResult.class);
        assertThatThrownBy(() -> serde.serializer().serialize(TOPIC, ContractRecords.labResult("P1")))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("not configured");
        assertThatThrownBy(() -> serde.deserializer().deserialize(TOPIC, new byte[5]))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("not configured");
    }

    @Test
    void programmaticSerdesIgnoreRegistrySettingsInConfigure() {
        SpecificAvroSerde<LabResult> serde = labSerde();
        serde.configure(Map.of(SerdeConfig.SCHEMA_REGISTRY_URL, "mem://" + memName), false);
        serde.serializer().serialize(TOPIC, ContractRecords.labResult("P1"));
        assertThat(registry.subjects()).containsExactly(TOPIC + "-value");
        assertThat(InMemorySchemaRegistry.named(memName).subjects()).isEmpty();
        assertThat(registry.getCompatibility(Optional.empty())).isEqualTo(CompatibilityLevel.BACKWARD);
    }
}
