package org.dlmwatch.registry;

import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.DatumReader;

/**
 * Reads one field of a Confluent-wire-format Avro record without decoding the rest: the reader
 * schema cut down to that field, resolved against each writer schema (cached by schema id), so Avro
 * skips every other field without building it. For a consumer that drops most records of a topic on
 * one field (the engine drops every lab result that is not CEA on its LOINC code), at a fraction of
 * a full decoding.
 *
 * <p>It answers only when it can: anything it cannot read (no wire-format header, an unknown or
 * unreachable writer schema, a writer without the field, corrupt bytes up to the field) gives an
 * empty answer, and the caller decodes the record in full, which reports the problem. Bytes after
 * the field are not looked at.
 */
public final class AvroFieldPeek {

    private final SchemaRegistryClient client;
    private final Schema projection;
    private final ConcurrentHashMap<Integer, Optional<DatumReader<GenericRecord>>> readers = new ConcurrentHashMap<>();

    /**
     * @param readerSchema the record schema the caller reads the topic with
     * @param field a field of it
     */
    public AvroFieldPeek(SchemaRegistryClient client, Schema readerSchema, String field) {
        this.client = client;
        Schema.Field f = readerSchema.getField(field);
        if (f == null) {
            throw new IllegalArgumentException(readerSchema.getFullName() + " has no field " + field);
        }
        this.projection = Schema.createRecord(readerSchema.getName(), null, readerSchema.getNamespace(), false,
                java.util.List.of(new Schema.Field(f, f.schema())));
    }

    /** The field's value as text, or empty when this record cannot be read this way. */
    public Optional<String> peek(byte[] data) {
        if (!WireFormat.hasHeader(data)) {
            return Optional.empty();
        }
        int id = WireFormat.readSchemaId(data);
        Optional<DatumReader<GenericRecord>> reader = readers.get(id);
        if (reader == null) {
            reader = reader(id);
            if (reader == null) {
                return Optional.empty(); // the registry did not answer: asked again next time
            }
            readers.put(id, reader);
        }
        if (reader.isEmpty()) {
            return Optional.empty();
        }
        try {
            Object value = reader.get().read(null, WireFormat.payloadDecoder(data)).get(0);
            return value == null ? Optional.empty() : Optional.of(value.toString());
        } catch (java.io.IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** A reader for this writer schema; empty if the field cannot be read from it; null if unknown yet. */
    private Optional<DatumReader<GenericRecord>> reader(int id) {
        Schema writer;
        try {
            writer = client.getById(id);
        } catch (RuntimeException e) {
            return null;
        }
        return AvroCompatibility.readProblems(projection, writer).isEmpty()
                ? Optional.of(new GenericDatumReader<>(writer, projection))
                : Optional.empty();
    }
}
