package org.dlmwatch.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.dlmwatch.registry.TestSchemas.A;
import static org.dlmwatch.registry.TestSchemas.A_AS_INT;
import static org.dlmwatch.registry.TestSchemas.B_DEFAULT;
import static org.dlmwatch.registry.TestSchemas.B_REQUIRED;
import static org.dlmwatch.registry.TestSchemas.C_OPTIONAL;
import static org.dlmwatch.registry.TestSchemas.sample;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.dlmwatch.events.v1.AlertAction;
import org.dlmwatch.events.v1.LabResult;
import org.dlmwatch.local.LocalCluster;
import org.dlmwatch.local.WithLocalCluster;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The registry contract ({@link SchemaRegistryClientContract}) and the Apicurio quirks the client
 * smooths over, against the real Apicurio Registry 2.6 (ccompat v7) of the embedded test cluster
 * ({@link WithLocalCluster}). The cluster is shared with every other IT class of the run: every
 * test uses subjects of its own, and the global compatibility level is put back after each test
 * that changes it (checked once more after the class).
 */
@WithLocalCluster
class ApicurioSchemaRegistryIT extends SchemaRegistryClientContract {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private static String url;
    private static HttpSchemaRegistryClient client;
    private static CompatibilityLevel globalAtStart;

    private final String run = UUID.randomUUID().toString().substring(0, 8);

    @BeforeAll
    static void connect(LocalCluster cluster) {
        url = cluster.schemaRegistryUrl();
        client = new HttpSchemaRegistryClient(url);
        globalAtStart = client.getCompatibility(Optional.empty());
        assertThat(globalAtStart).as("local-infra sets the global level").isEqualTo(CompatibilityLevel.BACKWARD);
    }

    @AfterAll
    static void globalLevelIsAsBefore() {
        CompatibilityLevel now = client.getCompatibility(Optional.empty());
        if (now != globalAtStart) {
            client.setCompatibility(Optional.empty(), globalAtStart);
        }
        assertThat(now).as("global level left behind by this class").isEqualTo(globalAtStart);
    }

    @Override
    protected SchemaRegistryClient client() {
        return client;
    }

    /** A client with empty caches, so that every answer really comes from the registry. */
    private static HttpSchemaRegistryClient freshClient() {
        return new HttpSchemaRegistryClient(url);
    }

    // ---- dialect and compatibility levels -------------------------------------------------------

    @Test
    void dialectIsDetectedAsApicurio() {
        assertThat(url).contains("/apis/ccompat/v7");
        assertThat(client.dialect()).isEqualTo(HttpSchemaRegistryClient.Dialect.APICURIO);
    }

    /**
     * Why the dialect matters: Apicurio reports NONE for a subject without a level of its own,
     * whatever the global level is. Read as Confluent would mean it, that is wrong; the Apicurio
     * dialect answers the level that really applies.
     */
    @Test
    void subjectWithoutOwnLevelReportsTheGlobalLevelOnlyInTheApicurioDialect() {
        String subject = subject("dialect");
        client.register(subject, sample(A));
        HttpSchemaRegistryClient confluent = HttpSchemaRegistryClient.builder(url)
                .dialect(HttpSchemaRegistryClient.Dialect.CONFLUENT).build();

        assertThat(confluent.getCompatibility(Optional.of(subject))).isEqualTo(CompatibilityLevel.NONE);
        assertThat(client.getCompatibility(Optional.of(subject))).isEqualTo(CompatibilityLevel.BACKWARD);
        // and BACKWARD is what registration enforces
        assertThatThrownBy(() -> client.register(subject, sample(A, B_REQUIRED)))
                .isInstanceOf(IncompatibleSchemaException.class);
    }

    /** Apicurio stores a subject-level NONE as "no subject level": refused while the global level is stricter. */
    @Test
    void subjectLevelNoneFollowsTheGlobalLevel() {
        CompatibilityLevel before = client.getCompatibility(Optional.empty());
        String subject = subject("none");
        try {
            client.setCompatibility(Optional.empty(), CompatibilityLevel.BACKWARD);
            client.register(subject, sample(A));
            assertThat(client.getCompatibility(Optional.of(subject))).isEqualTo(CompatibilityLevel.BACKWARD);
            assertThatThrownBy(() -> client.setCompatibility(Optional.of(subject), CompatibilityLevel.NONE))
                    .isInstanceOf(SchemaRegistryException.class)
                    .hasMessageContaining("cannot give subject '" + subject + "' level NONE");
            assertThatThrownBy(() -> client.register(subject, sample(A_AS_INT)))
                    .as("the refused NONE did not take effect either")
                    .isInstanceOf(IncompatibleSchemaException.class);

            // the global NONE, set twice (Apicurio answers 404 "No rule named 'COMPATIBILITY'" the second time)
            client.setCompatibility(Optional.empty(), CompatibilityLevel.NONE);
            client.setCompatibility(Optional.empty(), CompatibilityLevel.NONE);
            assertThat(client.getCompatibility(Optional.empty())).isEqualTo(CompatibilityLevel.NONE);
            client.setCompatibility(Optional.of(subject), CompatibilityLevel.NONE);
            client.setCompatibility(Optional.of(subject("none-unknown")), CompatibilityLevel.NONE);
            assertThat(client.getCompatibility(Optional.of(subject))).isEqualTo(CompatibilityLevel.NONE);
            client.register(subject, sample(A_AS_INT));
            assertThat(client.getLatest(subject).version()).isEqualTo(2);
        } finally {
            client.setCompatibility(Optional.empty(), before);
        }
        assertThat(client.getCompatibility(Optional.empty())).isEqualTo(before);
    }

