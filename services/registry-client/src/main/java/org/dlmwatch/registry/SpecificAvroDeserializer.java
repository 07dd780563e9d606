package org.dlmwatch.registry;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.DatumReader;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Kafka deserializer of Confluent-wire-format Avro into generated {@link SpecificRecord} classes.
 *
 * <p>Part of dlm-watch's own serde because Confluent's jars are not on Maven Central. The writer
 * schema is fetched from the registry by the id in the header (once: the client caches it), and the
 * data is read with Avro schema resolution into the reader class's own schema, so records written
 * with an older (or newer, compatible) schema version read fine. One {@code DatumReader} is kept
 * per writer schema id.
 *
 * <p>The reader class is the one given to the constructor or configured with
 * {@link SerdeConfig#SPECIFIC_VALUE_TYPE} / {@link SerdeConfig#SPECIFIC_KEY_TYPE}; without one, the
 * generated class named like the writer schema is used.
 *
 * <p>{@code null} data deserializes to {@code null}. Everything else that cannot be read (too
 * short, wrong magic byte, unknown schema id, a writer schema the reader class cannot read, corrupt
 * Avro, trailing bytes) throws a {@link SerializationException} whose message names the problem,
 * topic and schema id but never the payload. When the registry itself could not be reached, the
 * cause is a {@link RegistryUnavailableException}: the record is probably fine, so error handlers
 * should not dead-letter it.
 *
 * @param <T> the generated record class
 */
public class SpecificAvroDeserializer<T extends SpecificRecord> implements Deserializer<T> {

    private final boolean programmatic;
    private volatile Class<T> type;
    private volatile SchemaRegistryClient client;
    private volatile SerdeSettings settings;

    private final ConcurrentHashMap<Integer, DatumReader<T>> readers = new ConcurrentHashMap<>();

    /**
     * For Kafka-style use: call {@link #configure(Map, boolean)}. Reads into the configured type,
     * or the class named like the writer schema.
     */
    public SpecificAvroDeserializer() {
        this.programmatic = false;
    }

    /** For Kafka-style use with a known reader class: call {@link #configure(Map, boolean)}. */
    public SpecificAvroDeserializer(Class<T> type) {
        this.programmatic = false;
        this.type = Objects.requireNonNull(type, "type");
    }

    /**
     * A ready deserializer on {@code client}, reading into {@code type} ({@code null}: the class
     * named like the writer schema). {@link #configure(Map, boolean)} is then optional and only
     * switches between keys and values.
     */
    public SpecificAvroDeserializer(Class<T> type, SchemaRegistryClient client, SerdeSettings settings) {
        this.programmatic = true;
        this.type = type;
        this.client = Objects.requireNonNull(client, "client");
        this.settings = Objects.requireNonNull(settings, "settings");
    }

    @Override
    @SuppressWarnings("unchecked")
    public void configure(Map<String, ?> configs, boolean isKey) {
        if (programmatic) {
            settings = settings.withKey(isKey);
            return;
        }
        settings = SerdeConfig.settings(configs, isKey);
        client = SerdeConfig.client(configs);
        Class<? extends SpecificRecord> configured = SerdeConfig.readerType(configs, isKey);
        if (configured != null) {
            if (type != null && !type.equals(configured)) {
                throw new org.apache.kafka.common.config.ConfigException("The deserializer reads " + type.getName()
                        + " but " + (isKey ? SerdeConfig.SPECIFIC_KEY_TYPE : SerdeConfig.SPECIFIC_VALUE_TYPE)
                        + " is " + configured.getName());
            }
            type = (Class<T>) configured;
        }
        readers.clear();
    }

    @Override
    public T deserialize(String topic, byte[] data) {
        if (data == null) {
            return null;
        }
        SchemaRegistryClient registry = client;
        SerdeSettings current = settings;
        if (registry == null || current == null) {
            throw new IllegalStateException("SpecificAvroDeserializer is not configured: call configure(...) "
                    + "or construct it with a SchemaRegistryClient");
        }
        int id;
        try {
            id = WireFormat.readSchemaId(data);
        } catch (SerializationException e) {
            throw new SerializationException("Cannot deserialize record from " + where(topic, current) + ": " + e.getMessage());
        }
        DatumReader<T> reader = readers.get(id);
        if (reader == null) {
            reader = reader(registry, id, where(topic, current));
            readers.put(id, reader);
        }
        BinaryDecoder decoder = WireFormat.payloadDecoder(data);
        T record;
        try {
            record = reader.read(null, decoder);
        } catch (IOException | RuntimeException e) {
            throw new SerializationException("Cannot deserialize record from " + where(topic, current) + ": corrupt Avro data for "
                    + "writer schema id " + id + " (" + e.getClass().getSimpleName() + ")", RedactedCause.of(e));
        }
        try {
            if (!decoder.isEnd()) {
                throw new SerializationException("Cannot deserialize record from " + where(topic, current) + ": corrupt Avro data for "
                        + "writer schema id " + id + " (bytes left over after the record)");
            }
        } catch (IOException e) {
            throw new SerializationException("Cannot deserialize record from " + where(topic, current) + ": " + e.getClass().getSimpleName(),
                    RedactedCause.of(e));
        }
        return record;
    }

    /** Where a record came from, for error messages only (built when one is thrown). */
    private static String where(String topic, SerdeSettings settings) {
        return "topic '" + topic + "' (" + (settings.key() ? "key" : "value") + ")";
    }

    private DatumReader<T> reader(SchemaRegistryClient registry, int id, String where) {
        Schema writer;
        try {
            writer = registry.getById(id);
        } catch (SchemaNotFoundException e) {
            throw new SerializationException("Cannot deserialize record from " + where + ": writer schema id " + id
                    + " is not in the schema registry", e);
        } catch (SchemaRegistryException e) {
            throw new SerializationException("Cannot deserialize record from " + where + ": could not fetch writer "
                    + "schema id " + id + ": " + e.getMessage(), e);
        }
        Class<T> readerType = type != null ? type : classFor(writer, id, where);
        SpecificData model = SpecificData.getForClass(readerType);
        Schema readerSchema = model.getSchema(readerType);
        List<String> problems = AvroCompatibility.readProblems(readerSchema, writer);
        if (!problems.isEmpty()) {
            throw new SerializationException("Cannot deserialize record from " + where + ": writer schema id " + id
                    + " (" + writer.getFullName() + ") cannot be read as " + readerType.getName() + ": "
                    + String.join("; ", problems));
        }
        return new SpecificDatumReader<>(writer, readerSchema, model);
    }

    @SuppressWarnings("unchecked")
    private static <T> Class<T> classFor(Schema writer, int id, String where) {
        Class<?> found = new SpecificData(SerdeConfig.classLoader()).getClass(writer);
        if (found == null || !SpecificRecord.class.isAssignableFrom(found)) {
            throw new SerializationException("Cannot deserialize record from " + where + ": no generated class "
                    + writer.getFullName() + " for writer schema id " + id + " on the classpath (configure "
                    + SerdeConfig.SPECIFIC_VALUE_TYPE + " / " + SerdeConfig.SPECIFIC_KEY_TYPE + ")");
        }
        return (Class<T>) found;
    }

    @Override
    public void close() {
        // the client may be shared; nothing of ours to release
    }
}
