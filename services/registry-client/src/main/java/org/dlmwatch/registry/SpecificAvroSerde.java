package org.dlmwatch.registry;

import java.util.Map;
import java.util.Objects;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Kafka {@link Serde} of Avro {@link SpecificRecord}s in the Confluent wire format, backed by a
 * schema registry: a {@link SpecificAvroSerializer} and a {@link SpecificAvroDeserializer}.
 *
 * <p>dlm-watch carries its own because Confluent's serde jars are not on Maven Central.
 *
 * <p>Two ways to build one:
 * <pre>{@code
 * // programmatic: any SchemaRegistryClient, e.g. an InMemorySchemaRegistry in tests
 * Serde<LabResult> values = SpecificAvroSerde.of(LabResult.class, client, SerdeSettings.defaults());
 * Serde<LabResult> keys = SpecificAvroSerde.of(LabResult.class, client, SerdeSettings.defaults().forKeys());
 *
 * // Kafka-config style (see SerdeConfig for the keys)
 * SpecificAvroSerde<LabResult> serde = new SpecificAvroSerde<>(LabResult.class);
 * serde.configure(Map.of("schema.registry.url", "http://127.0.0.1:8080/apis/ccompat/v7"), false);
 * }</pre>
 *
 * @param <T> the generated record class
 */
public class SpecificAvroSerde<T extends SpecificRecord> implements Serde<T> {

    private final SpecificAvroSerializer<T> serializer;
    private final SpecificAvroDeserializer<T> deserializer;

    /**
     * For Kafka-style use (e.g. as a default serde class): call {@link #configure(Map, boolean)}.
     * The deserializer reads into the configured type, or the class named like the writer schema.
     */
    public SpecificAvroSerde() {
        this(new SpecificAvroSerializer<>(), new SpecificAvroDeserializer<>());
    }

    /** For Kafka-style use with a known record class: call {@link #configure(Map, boolean)}. */
    public SpecificAvroSerde(Class<T> type) {
        this(new SpecificAvroSerializer<>(), new SpecificAvroDeserializer<>(Objects.requireNonNull(type, "type")));
    }

    private SpecificAvroSerde(SpecificAvroSerializer<T> serializer, SpecificAvroDeserializer<T> deserializer) {
        this.serializer = serializer;
        this.deserializer = deserializer;
    }

    /**
     * A ready serde of {@code type} on {@code client}; keys or values as {@code settings} say
     * ({@link #configure(Map, boolean)} may still switch that).
     */
    public static <T extends SpecificRecord> SpecificAvroSerde<T> of(
            Class<T> type, SchemaRegistryClient client, SerdeSettings settings) {
        Objects.requireNonNull(type, "type");
        return new SpecificAvroSerde<>(new SpecificAvroSerializer<>(client, settings),
                new SpecificAvroDeserializer<>(type, client, settings));
    }

    /** A ready serde of {@code type} values on {@code client}, with auto-registration. */
    public static <T extends SpecificRecord> SpecificAvroSerde<T> of(Class<T> type, SchemaRegistryClient client) {
        return of(type, client, SerdeSettings.defaults());
    }

    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
        serializer.configure(configs, isKey);
        deserializer.configure(configs, isKey);
    }

    @Override
    public Serializer<T> serializer() {
        return serializer;
    }

    @Override
    public Deserializer<T> deserializer() {
        return deserializer;
    }

    @Override
    public void close() {
        serializer.close();
        deserializer.close();
    }
}