    /** A subject level set before the subject has versions is kept, and enforced from the second version on. */
    @Test
    void subjectLevelCanBeSetBeforeTheFirstVersion() {
        String subject = subject("early-level");
        client.setCompatibility(Optional.of(subject), CompatibilityLevel.FULL);
        assertThat(freshClient().getCompatibility(Optional.of(subject))).isEqualTo(CompatibilityLevel.FULL);
        client.register(subject, sample(A, B_REQUIRED));
        assertThat(freshClient().getCompatibility(Optional.of(subject))).isEqualTo(CompatibilityLevel.FULL);

        // BACKWARD (the global level) would let b go; FULL does not: old readers need b and it has no default
        assertThat(client.testCompatibility(subject, sample(A))).isFalse();
        assertThatThrownBy(() -> client.register(subject, sample(A))).isInstanceOf(IncompatibleSchemaException.class);
        client.register(subject, sample(A, B_REQUIRED, C_OPTIONAL));
        assertThat(client.getLatest(subject).version()).isEqualTo(2);
        assertThat(client.getCompatibility(Optional.empty())).isEqualTo(globalAtStart);
    }

    /**
     * The raw Apicurio behaviours the client works around, checked without the client: when one of
     * these stops holding (an Apicurio upgrade), the matching workaround in
     * {@link HttpSchemaRegistryClient} can be revisited (see the module README).
     */
    @Test
    void apicurioQuirksTheClientWorksAroundStillHold() throws Exception {
        HttpResponse<String> getConfig = raw("GET", "/config", null);
        assertThat(getConfig.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(getConfig.body()).has("compatibilityLevel")).as(getConfig.body()).isTrue();
        HttpResponse<String> putConfig = raw("PUT", "/config", "{\"compatibility\":\"" + globalAtStart + "\"}");
        assertThat(putConfig.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(putConfig.body()).has("compatibility")).as(putConfig.body()).isTrue();

        HttpResponse<String> unknownLatest = raw("POST", "/compatibility/subjects/" + subject("quirk-none")
                + "/versions/latest", schemaBody(sample(A).toString()));
        assertThat(errorCode(unknownLatest)).as(unknownLatest.body()).isEqualTo(40402);

        String subject = subject("quirk-text");
        Schema schema = sample(A, C_OPTIONAL);
        assertThat(raw("POST", "/subjects/" + subject + "/versions", schemaBody(schema.toString())).statusCode())
                .isEqualTo(200);
        HttpResponse<String> sameText = raw("POST", "/subjects/" + subject, schemaBody(schema.toString()));
        assertThat(sameText.statusCode()).isEqualTo(200);
        HttpResponse<String> otherWhitespace = raw("POST", "/subjects/" + subject, schemaBody(schema.toString(true)));
        assertThat(errorCode(otherWhitespace)).as("lookup compares text: " + otherWhitespace.body()).isEqualTo(40403);
    }

    // ---- lookup -------------------------------------------------------------------------------

    /**
     * Apicurio matches POST /subjects/{s} on the exact schema text, so a schema registered with other
     * formatting (an .avsc file uploaded as is) is not found by it; lookup falls back to comparing
     * parsed versions.
     */
    @Test
    void lookupFindsASchemaRegisteredWithOtherFormatting() throws Exception {
        String subject = subject("formatting");
        client.setCompatibility(Optional.of(subject), CompatibilityLevel.BACKWARD);
        Schema older = sample(A);
        Schema schema = sample(A, C_OPTIONAL);
        int olderId = uploadAsIs(subject, older.toString(true));
        int id = uploadAsIs(subject, schema.toString(true));

        Optional<RegisteredSchema> found = freshClient().lookup(subject, schema);
        assertThat(found).contains(new RegisteredSchema(subject, 2, id, schema));
        assertThat(freshClient().lookup(subject, older)).contains(new RegisteredSchema(subject, 1, olderId, older));
        assertThat(freshClient().lookup(subject, sample(A, B_DEFAULT))).as("no false match").isEmpty();
    }

