package org.dlmwatch.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.CommonClientConfigs;
import picocli.CommandLine.Option;

/**
 * Where the Kafka cluster and the schema registry are. Defaults are those of {@code dlm-watch run}
 * on this machine; environment variables and options point elsewhere. Extra Kafka client settings
 * (TLS, SASL...) come from a properties file and pass through to every client.
 */
public final class ConnectionOptions {

    public static final String LOCAL_BOOTSTRAP_SERVERS = "127.0.0.1:9092";
    public static final String LOCAL_SCHEMA_REGISTRY_URL = "http://127.0.0.1:8081/apis/ccompat/v7";

    @Option(names = "--bootstrap-servers", paramLabel = "HOST:PORT[,...]",
            defaultValue = "${env:DLMWATCH_BOOTSTRAP_SERVERS:-" + LOCAL_BOOTSTRAP_SERVERS + "}",
            description = "Kafka bootstrap servers (env DLMWATCH_BOOTSTRAP_SERVERS; default ${DEFAULT-VALUE}).")
    String bootstrapServers;

    @Option(names = "--schema-registry-url", paramLabel = "URL",
            defaultValue = "${env:DLMWATCH_SCHEMA_REGISTRY_URL:-" + LOCAL_SCHEMA_REGISTRY_URL + "}",
            description = "Confluent-compatible schema registry (env DLMWATCH_SCHEMA_REGISTRY_URL; default ${DEFAULT-VALUE}).")
    String schemaRegistryUrl;

    @Option(names = "--kafka-config", paramLabel = "FILE",
            defaultValue = "${env:DLMWATCH_KAFKA_CONFIG}",
            description = "Properties file of extra Kafka client settings, e.g. security.protocol, ssl.*, sasl.* (env DLMWATCH_KAFKA_CONFIG).")
    Path kafkaConfig;

    public String bootstrapServers() {
        return bootstrapServers;
    }

    public String schemaRegistryUrl() {
        return schemaRegistryUrl;
    }

    /** Client properties: the extra settings file first, then the bootstrap servers. */
    public Map<String, Object> kafkaProperties() {
        return kafkaProperties(bootstrapServers, kafkaConfig);
    }

    static Map<String, Object> kafkaProperties(String bootstrapServers, Path kafkaConfig) {
        Map<String, Object> properties = new HashMap<>();
        if (kafkaConfig != null) {
            Properties file = new Properties();
            try (InputStream in = Files.newInputStream(kafkaConfig)) {
                file.load(in);
            } catch (IOException e) {
                throw new IllegalArgumentException("cannot read --kafka-config " + kafkaConfig + ": " + e.getMessage(), e);
            }
            file.forEach((key, value) -> properties.put(key.toString(), value));
        }
        properties.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        return properties;
    }
}
