package org.dlmwatch.platform.json;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;

/**
 * The contract's JSON form (shared/event-contract.md, "JSON form"): parses JSON-lines event files
 * (one event per line, a {@code type} field naming the record) and writes any record of the
 * contract as JSON, for files, the replay command and HTTP.
 */
public final class ContractJson {

    public static final String TYPE_FIELD = "type";
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private ContractJson() {}

    /** Parses one line of a JSON-lines event file. */
    public static ContractEvent parseEvent(String line) throws InvalidRecordException {
        JsonNode node;
        try {
            node = MAPPER.readTree(line);
        } catch (JsonProcessingException e) {
            throw new InvalidRecordException("not valid JSON (at column " + e.getLocation().getColumnNr() + ")");
        }
        if (node == null || !node.isObject()) {
            throw new InvalidRecordException("not a JSON object");
        }
        JsonNode type = node.get(TYPE_FIELD);
        if (type == null || !type.isTextual()) {
            throw new InvalidRecordException("missing field 'type' (enrollment, lab_result or imaging_report)");
        }
        EventType eventType = EventType.fromJsonName(type.textValue()).orElseThrow(() -> new InvalidRecordException(
                "field 'type' must be one of enrollment, lab_result, imaging_report"));
        SpecificRecord record = read(node, schemaOf(eventType.topic().valueType()));
        String key = (String) record.get(record.getSchema().getField(eventType.topic().keyField()).pos());
        return new ContractEvent(eventType, record, key);
    }

    /** Reads one record of the given type from its JSON form. */
    public static <T extends SpecificRecord> T read(JsonNode node, Class<T> type) throws InvalidRecordException {
        return read(node, schemaOf(type));
    }

    /** Reads one record of the given type from its JSON text. */
    public static <T extends SpecificRecord> T read(String json, Class<T> type) throws InvalidRecordException {
        try {
            return read(MAPPER.readTree(json), type);
        } catch (JsonProcessingException e) {
            throw new InvalidRecordException("not valid JSON (at column " + e.getLocation().getColumnNr() + ")");
        }
    }

    private static <T extends SpecificRecord> T read(JsonNode node, Schema schema) throws InvalidRecordException {
        return AvroJson.read(node, schema);
    }

    /** The JSON form of a record. */
    public static ObjectNode toJson(SpecificRecord record) {
        return AvroJson.write(record);
    }

    /** The JSON form of an input event, with its {@code type} field first, as one line. */
    public static String toEventLine(SpecificRecord record) {
        EventType type = EventType.forRecord(record.getClass()).orElseThrow(
                () -> new IllegalArgumentException(record.getSchema().getName() + " is not an input event"));
        ObjectNode line = MAPPER.createObjectNode().put(TYPE_FIELD, type.jsonName());
        line.setAll(toJson(record));
        return line.toString();
    }

    /** The JSON form of a record as one line. */
    public static String toJsonLine(SpecificRecord record) {
        return toJson(record).toString();
    }

    public static ObjectMapper mapper() {
        return MAPPER;
    }

    private static Schema schemaOf(Class<?> type) {
        return SpecificData.get().getSchema(type);
    }
}