    /**
     * The production set-up end to end: a release step uploads the contract's .avsc as formatted
     * text, services serialize with auto-registration off and find its id anyway; a consumer with
     * an empty cache reads the record back through GET /schemas/ids/{id}.
     */
    @Test
    void serializerWithoutAutoRegistrationUsesASchemaUploadedWithOtherFormatting() throws Exception {
        String topic = "it-" + run + ".lab";
        int id = uploadAsIs(topic + "-value", LabResult.getClassSchema().toString(true));
        LabResult record = ContractRecords.labResult("P-" + run);

        byte[] bytes = new SpecificAvroSerializer<LabResult>(freshClient(),
                SerdeSettings.defaults().withAutoRegisterSchemas(false)).serialize(topic, record);
        assertThat(WireFormat.readSchemaId(bytes)).isEqualTo(id);
        assertThat(freshClient().getLatest(topic + "-value").version()).as("nothing registered").isEqualTo(1);
        assertThat(new SpecificAvroDeserializer<>(LabResult.class, freshClient(), SerdeSettings.defaults())
                .deserialize(topic, bytes)).isEqualTo(record);
    }

    // ---- subjects with reserved characters ------------------------------------------------------

    @Test
    void everyOperationWorksOnSubjectsWithReservedCharacters() {
        String subject = "it-" + run + "/a b+c?d&e=f;g:h@i,j$k é-value";
        client.setCompatibility(Optional.of(subject), CompatibilityLevel.FORWARD);
        int id = client.register(subject, sample(A, B_REQUIRED));
        HttpSchemaRegistryClient fresh = freshClient();
        assertThat(fresh.subjects()).contains(subject);
        assertThat(fresh.getLatest(subject)).isEqualTo(new RegisteredSchema(subject, 1, id, sample(A, B_REQUIRED)));
        assertThat(fresh.lookup(subject, sample(A, B_REQUIRED))).map(RegisteredSchema::id).contains(id);
        assertThat(fresh.getCompatibility(Optional.of(subject))).isEqualTo(CompatibilityLevel.FORWARD);
        assertThat(fresh.testCompatibility(subject, sample(A))).as("FORWARD: b is needed by old readers").isFalse();
        assertThatThrownBy(() -> fresh.register(subject, sample(A))).isInstanceOf(IncompatibleSchemaException.class);
    }

    // ---- serdes through the real registry -------------------------------------------------------

    static Stream<SpecificRecord> contractRecords() {
        return Stream.of(ContractRecords.labResult("P1"), ContractRecords.minimalLabResult(), ContractRecords.enrollment(),
                ContractRecords.imagingReport(), ContractRecords.surveillanceAlert(), ContractRecords.alertAction(),
                ContractRecords.deadLetter());
    }

    /**
     * Every record of the contract: the bytes are magic byte 0, the big-endian id of the schema now
     * registered under {@code <topic>-value}, then Avro; a consumer with its own client (empty
     * cache) fetches the writer schema by that id and reads the same record.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("contractRecords")
    @SuppressWarnings("unchecked")
    <T extends SpecificRecord> void everyContractRecordRoundTripsWithItsSchemaIdOnTheWire(T record) {
        Class<T> type = (Class<T>) record.getClass();
        String topic = "it-" + run + "." + type.getSimpleName();
        assertThat(client.subjects()).doesNotContain(topic + "-value");
        byte[] bytes = SpecificAvroSerde.of(type, client).serializer().serialize(topic, record);

        RegisteredSchema registered = freshClient().getLatest(topic + "-value");
        assertThat(registered.schema()).isEqualTo(record.getSchema());
        int id = registered.id();
        assertThat(bytes[0]).isEqualTo(WireFormat.MAGIC_BYTE);
        assertThat(Arrays.copyOfRange(bytes, 1, 5)).containsExactly(ByteBuffer.allocate(4).putInt(id).array());
        assertThat(freshClient().getById(id)).isEqualTo(record.getSchema());

        assertThat(SpecificAvroSerde.of(type, freshClient()).deserializer().deserialize(topic, bytes)).isEqualTo(record);
        assertThat(new SpecificAvroDeserializer<SpecificRecord>(null, freshClient(), SerdeSettings.defaults())
                .deserialize(topic, bytes)).as("reader class from the writer schema's name").isEqualTo(record);
    }

    /** Kafka-config style (schema.registry.url, auto.register.schemas) against the real registry. */
    @Test
    void serdeConfiguredFromKafkaStyleConfigs() {
        String topic = "it-" + run + ".configured";
        LabResult record = ContractRecords.labResult("P-" + run);
        try (SpecificAvroSerde<LabResult> off = new SpecificAvroSerde<>(LabResult.class);
                SpecificAvroSerde<LabResult> on = new SpecificAvroSerde<>(LabResult.class)) {
            off.configure(Map.of(SerdeConfig.SCHEMA_REGISTRY_URL, url, SerdeConfig.AUTO_REGISTER_SCHEMAS, "false"), false);
            on.configure(Map.of(SerdeConfig.SCHEMA_REGISTRY_URL, url), false);
            assertThatThrownBy(() -> off.serializer().serialize(topic, record))
                    .isInstanceOf(SerializationException.class)
                    .hasMessageContaining("not registered under subject '" + topic + "-value'");
            byte[] bytes = on.serializer().serialize(topic, record);
            assertThat(WireFormat.readSchemaId(bytes)).isEqualTo(client.getLatest(topic + "-value").id());
            assertThat(off.serializer().serialize(topic, record)).isEqualTo(bytes);
            assertThat(off.deserializer().deserialize(topic, bytes)).isEqualTo(record);
        }
    }

