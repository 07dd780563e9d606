package org.dlmwatch.registry;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DatumWriter;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Kafka serializer of Avro {@link SpecificRecord}s in the Confluent wire format, registering (or
 * only looking up) each record's schema under {@code <topic>-value} / {@code <topic>-key}.
 *
 * <p>Part of dlm-watch's own serde because Confluent's jars are not on Maven Central. A
 * {@code null} record serializes to {@code null} (a tombstone). Schema ids are cached per subject
 * and schema, so the registry is asked once per schema, not per record.
 *
 * <p>Failures are {@link SerializationException}s: a registry failure keeps the
 * {@link SchemaRegistryException} as its cause (e.g. {@link IncompatibleSchemaException},
 * {@link RegistryUnavailableException}); an Avro encoding failure names the schema and topic and
 * never the record's contents.
 *
 * @param <T> the generated record class
 */
public class SpecificAvroSerializer<T extends SpecificRecord> implements Serializer<T> {

    private final boolean programmatic;
    private volatile SchemaRegistryClient client;
    private volatile SerdeSettings settings;

    private final ConcurrentHashMap<Schema, DatumWriter<T>> writers = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<SubjectSchema, Integer> ids = new ConcurrentHashMap<>();

    private record SubjectSchema(String subject, Schema schema) {}

    /** For Kafka-style use: call {@link #configure(Map, boolean)} (see {@link SerdeConfig}). */
    public SpecificAvroSerializer() {
        this.programmatic = false;
    }

    /**
     * A ready serializer on {@code client}. {@link #configure(Map, boolean)} is then optional and
     * only switches between keys and values.
     */
    public SpecificAvroSerializer(SchemaRegistryClient client, SerdeSettings settings) {
        this.programmatic = true;
        this.client = Objects.requireNonNull(client, "client");
        this.settings = Objects.requireNonNull(settings, "settings");
    }

    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
        if (programmatic) {
            settings = settings.withKey(isKey);
        } else {
            settings = SerdeConfig.settings(configs, isKey);
            client = SerdeConfig.client(configs);
        }
        ids.clear();
    }

    @Override
    public byte[] serialize(String topic, T record) {
        if (record == null) {
            return null;
        }
        SchemaRegistryClient registry = client;
        SerdeSettings current = settings;
        if (registry == null || current == null) {
            throw new IllegalStateException("SpecificAvroSerializer is not configured: call configure(...) "
                    + "or construct it with a SchemaRegistryClient");
        }
        Schema schema = record.getSchema();
        String subject = current.subject(topic);
        SubjectSchema key = new SubjectSchema(subject, schema);
        Integer id = ids.get(key);
        if (id == null) {
            id = schemaId(registry, current, subject, schema);
            ids.put(key, id);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        out.writeBytes(WireFormat.encodeHeader(id));
        try {
            // buffered: the direct encoder would write to the stream call by call
            BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
            writer(record, schema).write(record, encoder);
            encoder.flush();
        } catch (IOException | RuntimeException e) {
            throw new SerializationException("Could not encode a " + schema.getFullName() + " for topic '" + topic
                    + "' with schema id " + id + ": " + e.getClass().getSimpleName()
                    + " (a required field is null or a field holds a value its schema does not allow)",
                    RedactedCause.of(e));
        }
        return out.toByteArray();
    }

    private static int schemaId(SchemaRegistryClient registry, SerdeSettings settings, String subject, Schema schema) {
        try {
            if (settings.autoRegisterSchemas()) {
                return registry.register(subject, schema);
            }
            return registry.lookup(subject, schema)
                    .orElseThrow(() -> new SerializationException("Schema " + schema.getFullName()
                            + " is not registered under subject '" + subject + "' and "
                            + SerdeConfig.AUTO_REGISTER_SCHEMAS + " is false: register it first (or enable "
                            + SerdeConfig.AUTO_REGISTER_SCHEMAS + ")"))
                    .id();
        } catch (SchemaRegistryException e) {
            throw new SerializationException((settings.autoRegisterSchemas() ? "Could not register" : "Could not look up")
                    + " schema " + schema.getFullName() + " under subject '" + subject + "': " + e.getMessage(), e);
        }
    }

    @SuppressWarnings("unchecked")
    private DatumWriter<T> writer(T record, Schema schema) {
        return writers.computeIfAbsent(schema,
                s -> new SpecificDatumWriter<>(s, SpecificData.getForClass((Class<T>) record.getClass())));
    }

    @Override
    public void close() {
        // the client may be shared; nothing of ours to release
    }
}
