package org.dlmwatch.platform.json;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.LogicalType;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;

/**
 * Converts between the contract's JSON form and Avro SpecificRecords, driven by the Avro schema:
 * timestamps as ISO-8601 UTC strings, dates as YYYY-MM-DD, enums by name, maps as objects, bytes
 * as base64, absent nullable fields omitted or null. Strict on input (unknown fields, wrong types
 * and missing required fields are errors) so that a typo never silently drops clinical data.
 */
final class AvroJson {

    private static final SpecificData DATA = SpecificData.get();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private AvroJson() {}

    // ---- JSON -> Avro ----

    @SuppressWarnings("unchecked")
    static <T extends SpecificRecord> T read(JsonNode node, Schema schema) throws InvalidRecordException {
        return (T) readRecord(node, schema, "");
    }

    private static Object readRecord(JsonNode node, Schema schema, String path) throws InvalidRecordException {
        if (!node.isObject()) {
            throw new InvalidRecordException(describe(path) + " must be a JSON object");
        }
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (schema.getField(name) == null && !(path.isEmpty() && name.equals(ContractJson.TYPE_FIELD))) {
                throw new InvalidRecordException("unknown field '" + join(path, name) + "'");
            }
        }
        SpecificRecord record = (SpecificRecord) DATA.newRecord(null, schema);
        for (Schema.Field field : schema.getFields()) {
            String fieldPath = join(path, field.name());
            JsonNode value = node.get(field.name());
            if (value == null || value.isNull()) {
                record.put(field.pos(), absent(field, fieldPath));
            } else {
                record.put(field.pos(), readValue(value, field.schema(), fieldPath));
            }
        }
        return record;
    }

    private static Object absent(Schema.Field field, String path) throws InvalidRecordException {
        if (isNullable(field.schema())) {
            return null;
        }
        if (field.hasDefaultValue()) {
            return DATA.getDefaultValue(field);
        }
        throw new InvalidRecordException("missing required field '" + path + "'");
    }

    private static Object readValue(JsonNode node, Schema schema, String path) throws InvalidRecordException {
        LogicalType logical = schema.getLogicalType();
        switch (schema.getType()) {
            case UNION:
                return readValue(node, nonNullBranch(schema), path);
            case RECORD:
                return readRecord(node, schema, path);
            case STRING:
                return text(node, path, "a string");
            case DOUBLE:
            case FLOAT:
                if (!node.isNumber()) {
                    throw new InvalidRecordException(describe(path) + " must be a number");
                }
                return schema.getType() == Schema.Type.DOUBLE ? node.doubleValue() : node.floatValue();
            case BOOLEAN:
                if (!node.isBoolean()) {
                    throw new InvalidRecordException(describe(path) + " must be true or false");
                }
                return node.booleanValue();
            case INT:
                if (logical instanceof LogicalTypes.Date) {
                    return date(text(node, path, "a date (YYYY-MM-DD)"), path);
                }
                if (!node.canConvertToInt() || !node.isIntegralNumber()) {
                    throw new InvalidRecordException(describe(path) + " must be an integer");
                }
                return node.intValue();
            case LONG:
                if (logical instanceof LogicalTypes.TimestampMillis) {
                    return timestamp(text(node, path, "an ISO-8601 timestamp"), path);
                }
                if (!node.canConvertToLong() || !node.isIntegralNumber()) {
                    throw new InvalidRecordException(describe(path) + " must be an integer");
                }
                return node.longValue();
            case ENUM:
                String symbol = text(node, path, "one of " + schema.getEnumSymbols());
                if (!schema.getEnumSymbols().contains(symbol)) {
                    throw new InvalidRecordException(describe(path) + " must be one of " + schema.getEnumSymbols());
                }
                return DATA.createEnum(symbol, schema);
            case ARRAY:
                if (!node.isArray()) {
                    throw new InvalidRecordException(describe(path) + " must be an array");
                }
                List<Object> items = new ArrayList<>(node.size());
                for (int i = 0; i < node.size(); i++) {
                    items.add(readValue(node.get(i), schema.getElementType(), path + "[" + i + "]"));
                }
                return items;
            case MAP:
                if (!node.isObject()) {
                    throw new InvalidRecordException(describe(path) + " must be an object");
                }
                Map<String, Object> map = new LinkedHashMap<>();
                for (var entries = node.fields(); entries.hasNext(); ) {
                    var entry = entries.next();
                    map.put(entry.getKey(), readValue(entry.getValue(), schema.getValueType(), path + "{}"));
                }
                return map;
            case BYTES:
                try {
                    return ByteBuffer.wrap(Base64.getDecoder().decode(text(node, path, "base64 text")));
                } catch (IllegalArgumentException e) {
                    throw new InvalidRecordException(describe(path) + " must be base64 text");
                }
            default:
                throw new InvalidRecordException(describe(path) + " has an unsupported schema type " + schema.getType());
        }
    }

    private static String text(JsonNode node, String path, String expected) throws InvalidRecordException {
        if (!node.isTextual()) {
            throw new InvalidRecordException(describe(path) + " must be " + expected);
        }
        return node.textValue();
    }

    private static LocalDate date(String text, String path) throws InvalidRecordException {
        try {
            return LocalDate.parse(text);
        } catch (DateTimeParseException e) {
            throw new InvalidRecordException(describe(path) + " must be a date (YYYY-MM-DD)");
        }
    }

    private static Instant timestamp(String text, String path) throws InvalidRecordException {
        try {
            return OffsetDateTime.parse(text, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
        } catch (DateTimeParseException e) {
            throw new InvalidRecordException(
                    describe(path) + " must be an ISO-8601 timestamp with zone, e.g. 2026-01-14T09:30:00Z");
        }
    }

    // ---- Avro -> JSON ----

    static ObjectNode write(SpecificRecord record) {
        return (ObjectNode) writeValue(record, record.getSchema());
    }

    private static JsonNode writeValue(Object value, Schema schema) {
        if (value == null) {
            return NODES.nullNode();
        }
        switch (schema.getType()) {
            case UNION:
                return writeValue(value, nonNullBranch(schema));
            case RECORD:
                SpecificRecord record = (SpecificRecord) value;
                ObjectNode object = NODES.objectNode();
                for (Schema.Field field : schema.getFields()) {
                    Object fieldValue = record.get(field.pos());
                    if (fieldValue != null) {
                        object.set(field.name(), writeValue(fieldValue, field.schema()));
                    }
                }
                return object;
            case STRING:
            case ENUM:
                return NODES.textNode(value.toString());
            case DOUBLE:
                return NODES.numberNode((Double) value);
            case FLOAT:
                return NODES.numberNode((Float) value);
            case BOOLEAN:
                return NODES.booleanNode((Boolean) value);
            case INT:
                return value instanceof LocalDate date ? NODES.textNode(date.toString()) : NODES.numberNode((Integer) value);
            case LONG:
                return value instanceof Instant instant
                        ? NODES.textNode(DateTimeFormatter.ISO_INSTANT.format(instant))
                        : NODES.numberNode((Long) value);
            case ARRAY:
                ArrayNode array = NODES.arrayNode();
                for (Object item : (Iterable<?>) value) {
                    array.add(writeValue(item, schema.getElementType()));
                }
                return array;
            case MAP:
                ObjectNode map = NODES.objectNode();
                ((Map<?, ?>) value).entrySet().stream()
                        .sorted(Map.Entry.comparingByKey((a, b) -> a.toString().compareTo(b.toString())))
                        .forEach(e -> map.set(e.getKey().toString(), writeValue(e.getValue(), schema.getValueType())));
                return map;
            case BYTES:
                ByteBuffer buffer = ((ByteBuffer) value).duplicate();
                byte[] bytes = new byte[buffer.remaining()];
                buffer.get(bytes);
                return NODES.textNode(Base64.getEncoder().encodeToString(bytes));
            default:
                throw new IllegalArgumentException("unsupported schema type " + schema.getType());
        }
    }

    // ---- helpers ----

    private static boolean isNullable(Schema schema) {
        return schema.getType() == Schema.Type.UNION
                && schema.getTypes().stream().anyMatch(s -> s.getType() == Schema.Type.NULL);
    }

    /** The contract uses only [null, X] unions. */
    private static Schema nonNullBranch(Schema union) {
        return union.getTypes().stream()
                .filter(s -> s.getType() != Schema.Type.NULL)
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("union without a non-null branch"));
    }

    private static String join(String path, String name) {
        return path.isEmpty() ? name : path + "." + name;
    }

    private static String describe(String path) {
        return path.isEmpty() ? "the record" : "field '" + path + "'";
    }
}