    /** Another record type on a topic breaks BACKWARD: the serializer fails with the registry's 409 as cause. */
    @Test
    void serializingAnIncompatibleRecordTypeFailsWithIncompatibleSchemaAsCause() {
        String topic = "it-" + run + ".wrong-type";
        SpecificAvroSerde.of(LabResult.class, client).serializer().serialize(topic, ContractRecords.labResult("P1"));

        SpecificAvroSerializer<AlertAction> other = new SpecificAvroSerializer<>(client, SerdeSettings.defaults());
        assertThatThrownBy(() -> other.serialize(topic, ContractRecords.alertAction()))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("Could not register schema org.dlmwatch.events.v1.AlertAction under subject '"
                        + topic + "-value'")
                .cause().isInstanceOf(IncompatibleSchemaException.class)
                .satisfies(e -> assertThat(((SchemaRegistryException) e).httpStatus()).isEqualTo(409));
        assertThat(client.getLatest(topic + "-value").version()).isEqualTo(1);
    }

    @Test
    void readingARecordWithAnIdTheRegistryDoesNotKnowIsAClearError() {
        byte[] bytes = WireFormat.encode(1_999_999_998, new byte[] {2, 65});
        assertThatThrownBy(() -> SpecificAvroSerde.of(LabResult.class, freshClient()).deserializer()
                .deserialize("it-" + run + ".unknown-id", bytes))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("writer schema id 1999999998 is not in the schema registry")
                .cause().isInstanceOf(SchemaNotFoundException.class);
    }

    // ---- errors -------------------------------------------------------------------------------

    @Test
    void unknownSubjectsAndIdsMapToTheirExceptionsEverywhere() {
        String missing = subject("nowhere");
        HttpSchemaRegistryClient fresh = freshClient();
        assertThatThrownBy(() -> fresh.getLatest(missing)).isInstanceOf(SubjectNotFoundException.class)
                .satisfies(e -> assertThat(((SchemaRegistryException) e).httpStatus()).isEqualTo(404));
        assertThatThrownBy(() -> fresh.testCompatibility(missing, sample(A)))
                .as("Apicurio answers 40402 here").isInstanceOf(SubjectNotFoundException.class);
        assertThat(fresh.lookup(missing, sample(A))).isEmpty();
        assertThat(fresh.getCompatibility(Optional.of(missing))).isEqualTo(globalAtStart);
        assertThatThrownBy(() -> fresh.getById(1_999_999_997)).isInstanceOf(SchemaNotFoundException.class)
                .hasMessageContaining("/schemas/ids/1999999997");
        assertThat(fresh.subjects()).doesNotContain(missing);
    }

    // ---- helpers ------------------------------------------------------------------------------

    /** Registers schema text byte for byte as given (what a release step uploading a file does). */
    private static int uploadAsIs(String subject, String schemaText) throws Exception {
        HttpResponse<String> response = raw("POST", "/subjects/" + encode(subject) + "/versions", schemaBody(schemaText));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return JSON.readTree(response.body()).get("id").asInt();
    }

    private static String schemaBody(String schemaText) throws Exception {
        return JSON.createObjectNode().put("schema", schemaText).toString();
    }

    private static String encode(String subject) {
        return URLEncoder.encode(subject, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static HttpResponse<String> raw(String method, String path, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url + path))
                .header("Accept", HttpSchemaRegistryClient.CONTENT_TYPE);
        if (body == null) {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            request.header("Content-Type", HttpSchemaRegistryClient.CONTENT_TYPE)
                    .method(method, HttpRequest.BodyPublishers.ofString(body));
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static int errorCode(HttpResponse<String> response) throws Exception {
        JsonNode node = JSON.readTree(response.body());
        return node.path("error_code").asInt(-1);
    }
}
