package org.dlmwatch.registry;

import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.config.ConfigException;

/**
 * Kafka-style configuration of the serdes ({@code configure(Map, isKey)}), named like Confluent's
 * where Confluent has the setting.
 *
 * <table>
 *   <caption>Keys</caption>
 *   <tr><th>key</th><th>meaning</th></tr>
 *   <tr><td>{@value #SCHEMA_REGISTRY_URL}</td><td>required: {@code http(s)://host:port[/path]} of a
 *       Confluent-compatible API (Apicurio: {@code .../apis/ccompat/v7}), or {@code mem://NAME} for
 *       the shared {@link InMemorySchemaRegistry#named(String) in-memory registry NAME}</td></tr>
 *   <tr><td>{@value #AUTO_REGISTER_SCHEMAS}</td><td>{@code true} (default) or {@code false}: see
 *       {@link SerdeSettings#autoRegisterSchemas()}</td></tr>
 *   <tr><td>{@value #BASIC_AUTH_USER_INFO}</td><td>{@code user:password} for basic auth</td></tr>
 *   <tr><td>{@value #HEADER_PREFIX}{@code NAME}</td><td>extra HTTP header {@code NAME} on every
 *       request (dlm-watch key)</td></tr>
 *   <tr><td>{@value #CONNECT_TIMEOUT_MS}, {@value #REQUEST_TIMEOUT_MS}</td><td>timeouts in ms
 *       (defaults 10000, 30000; dlm-watch keys)</td></tr>
 *   <tr><td>{@value #DIALECT}</td><td>{@code confluent} or {@code apicurio}; default: apicurio
 *       when the URL path contains {@code /apis/ccompat/} (see
 *       {@link HttpSchemaRegistryClient.Dialect}; dlm-watch key)</td></tr>
 *   <tr><td>{@value #SPECIFIC_KEY_TYPE}, {@value #SPECIFIC_VALUE_TYPE}</td><td>the generated
 *       class the deserializer reads into (a {@code Class} or its name); when absent, the class
 *       named like the writer schema</td></tr>
 * </table>
 *
 * <p>Serdes configured with the same URL and credentials share one {@link HttpSchemaRegistryClient}
 * and so its caches: Kafka Streams creates many serde instances.
 */
public final class SerdeConfig {

    public static final String SCHEMA_REGISTRY_URL = "schema.registry.url";
    public static final String AUTO_REGISTER_SCHEMAS = "auto.register.schemas";
    public static final String BASIC_AUTH_USER_INFO = "basic.auth.user.info";
    public static final String HEADER_PREFIX = "schema.registry.header.";
    public static final String CONNECT_TIMEOUT_MS = "schema.registry.connect.timeout.ms";
    public static final String REQUEST_TIMEOUT_MS = "schema.registry.request.timeout.ms";
    public static final String DIALECT = "schema.registry.dialect";
    public static final String SPECIFIC_KEY_TYPE = "specific.avro.key.type";
    public static final String SPECIFIC_VALUE_TYPE = "specific.avro.value.type";

    /** URL scheme of the shared in-memory registries. */
    public static final String MEM_SCHEME = "mem://";

    private static final ConcurrentHashMap<ClientKey, HttpSchemaRegistryClient> SHARED = new ConcurrentHashMap<>();

    private record ClientKey(String url, HttpSchemaRegistryClient.Dialect dialect, String userInfo,
            Map<String, String> headers, long connectMs, long requestMs) {}

    private SerdeConfig() {}

