package org.dlmwatch.registry;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.NullNode;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.apache.avro.Schema;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link SchemaRegistryClient} over the Confluent Schema Registry REST API, with the JDK
 * {@link HttpClient}. Works with Confluent's registry and with Apicurio Registry's
 * Confluent-compatible API ({@code http://host:port/apis/ccompat/v7}); see the module README for
 * the differences it smooths over.
 *
 * <p>The project carries this client because Confluent's client jars are not on Maven Central.
 *
 * <p><b>Caching.</b> Ids are immutable in a registry, so the client remembers (for its lifetime,
 * unbounded; a service has a handful of schemas): subject + schema &rarr; id for
 * {@link #register}, subject + schema &rarr; version for found {@link #lookup}s, and id &rarr;
 * schema for {@link #getById}. A serializer that writes the same schema a million times makes one
 * HTTP call, and concurrent callers of the same missing entry share one call. {@link #getLatest},
 * compatibility and subject listings always ask the registry.
 *
 * <p><b>Errors</b> are mapped from the registry's {@code {"error_code", "message"}} body and HTTP
 * status to {@link SchemaRegistryException} subclasses; connection failures, timeouts and 5xx
 * become {@link RegistryUnavailableException}. Nothing is retried here.
 *
 * <p>Thread-safe. Build with {@link #builder(String)}, or {@link SerdeConfig#client(Map)} from
 * Kafka-style configs.
 */
public final class HttpSchemaRegistryClient implements SchemaRegistryClient {

    /** The content type of the Confluent Schema Registry API. */
    public static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";

    static final String ACCEPT = "application/vnd.schemaregistry.v1+json, "
            + "application/vnd.schemaregistry+json; qs=0.9, application/json; qs=0.5";

    /** Connect timeout when none is given. */
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(10);
    /** Per-request timeout when none is given. */
    public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(30);

    /**
     * Which registry implementation is behind the URL, where their Confluent APIs differ.
     * Detected from the URL unless set: a path containing {@code /apis/ccompat/} is Apicurio.
     */
    public enum Dialect {
        /** Confluent Schema Registry, or anything that behaves like it. */
        CONFLUENT,
        /**
         * Apicurio Registry's Confluent-compatible API: it cannot store a subject-level NONE (setting
         * one removes the subject's own level, so the global level applies) and reports NONE for a
         * subject without its own level; setting the global level to NONE when it already is fails.
         */
        APICURIO
    }

    private static final Logger LOG = LoggerFactory.getLogger(HttpSchemaRegistryClient.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String baseUrl;
    private final Dialect dialect;
    private final String authorization;
    private final Map<String, String> headers;
    private final Duration connectTimeout;
    private final Duration requestTimeout;
    private final HttpClient http;

    private final Memo<SubjectSchema, Integer> idsBySubjectSchema = new Memo<>();
    private final Memo<SubjectSchema, RegisteredSchema> lookups = new Memo<>();
    private final Memo<Integer, Schema> schemasById = new Memo<>();

    private record SubjectSchema(String subject, Schema schema) {}

    /** A client for {@code baseUrl} (e.g. {@code http://127.0.0.1:8081}) with default settings. */
    public HttpSchemaRegistryClient(String baseUrl) {
        this(builder(baseUrl));
    }

    private HttpSchemaRegistryClient(Builder builder) {
        this.baseUrl = builder.baseUrl;
        this.dialect = builder.dialect != null ? builder.dialect
                : builder.baseUrl.contains("/apis/ccompat/") ? Dialect.APICURIO : Dialect.CONFLUENT;
        this.authorization = builder.userInfo == null ? null
                : "Basic " + Base64.getEncoder().encodeToString(builder.userInfo.getBytes(StandardCharsets.UTF_8));
        this.headers = Collections.unmodifiableMap(new LinkedHashMap<>(builder.headers));
        this.connectTimeout = builder.connectTimeout;
        this.requestTimeout = builder.requestTimeout;
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(connectTimeout)
                .followRedirects(HttpClient.Redirect.NORMAL)
                .build();
    }

    /**
     * Starts building a client for {@code baseUrl}: the registry's API root, e.g.
     * {@code https://registry.example.org} or {@code http://127.0.0.1:8080/apis/ccompat/v7}. A
     * {@code user:password@} in the URL is used as basic auth unless
     * {@link Builder#basicAuthUserInfo} is given.
     */
    public static Builder builder(String baseUrl) {
        return new Builder(baseUrl);
    }

    /** The API root requests go to (without credentials). */
    public String baseUrl() {
        return baseUrl;
    }

    /** The registry dialect this client speaks. */
    public Dialect dialect() {
        return dialect;
    }

    @Override
    public int register(String subject, Schema schema) {
        SubjectSchema key = key(subject, schema);
        return idsBySubjectSchema.get(key, () -> {
            JsonNode answer = call("POST", subjectPath(subject) + "/versions", schemaBody(schema));
            int id = requireInt(answer, "id", "POST " + subjectPath(subject) + "/versions");
            schemasById.put(id, schema);
            LOG.debug("Schema {} has id {} under subject {}", schema.getFullName(), id, subject);
            return id;
        });
    }

    @Override
    public Schema getById(int id) {
        return schemasById.get(id, () -> {
            String path = "/schemas/ids/" + id;
            return schemaOf(call("GET", path, null), "GET " + path);
        });
    }

    @Override
    public RegisteredSchema getLatest(String subject) {
        String path = subjectPath(requireSubject(subject)) + "/versions/latest";
        return registered(call("GET", path, null), subject, null, "GET " + path);
    }

    @Override
    public Optional<RegisteredSchema> lookup(String subject, Schema schema) {
        SubjectSchema key = key(subject, schema);
        Optional<RegisteredSchema> known = lookups.peek(key);
        if (known.isPresent()) {
            return known;
        }
        String path = subjectPath(subject);
        RegisteredSchema found;
        try {
            found = registered(call("POST", path, schemaBody(schema)), subject, schema, "POST " + path);
        } catch (SubjectNotFoundException e) {
            return Optional.empty();
        } catch (SchemaNotFoundException e) {
            // Apicurio compares schema text, not parsed schemas: a schema registered with other
            // formatting (e.g. an .avsc file uploaded as is) is not found. Compare parsed versions.
            Optional<RegisteredSchema> scanned = scanVersions(subject, schema);
            if (scanned.isEmpty()) {
                return scanned;
            }
            found = scanned.get();
        }
        lookups.put(key, found);
        return Optional.of(found);
    }

    private Optional<RegisteredSchema> scanVersions(String subject, Schema schema) {
        String path = subjectPath(subject) + "/versions";
        List<Integer> versions = new ArrayList<>();
        try {
            JsonNode answer = call("GET", path, null);
            if (!answer.isArray()) {
                throw unexpected("GET " + path, "a JSON array of versions");
            }
            answer.forEach(v -> versions.add(v.asInt()));
        } catch (SubjectNotFoundException e) {
            return Optional.empty();
        }
        Collections.sort(versions, Collections.reverseOrder());
        for (int version : versions) {
            String versionPath = path + "/" + version;
            try {
                RegisteredSchema candidate = registered(call("GET", versionPath, null), subject, null, "GET " + versionPath);
                if (candidate.schema().equals(schema)) {
                    return Optional.of(candidate);
                }
            } catch (VersionNotFoundException e) {
                // deleted meanwhile
            }
        }
        return Optional.empty();
    }

    @Override
    public boolean testCompatibility(String subject, Schema schema) {
        String path = "/compatibility" + subjectPath(key(subject, schema).subject()) + "/versions/latest";
        JsonNode answer;
        try {
            answer = call("POST", path, schemaBody(schema));
        } catch (VersionNotFoundException e) {
            // Apicurio answers 40402 (no version 'latest') where Confluent answers 40401.
            throw new SubjectNotFoundException("Subject '" + subject + "' not found or without versions: "
                    + e.getMessage(), e.httpStatus(), e.errorCode());
        }
        JsonNode value = first(answer, "is_compatible", "isCompatible", "compatible");
        if (value == null || !value.isBoolean()) {
            throw unexpected("POST " + path, "{\"is_compatible\": true|false}");
        }
        return value.asBoolean();
    }

    @Override
    public CompatibilityLevel getCompatibility(Optional<String> subject) {
        Objects.requireNonNull(subject, "subject (use Optional.empty() for the global level)");
        if (subject.isPresent()) {
            String path = "/config/" + encode(requireSubject(subject.get()));
            try {
                CompatibilityLevel level = level(call("GET", path + "?defaultToGlobal=true", null), "GET " + path);
                // Apicurio answers NONE for a subject without its own level (it cannot store a
                // subject-level NONE), whatever the global level is.
                if (!(dialect == Dialect.APICURIO && level == CompatibilityLevel.NONE)) {
                    return level;
                }
            } catch (SubjectNotFoundException e) {
                // Apicurio: a subject without versions or own level; the global level applies
            } catch (SchemaRegistryException e) {
                if (e.errorCode() != RegistryErrors.SUBJECT_LEVEL_NOT_CONFIGURED) {
                    throw e;
                }
            }
        }
        return level(call("GET", "/config", null), "GET /config");
    }

    /**
     * {@inheritDoc}
     *
     * <p>On Apicurio a subject-level NONE is only possible while the global level is NONE (Apicurio
     * stores NONE as "no subject level"); otherwise this throws a {@link SchemaRegistryException}
     * saying so, rather than silently leaving the global level in force.
     */
    @Override
    public void setCompatibility(Optional<String> subject, CompatibilityLevel level) {
        Objects.requireNonNull(subject, "subject (use Optional.empty() for the global level)");
        Objects.requireNonNull(level, "level");
        String body = JSON.createObjectNode().put("compatibility", level.name()).toString();
        boolean apicurioNone = dialect == Dialect.APICURIO && level == CompatibilityLevel.NONE;
        if (subject.isEmpty()) {
            try {
                call("PUT", "/config", body);
            } catch (SchemaRegistryException e) {
                // Apicurio: NONE deletes the global rule, and there is none to delete when already NONE
                if (!(apicurioNone && e.httpStatus() == 404 && getCompatibility(Optional.empty()) == level)) {
                    throw e;
                }
            }
            return;
        }
        String name = requireSubject(subject.get());
        String path = "/config/" + encode(name);
        if (apicurioNone) {
            CompatibilityLevel global = getCompatibility(Optional.empty());
            if (global != CompatibilityLevel.NONE) {
                throw new SchemaRegistryException("Apicurio at " + baseUrl + " cannot give subject '" + name
                        + "' level NONE while the global level is " + global + ": its ccompat API stores NONE as "
                        + "\"no subject level\", so " + global + " would still apply. Use a subject level that admits "
                        + "the change, or set the global level to NONE.",
                        SchemaRegistryException.NONE, SchemaRegistryException.NONE);
            }
            try {
                call("PUT", path, body);
            } catch (SubjectNotFoundException e) {
                // no such subject, so no subject level to remove: the global NONE applies
            }
            return;
        }
        call("PUT", path, body);
    }

    @Override
    public List<String> subjects() {
        JsonNode answer = call("GET", "/subjects", null);
        if (!answer.isArray()) {
            throw unexpected("GET /subjects", "a JSON array of subjects");
        }
        List<String> subjects = new ArrayList<>();
        answer.forEach(s -> subjects.add(s.asText()));
        Collections.sort(subjects);
        return subjects;
    }

    @Override
    public String toString() {
        return "HttpSchemaRegistryClient[" + baseUrl + "]";
    }

    // ---- HTTP -------------------------------------------------------------------------------

    private JsonNode call(String method, String path, String body) {
        String what = method + " " + path;
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + path))
                .timeout(requestTimeout)
                .header("Accept", ACCEPT);
        headers.forEach(request::header);
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        if (body == null) {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            request.header("Content-Type", CONTENT_TYPE)
                    .method(method, HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        }
        HttpResponse<String> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (HttpConnectTimeoutException e) {
            throw unavailable(what, "could not connect within " + connectTimeout.toMillis() + " ms", e);
        } catch (HttpTimeoutException e) {
            throw unavailable(what, "no answer within " + requestTimeout.toMillis() + " ms", e);
        } catch (ConnectException e) {
            throw unavailable(what, "connection refused", e);
        } catch (IOException e) {
            throw unavailable(what, e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : ": " + e.getMessage()), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw unavailable(what, "interrupted", e);
        }
        int status = response.statusCode();
        if (status < 200 || status > 299) {
            throw RegistryErrors.fromResponse(JSON, status, response.body(), what + " at " + baseUrl);
        }
        String text = response.body();
        if (text == null || text.isBlank()) {
            return NullNode.getInstance();
        }
        try {
            return JSON.readTree(text);
        } catch (JsonProcessingException e) {
            throw new SchemaRegistryException(what + " at " + baseUrl + " answered HTTP " + status
                    + " with a body that is not JSON", status, SchemaRegistryException.NONE);
        }
    }

    private RegistryUnavailableException unavailable(String what, String why, Exception cause) {
        return new RegistryUnavailableException(
                "Schema registry at " + baseUrl + " unavailable (" + what + "): " + why, cause);
    }

    private SchemaRegistryException unexpected(String what, String expected) {
        return new SchemaRegistryException(what + " at " + baseUrl + ": unexpected answer, expected " + expected,
                SchemaRegistryException.NONE, SchemaRegistryException.NONE);
    }

    // ---- JSON -------------------------------------------------------------------------------

    private static String schemaBody(Schema schema) {
        return JSON.createObjectNode().put("schema", schema.toString()).toString();
    }

    private RegisteredSchema registered(JsonNode answer, String subject, Schema asked, String what) {
        int id = requireInt(answer, "id", what);
        int version = requireInt(answer, "version", what);
        JsonNode subjectNode = answer.get("subject");
        String actualSubject = subjectNode != null && subjectNode.isTextual() ? subjectNode.asText() : subject;
        Schema schema = answer.hasNonNull("schema") || asked == null ? schemaOf(answer, what) : asked;
        schemasById.put(id, schema);
        return new RegisteredSchema(actualSubject, version, id, schema);
    }

    private Schema schemaOf(JsonNode answer, String what) {
        String type = answer.path("schemaType").asText("AVRO");
        if (!"AVRO".equals(type.toUpperCase(Locale.ROOT))) {
            throw new InvalidSchemaException(what + " at " + baseUrl + ": a " + type
                    + " schema; this client handles Avro only");
        }
        JsonNode references = answer.get("references");
        if (references != null && references.isArray() && references.size() > 0) {
            throw new InvalidSchemaException(what + " at " + baseUrl
                    + ": the schema uses schema references, which this client does not support");
        }
        JsonNode text = answer.get("schema");
        if (text == null || !text.isTextual()) {
            throw unexpected(what, "a \"schema\" string");
        }
        try {
            return SchemaRegistryClient.parseSchema(text.asText());
        } catch (InvalidSchemaException e) {
            throw new InvalidSchemaException(what + " at " + baseUrl + " returned an invalid schema: " + e.getMessage());
        }
    }

    private int requireInt(JsonNode answer, String field, String what) {
        JsonNode value = answer.get(field);
        if (value == null || !value.canConvertToInt()) {
            throw unexpected(what, "a JSON object with an integer \"" + field + "\"");
        }
        return value.asInt();
    }

    private CompatibilityLevel level(JsonNode answer, String what) {
        // Apicurio answers GET with "compatibilityLevel" and PUT with "compatibility".
        JsonNode value = first(answer, "compatibilityLevel", "compatibility");
        if (value == null || !value.isTextual()) {
            throw unexpected(what, "{\"compatibilityLevel\": LEVEL}");
        }
        return CompatibilityLevel.parse(value.asText());
    }

    private static JsonNode first(JsonNode node, String... names) {
        for (String name : names) {
            JsonNode value = node.get(name);
            if (value != null && !value.isNull()) {
                return value;
            }
        }
        return null;
    }

    private static SubjectSchema key(String subject, Schema schema) {
        return new SubjectSchema(requireSubject(subject), Objects.requireNonNull(schema, "schema"));
    }

    private static String requireSubject(String subject) {
        Objects.requireNonNull(subject, "subject");
        if (subject.isBlank()) {
            throw new IllegalArgumentException("Subject must not be blank");
        }
        return subject;
    }

    private static String subjectPath(String subject) {
        return "/subjects/" + encode(subject);
    }

    /** A subject as one path segment: percent-encoded, including '/', with %20 for spaces. */
    private static String encode(String subject) {
        return URLEncoder.encode(subject, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** Settings of an {@link HttpSchemaRegistryClient}. */
    public static final class Builder {

        private final String baseUrl;
        private Dialect dialect;
        private String userInfo;
        private final Map<String, String> headers = new LinkedHashMap<>();
        private Duration connectTimeout = DEFAULT_CONNECT_TIMEOUT;
        private Duration requestTimeout = DEFAULT_REQUEST_TIMEOUT;

        private Builder(String baseUrl) {
            Objects.requireNonNull(baseUrl, "baseUrl");
            String trimmed = baseUrl.trim();
            if (trimmed.contains(",")) {
                throw new IllegalArgumentException("One schema registry URL only, not a list: " + redact(trimmed));
            }
            URI uri;
            try {
                uri = new URI(trimmed);
            } catch (URISyntaxException e) {
                throw new IllegalArgumentException("Not a URL: " + redact(trimmed));
            }
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (!scheme.equals("http") && !scheme.equals("https") || uri.getHost() == null) {
                throw new IllegalArgumentException("Schema registry URL must be http(s)://host[:port][/path]: "
                        + redact(trimmed));
            }
            if (uri.getRawUserInfo() != null) {
                this.userInfo = java.net.URLDecoder.decode(uri.getRawUserInfo(), StandardCharsets.UTF_8);
            }
            String path = uri.getRawPath() == null ? "" : uri.getRawPath();
            while (path.endsWith("/")) {
                path = path.substring(0, path.length() - 1);
            }
            this.baseUrl = scheme + "://" + uri.getHost() + (uri.getPort() == -1 ? "" : ":" + uri.getPort()) + path;
        }

        /** The registry's dialect; {@code null} (default): detect it from the URL. */
        public Builder dialect(Dialect dialect) {
            this.dialect = dialect;
            return this;
        }

        /** Basic auth as {@code user:password} (Confluent's {@code basic.auth.user.info}). */
        public Builder basicAuthUserInfo(String userInfo) {
            if (userInfo == null || userInfo.isEmpty()) {
                this.userInfo = null;
                return this;
            }
            if (!userInfo.contains(":")) {
                throw new IllegalArgumentException("Basic auth user info must be user:password");
            }
            this.userInfo = userInfo;
            return this;
        }

        /** An extra header sent with every request, e.g. an API gateway's key. */
        public Builder header(String name, String value) {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(value, "value");
            try {
                HttpRequest.newBuilder().header(name, value); // rejects restricted and malformed headers early
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("Header '" + name + "' cannot be set: " + e.getMessage());
            }
            headers.put(name, value);
            return this;
        }

        /** Extra headers sent with every request. */
        public Builder headers(Map<String, String> extra) {
            extra.forEach(this::header);
            return this;
        }

        /** How long to wait for a connection (default 10 s). */
        public Builder connectTimeout(Duration timeout) {
            this.connectTimeout = positive(timeout, "connectTimeout");
            return this;
        }

        /** How long to wait for each answer (default 30 s). */
        public Builder requestTimeout(Duration timeout) {
            this.requestTimeout = positive(timeout, "requestTimeout");
            return this;
        }

        public HttpSchemaRegistryClient build() {
            if (userInfo != null && headers.keySet().stream().anyMatch(h -> h.equalsIgnoreCase("Authorization"))) {
                throw new IllegalArgumentException("Both basic auth and an Authorization header were given");
            }
            return new HttpSchemaRegistryClient(this);
        }

        private static Duration positive(Duration timeout, String name) {
            Objects.requireNonNull(timeout, name);
            if (timeout.isZero() || timeout.isNegative()) {
                throw new IllegalArgumentException(name + " must be positive");
            }
            return timeout;
        }

        private static String redact(String url) {
            return url.replaceAll("//[^/@]*@", "//***@");
        }
    }
}
