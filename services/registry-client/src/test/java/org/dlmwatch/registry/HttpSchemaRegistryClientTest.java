package org.dlmwatch.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.dlmwatch.registry.TestSchemas.A;
import static org.dlmwatch.registry.TestSchemas.B_DEFAULT;
import static org.dlmwatch.registry.TestSchemas.sample;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class HttpSchemaRegistryClientTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Schema SCHEMA = sample(A);

    private FakeRegistryServer server;
    private HttpSchemaRegistryClient client;

    @BeforeEach
    void start() throws Exception {
        server = new FakeRegistryServer();
        client = new HttpSchemaRegistryClient(server.baseUrl());
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private static String error(int code, String message) {
        return "{\"error_code\":" + code + ",\"message\":\"" + message + "\"}";
    }

    private static String schemaJson(Schema schema) throws Exception {
        return JSON.writeValueAsString(schema.toString());
    }

    // ---- error mapping ----------------------------------------------------------------------

    static Stream<Arguments> errorAnswers() {
        return Stream.of(
                Arguments.of(404, error(40401, "Subject 'x' not found."), SubjectNotFoundException.class, 40401),
                Arguments.of(404, error(40402, "Version 7 not found."), VersionNotFoundException.class, 40402),
                Arguments.of(404, error(40403, "Schema not found"), SchemaNotFoundException.class, 40403),
                Arguments.of(409, error(409, "Schema being registered is incompatible"), IncompatibleSchemaException.class, 409),
                Arguments.of(409, "", IncompatibleSchemaException.class, SchemaRegistryException.NONE),
                Arguments.of(422, error(42201, "Invalid schema"), InvalidSchemaException.class, 42201),
                Arguments.of(422, error(42203, "Invalid compatibility level"), InvalidCompatibilityLevelException.class, 42203),
                Arguments.of(500, error(50001, "Error in the backend data store"), RegistryUnavailableException.class, 50001),
                Arguments.of(503, "<html><body>Service Unavailable</body></html>", RegistryUnavailableException.class,
                        SchemaRegistryException.NONE),
                // Apicurio: unsupported operations and malformed bodies
                Arguments.of(404, error(0, "Operation not supported."), SchemaRegistryException.class, 0),
                Arguments.of(400, "Not able to deserialize data provided.", SchemaRegistryException.class,
                        SchemaRegistryException.NONE),
                Arguments.of(401, error(401, "Unauthorized"), SchemaRegistryException.class, 401));
    }

    @ParameterizedTest(name = "HTTP {0} {1} -> {2}")
    @MethodSource("errorAnswers")
    void errorAnswersMapToExceptions(int status, String body, Class<? extends SchemaRegistryException> expected,
            int errorCode) {
        server.on("GET", "/subjects/s-value/versions/latest", status, body);
        assertThatThrownBy(() -> client.getLatest("s-value"))
                .isExactlyInstanceOf(expected)
                .hasMessageContaining("GET /subjects/s-value/versions/latest")
                .hasMessageContaining("HTTP " + status)
                .satisfies(e -> {
                    SchemaRegistryException registryError = (SchemaRegistryException) e;
                    assertThat(registryError.httpStatus()).isEqualTo(status);
                    assertThat(registryError.errorCode()).isEqualTo(errorCode);
                });
    }

    @Test
    void errorMessageQuotesTheRegistryMessageAndShortensOtherBodies() {
        server.on("GET", "/schemas/ids/5", 404, error(40403, "Schema 5 not found"));
        assertThatThrownBy(() -> client.getById(5)).hasMessageContaining("Schema 5 not found");

        server.on("GET", "/subjects", 502, "x".repeat(5000));
        assertThatThrownBy(() -> client.subjects())
                .isInstanceOf(RegistryUnavailableException.class)
                .satisfies(e -> assertThat(e.getMessage().length()).isLessThan(600));
    }

    @Test
    void connectionRefusedIsUnavailable() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        HttpSchemaRegistryClient nobody = new HttpSchemaRegistryClient("http://127.0.0.1:" + port);
        assertThatThrownBy(() -> nobody.getById(1))
                .isInstanceOf(RegistryUnavailableException.class)
                .hasMessageContaining("127.0.0.1:" + port)
                .hasMessageContaining("connection refused");
    }

    @Test
    void slowAnswerIsUnavailable() {
        server.on("GET", "/schemas/ids/1", new FakeRegistryServer.Response(200, "{}",
                HttpSchemaRegistryClient.CONTENT_TYPE, Duration.ofSeconds(2)));
        HttpSchemaRegistryClient impatient = HttpSchemaRegistryClient.builder(server.baseUrl())
                .requestTimeout(Duration.ofMillis(200)).build();
        assertThatThrownBy(() -> impatient.getById(1))
                .isInstanceOf(RegistryUnavailableException.class)
                .hasMessageContaining("no answer within 200 ms");
    }

    @Test
    void successWithABodyThatIsNotJsonIsAClearError() {
        server.on("GET", "/schemas/ids/1", 200, "<html>login page</html>");
        assertThatThrownBy(() -> client.getById(1))
                .isExactlyInstanceOf(SchemaRegistryException.class)
                .hasMessageContaining("not JSON");
    }

    @Test
    void schemaReferencesAndOtherSchemaTypesAreRejected() {
        server.on("GET", "/schemas/ids/1", 200,
                "{\"schema\":\"\\\"string\\\"\",\"references\":[{\"name\":\"x\",\"subject\":\"y\",\"version\":1}]}");
        server.on("GET", "/schemas/ids/2", 200, "{\"schema\":\"syntax = 'proto3';\",\"schemaType\":\"PROTOBUF\"}");
        server.on("GET", "/schemas/ids/3", 200, "{\"schema\":\"{not avro\"}");
        assertThatThrownBy(() -> client.getById(1)).isInstanceOf(InvalidSchemaException.class).hasMessageContaining("references");
        assertThatThrownBy(() -> client.getById(2)).isInstanceOf(InvalidSchemaException.class).hasMessageContaining("PROTOBUF");
        assertThatThrownBy(() -> client.getById(3)).isInstanceOf(InvalidSchemaException.class);
    }

    // ---- requests -----------------------------------------------------------------------------

    @Test
    void registerPostsTheSchemaWithTheRegistryContentType() throws Exception {
        server.on("POST", "/subjects/lab.results.v1-value/versions", 200, "{\"id\":21}");
        assertThat(client.register("lab.results.v1-value", SCHEMA)).isEqualTo(21);

        FakeRegistryServer.Request request = server.requests().get(0);
        assertThat(request.header("Content-Type")).isEqualTo("application/vnd.schemaregistry.v1+json");
        assertThat(request.header("Accept")).startsWith("application/vnd.schemaregistry.v1+json");
        assertThat(JSON.readTree(request.body()).get("schema").asText()).isEqualTo(SCHEMA.toString());
        assertThat(request.header("Authorization")).isNull();
    }

    @Test
    void basicAuthAndExtraHeadersGoWithEveryRequest() {
        server.on("GET", "/subjects", 200, "[]");
        HttpSchemaRegistryClient.builder(server.baseUrl() + "/")
                .basicAuthUserInfo("svc:s3cret").header("X-Api-Key", "k1").build().subjects();
        FakeRegistryServer.Request request = server.requests().get(0);
        assertThat(request.path()).isEqualTo("/subjects");
        assertThat(request.header("Authorization"))
                .isEqualTo("Basic " + Base64.getEncoder().encodeToString("svc:s3cret".getBytes(StandardCharsets.UTF_8)));
        assertThat(request.header("X-Api-Key")).isEqualTo("k1");
    }

    @Test
    void userInfoInTheUrlIsBasicAuthAndNeverShown() {
        String url = server.baseUrl().replace("http://", "http://svc:s3cret@");
        HttpSchemaRegistryClient withUrlAuth = new HttpSchemaRegistryClient(url);
        server.on("GET", "/subjects", 500, error(50001, "down"));
        assertThatThrownBy(withUrlAuth::subjects).satisfies(e -> assertThat(e.getMessage()).doesNotContain("s3cret"));
        assertThat(withUrlAuth.baseUrl()).isEqualTo(server.baseUrl());
        assertThat(withUrlAuth.toString()).doesNotContain("s3cret");
        assertThat(server.requests().get(0).header("Authorization")).startsWith("Basic ");
    }

    @Test
    void badSettingsAreRejectedEarly() {
        assertThatThrownBy(() -> new HttpSchemaRegistryClient("http://a:1,http://b:2")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new HttpSchemaRegistryClient("mem://x")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> HttpSchemaRegistryClient.builder("http://a:1").header("Host", "b"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> HttpSchemaRegistryClient.builder("http://a:1").basicAuthUserInfo("nopassword"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> HttpSchemaRegistryClient.builder("http://a:1").requestTimeout(Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void subjectsArePercentEncodedInPaths() {
        server.on("GET", "/subjects/a%2Fb%20c%2Bd-value/versions/latest", 200,
                "{\"subject\":\"a/b c+d-value\",\"version\":1,\"id\":3,\"schema\":\"\\\"string\\\"\"}");
        RegisteredSchema latest = client.getLatest("a/b c+d-value");
        assertThat(latest).isEqualTo(new RegisteredSchema("a/b c+d-value", 1, 3, Schema.create(Schema.Type.STRING)));
    }

    // ---- caching ------------------------------------------------------------------------------

    @Test
    void registeringTheSameSchemaManyTimesIsOneCallAndFillsTheIdCache() {
        server.on("POST", "/subjects/t-value/versions", 200, "{\"id\":7}");
        for (int i = 0; i < 100; i++) {
            assertThat(client.register("t-value", sample(A))).isEqualTo(7);
        }
        assertThat(client.getById(7)).isEqualTo(SCHEMA);
        assertThat(server.requests()).hasSize(1);
    }

    @Test
    void fetchingTheSameIdManyTimesIsOneCall() throws Exception {
        server.on("GET", "/schemas/ids/9", 200, "{\"schema\":" + schemaJson(SCHEMA) + ",\"references\":[]}");
        for (int i = 0; i < 100; i++) {
            assertThat(client.getById(9)).isEqualTo(SCHEMA);
        }
        assertThat(server.count("GET", "/schemas/ids/9")).isEqualTo(1);
    }

    @Test
    void failuresAreNotCached() throws Exception {
        server.on("GET", "/schemas/ids/9", 503, "");
        assertThatThrownBy(() -> client.getById(9)).isInstanceOf(RegistryUnavailableException.class);
        server.on("GET", "/schemas/ids/9", 200, "{\"schema\":" + schemaJson(SCHEMA) + "}");
        assertThat(client.getById(9)).isEqualTo(SCHEMA);
        assertThat(server.count("GET", "/schemas/ids/9")).isEqualTo(2);
    }

    @Test
    void concurrentCallersOfAMissingIdShareOneCall() throws Exception {
        server.on("GET", "/schemas/ids/4", new FakeRegistryServer.Response(200, "{\"schema\":" + schemaJson(SCHEMA) + "}",
                HttpSchemaRegistryClient.CONTENT_TYPE, Duration.ofMillis(300)));
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Callable<Schema>> calls = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                calls.add(() -> client.getById(4));
            }
            for (Future<Schema> result : pool.invokeAll(calls)) {
                assertThat(result.get()).isEqualTo(SCHEMA);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(server.count("GET", "/schemas/ids/4")).isEqualTo(1);
    }

    @Test
    void foundLookupsAreCachedButMissesAreAskedAgain() throws Exception {
        String found = "{\"subject\":\"t-value\",\"version\":2,\"id\":5,\"schema\":" + schemaJson(SCHEMA) + "}";
        server.on("POST", "/subjects/t-value", 200, found);
        for (int i = 0; i < 10; i++) {
            assertThat(client.lookup("t-value", SCHEMA)).contains(new RegisteredSchema("t-value", 2, 5, SCHEMA));
        }
        assertThat(server.count("POST", "/subjects/t-value")).isEqualTo(1);

        server.on("POST", "/subjects/u-value", 404, error(40401, "Subject not found"));
        assertThat(client.lookup("u-value", SCHEMA)).isEmpty();
        assertThat(client.lookup("u-value", SCHEMA)).isEmpty();
        assertThat(server.count("POST", "/subjects/u-value")).isEqualTo(2);
    }

    // ---- lenient reading of answers ----------------------------------------------------------

    @Test
    void lookupFallsBackToComparingParsedVersionsWhenTheRegistryComparesText() throws Exception {
        server.on("POST", "/subjects/t-value", 404, error(40403, "The given schema does not match any schema"));
        server.on("GET", "/subjects/t-value/versions", 200, "[1,2]");
        server.on("GET", "/subjects/t-value/versions/2", 200,
                "{\"subject\":\"t-value\",\"version\":2,\"id\":12,\"schema\":" + schemaJson(sample(A, B_DEFAULT)) + "}");
        server.on("GET", "/subjects/t-value/versions/1", 200,
                "{\"subject\":\"t-value\",\"version\":1,\"id\":11,\"schema\":" + JSON.writeValueAsString(SCHEMA.toString(true)) + "}");
        assertThat(client.lookup("t-value", SCHEMA)).contains(new RegisteredSchema("t-value", 1, 11, SCHEMA));
        assertThat(client.lookup("t-value", sample(TestSchemas.A_AS_INT))).isEmpty();
    }

    @Test
    void compatibilityLevelIsReadUnderEitherKeyAndAnyCase() {
        server.on("GET", "/config", 200, "{\"compatibilityLevel\":\"FULL\"}");
        assertThat(client.getCompatibility(Optional.empty())).isEqualTo(CompatibilityLevel.FULL);
        server.on("GET", "/config", 200, "{\"compatibility\":\"backward_transitive\"}");
        assertThat(client.getCompatibility(Optional.empty())).isEqualTo(CompatibilityLevel.BACKWARD_TRANSITIVE);
        server.on("GET", "/config", 200, "{\"compatibilityLevel\":\"SIDEWAYS\"}");
        assertThatThrownBy(() -> client.getCompatibility(Optional.empty()))
                .isInstanceOf(InvalidCompatibilityLevelException.class);
    }

    @Test
    void subjectLevelAsksWithDefaultToGlobalAndFallsBackToTheGlobalLevel() {
        server.on("GET", "/config/own-value", 200, "{\"compatibilityLevel\":\"FORWARD\"}");
        server.on("GET", "/config/confluent-value", 404, error(40408, "Subject does not have subject-level compatibility configured"));
        server.on("GET", "/config/apicurio-value", 404, error(40401, "No artifact with ID 'apicurio-value'"));
        server.on("GET", "/config", 200, "{\"compatibilityLevel\":\"BACKWARD\"}");
        assertThat(client.getCompatibility(Optional.of("own-value"))).isEqualTo(CompatibilityLevel.FORWARD);
        assertThat(server.requests().get(0).query()).isEqualTo("defaultToGlobal=true");
        assertThat(client.getCompatibility(Optional.of("confluent-value"))).isEqualTo(CompatibilityLevel.BACKWARD);
        assertThat(client.getCompatibility(Optional.of("apicurio-value"))).isEqualTo(CompatibilityLevel.BACKWARD);
    }

    @Test
    void setCompatibilityPutsTheLevel() throws Exception {
        server.on("PUT", "/config", 200, "{\"compatibility\":\"BACKWARD\"}");
        server.on("PUT", "/config/t-value", 200, "{\"compatibility\":\"NONE\"}");
        HttpSchemaRegistryClient confluent = HttpSchemaRegistryClient.builder(server.baseUrl())
                .dialect(HttpSchemaRegistryClient.Dialect.CONFLUENT).build();
        confluent.setCompatibility(Optional.empty(), CompatibilityLevel.BACKWARD);
        confluent.setCompatibility(Optional.of("t-value"), CompatibilityLevel.NONE);
        assertThat(JSON.readTree(server.requests().get(0).body()).get("compatibility").asText()).isEqualTo("BACKWARD");
        assertThat(JSON.readTree(server.requests().get(1).body()).get("compatibility").asText()).isEqualTo("NONE");
        assertThat(server.requests()).hasSize(2);
    }

    @Test
    void testCompatibilityReadsIsCompatibleAndTreatsMissingLatestAsUnknownSubject() {
        server.on("POST", "/compatibility/subjects/t-value/versions/latest", 200, "{\"is_compatible\":false,\"reason\":null}");
        assertThat(client.testCompatibility("t-value", SCHEMA)).isFalse();
        server.on("POST", "/compatibility/subjects/t-value/versions/latest", 200, "{\"is_compatible\":true}");
        assertThat(client.testCompatibility("t-value", SCHEMA)).isTrue();
        server.on("POST", "/compatibility/subjects/gone-value/versions/latest", 404,
                error(40402, "No version 'latest' found for artifact with ID 'gone-value'"));
        assertThatThrownBy(() -> client.testCompatibility("gone-value", SCHEMA))
                .isInstanceOf(SubjectNotFoundException.class)
                .hasMessageContaining("gone-value");
    }

    // ---- Apicurio dialect ---------------------------------------------------------------------

    @Test
    void dialectIsDetectedFromTheUrlUnlessSet() {
        assertThat(client.dialect()).isEqualTo(HttpSchemaRegistryClient.Dialect.APICURIO);
        assertThat(new HttpSchemaRegistryClient("http://127.0.0.1:8081").dialect())
                .isEqualTo(HttpSchemaRegistryClient.Dialect.CONFLUENT);
        assertThat(HttpSchemaRegistryClient.builder(server.baseUrl()).dialect(HttpSchemaRegistryClient.Dialect.CONFLUENT)
                .build().dialect()).isEqualTo(HttpSchemaRegistryClient.Dialect.CONFLUENT);
        assertThat(((HttpSchemaRegistryClient) SerdeConfig.client(Map.of(SerdeConfig.SCHEMA_REGISTRY_URL, server.baseUrl(),
                SerdeConfig.DIALECT, "confluent"))).dialect()).isEqualTo(HttpSchemaRegistryClient.Dialect.CONFLUENT);
    }

    @Test
    void apicurioReportsNoneForASubjectWithoutOwnLevelSoTheGlobalLevelApplies() {
        server.on("GET", "/config/s-value", 200, "{\"compatibilityLevel\":\"NONE\"}");
        server.on("GET", "/config", 200, "{\"compatibilityLevel\":\"BACKWARD\"}");
        assertThat(client.getCompatibility(Optional.of("s-value"))).isEqualTo(CompatibilityLevel.BACKWARD);
        HttpSchemaRegistryClient confluent = HttpSchemaRegistryClient.builder(server.baseUrl())
                .dialect(HttpSchemaRegistryClient.Dialect.CONFLUENT).build();
        assertThat(confluent.getCompatibility(Optional.of("s-value"))).isEqualTo(CompatibilityLevel.NONE);
    }

    @Test
    void apicurioGlobalNoneWhenAlreadyNoneIsNotAnError() {
        server.on("PUT", "/config", 404, error(0, "No rule named 'COMPATIBILITY' was found."));
        server.on("GET", "/config", 200, "{\"compatibilityLevel\":\"NONE\"}");
        client.setCompatibility(Optional.empty(), CompatibilityLevel.NONE);

        server.on("GET", "/config", 200, "{\"compatibilityLevel\":\"FULL\"}");
        assertThatThrownBy(() -> client.setCompatibility(Optional.empty(), CompatibilityLevel.NONE))
                .isExactlyInstanceOf(SchemaRegistryException.class).hasMessageContaining("No rule named");
    }

    @Test
    void apicurioSubjectNoneIsRefusedWhileTheGlobalLevelIsStricter() {
        server.on("GET", "/config", 200, "{\"compatibilityLevel\":\"BACKWARD\"}");
        assertThatThrownBy(() -> client.setCompatibility(Optional.of("s-value"), CompatibilityLevel.NONE))
                .isExactlyInstanceOf(SchemaRegistryException.class)
                .hasMessageContaining("cannot give subject 's-value' level NONE while the global level is BACKWARD");
        assertThat(server.count("PUT", "/config/s-value")).isZero();

        server.on("GET", "/config", 200, "{\"compatibilityLevel\":\"NONE\"}");
        server.on("PUT", "/config/s-value", 404, error(40401, "No artifact with ID 's-value'"));
        client.setCompatibility(Optional.of("s-value"), CompatibilityLevel.NONE);
        assertThat(server.count("PUT", "/config/s-value")).isEqualTo(1);
    }

    @Test
    void subjectsAreSorted() {
        server.on("GET", "/subjects", 200, "[\"b-value\",\"a-value\"]");
        assertThat(client.subjects()).containsExactly("a-value", "b-value");
    }

    @Test
    void sharedClientsFromConfigsAreReusedPerSettings() {
        Map<String, Object> configs = Map.of(SerdeConfig.SCHEMA_REGISTRY_URL, server.baseUrl());
        assertThat(SerdeConfig.client(configs)).isSameAs(SerdeConfig.client(Map.of(SerdeConfig.SCHEMA_REGISTRY_URL, server.baseUrl())));
        assertThat(SerdeConfig.client(configs))
                .isNotSameAs(SerdeConfig.client(Map.of(SerdeConfig.SCHEMA_REGISTRY_URL, server.baseUrl(),
                        SerdeConfig.BASIC_AUTH_USER_INFO, "u:p")));
    }

    @Test
    void headersAndTimeoutsFromConfigs() {
        server.on("GET", "/subjects", 200, "[]");
        SerdeConfig.client(Map.of(SerdeConfig.SCHEMA_REGISTRY_URL, server.baseUrl(),
                SerdeConfig.HEADER_PREFIX + "X-Tenant", "dlm",
                SerdeConfig.REQUEST_TIMEOUT_MS, "5000",
                SerdeConfig.BASIC_AUTH_USER_INFO, "u:p")).subjects();
        assertThat(server.requests().get(0).header("X-Tenant")).isEqualTo("dlm");
        assertThat(server.requests().get(0).header("Authorization")).startsWith("Basic ");
    }
}