    /**
     * The registry client the configs describe: the shared in-memory registry for
     * {@code mem://NAME}, otherwise an {@link HttpSchemaRegistryClient} shared with every other
     * caller of the same settings.
     *
     * @throws ConfigException if the URL is missing or invalid, or a setting has the wrong type
     */
    public static SchemaRegistryClient client(Map<String, ?> configs) {
        Object rawUrl = configs.get(SCHEMA_REGISTRY_URL);
        if (rawUrl == null || rawUrl.toString().isBlank()) {
            throw new ConfigException(SCHEMA_REGISTRY_URL + " is required (http(s)://host:port[/path] or mem://NAME)");
        }
        String url = rawUrl.toString().trim();
        if (url.startsWith(MEM_SCHEME)) {
            String name = url.substring(MEM_SCHEME.length());
            while (name.endsWith("/")) {
                name = name.substring(0, name.length() - 1);
            }
            if (name.isEmpty()) {
                throw new ConfigException(SCHEMA_REGISTRY_URL + ": mem:// needs a name, e.g. mem://my-test");
            }
            return InMemorySchemaRegistry.named(name);
        }
        Map<String, String> headers = new TreeMap<>();
        configs.forEach((key, value) -> {
            if (key.startsWith(HEADER_PREFIX) && value != null) {
                headers.put(key.substring(HEADER_PREFIX.length()), value.toString());
            }
        });
        Object userInfo = configs.get(BASIC_AUTH_USER_INFO);
        ClientKey key = new ClientKey(url, dialect(configs),
                userInfo == null || userInfo.toString().isEmpty() ? null : userInfo.toString(),
                Map.copyOf(headers),
                millis(configs, CONNECT_TIMEOUT_MS, HttpSchemaRegistryClient.DEFAULT_CONNECT_TIMEOUT),
                millis(configs, REQUEST_TIMEOUT_MS, HttpSchemaRegistryClient.DEFAULT_REQUEST_TIMEOUT));
        return SHARED.computeIfAbsent(key, k -> {
            try {
                return HttpSchemaRegistryClient.builder(k.url())
                        .dialect(k.dialect())
                        .basicAuthUserInfo(k.userInfo())
                        .headers(k.headers())
                        .connectTimeout(Duration.ofMillis(k.connectMs()))
                        .requestTimeout(Duration.ofMillis(k.requestMs()))
                        .build();
            } catch (IllegalArgumentException e) {
                throw new ConfigException("Invalid schema registry settings: " + e.getMessage());
            }
        });
    }

    /** The serde settings the configs describe, for keys or values. */
    public static SerdeSettings settings(Map<String, ?> configs, boolean isKey) {
        return new SerdeSettings(bool(configs, AUTO_REGISTER_SCHEMAS, true), isKey);
    }

    /**
     * The reader class configured for keys or values, or {@code null} when the deserializer is to
     * use the class named like each writer schema.
     */
    public static Class<? extends SpecificRecord> readerType(Map<String, ?> configs, boolean isKey) {
        String key = isKey ? SPECIFIC_KEY_TYPE : SPECIFIC_VALUE_TYPE;
        Object value = configs.get(key);
        if (value == null || value.toString().isBlank()) {
            return null;
        }
        Class<?> type;
        if (value instanceof Class<?> given) {
            type = given;
        } else {
            try {
                type = Class.forName(value.toString().trim(), true, classLoader());
            } catch (ClassNotFoundException e) {
                throw new ConfigException(key, value, "class not found");
            }
        }
        if (!SpecificRecord.class.isAssignableFrom(type)) {
            throw new ConfigException(key, value, "not an Avro SpecificRecord class");
        }
        return type.asSubclass(SpecificRecord.class);
    }

    static ClassLoader classLoader() {
        ClassLoader context = Thread.currentThread().getContextClassLoader();
        return context != null ? context : SerdeConfig.class.getClassLoader();
    }

    private static HttpSchemaRegistryClient.Dialect dialect(Map<String, ?> configs) {
        Object value = configs.get(DIALECT);
        if (value == null || value.toString().isBlank()) {
            return null;
        }
        if (value instanceof HttpSchemaRegistryClient.Dialect given) {
            return given;
        }
        try {
            return HttpSchemaRegistryClient.Dialect.valueOf(value.toString().trim().toUpperCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new ConfigException(DIALECT, value, "expected confluent or apicurio");
        }
    }

    private static boolean bool(Map<String, ?> configs, String key, boolean defaultValue) {
        Object value = configs.get(key);
        if (value == null) {
            return defaultValue;
        }
        if (value instanceof Boolean b) {
            return b;
        }
        String text = value.toString().trim();
        if (text.equalsIgnoreCase("true")) {
            return true;
        }
        if (text.equalsIgnoreCase("false")) {
            return false;
        }
        throw new ConfigException(key, value, "expected true or false");
    }

    private static long millis(Map<String, ?> configs, String key, Duration defaultValue) {
        Object value = configs.get(key);
        if (value == null) {
            return defaultValue.toMillis();
        }
        long ms;
        try {
            ms = value instanceof Number n ? n.longValue() : Long.parseLong(value.toString().trim());
        } catch (NumberFormatException e) {
            throw new ConfigException(key, value, "expected a number of milliseconds");
        }
        if (ms <= 0) {
            throw new ConfigException(key, value, "must be positive");
        }
        return ms;
    }
}
