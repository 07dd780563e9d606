package org.dlmwatch.registry;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Maps a registry's error answer ({@code {"error_code": ..., "message": ...}} plus the HTTP status)
 * to the {@link SchemaRegistryException} subclass for the situation. Lenient: a body that is not
 * JSON (Apicurio answers some malformed requests with plain text) is quoted, shortened.
 */
final class RegistryErrors {

    static final int SUBJECT_NOT_FOUND = 40401;
    static final int VERSION_NOT_FOUND = 40402;
    static final int SCHEMA_NOT_FOUND = 40403;
    static final int SUBJECT_LEVEL_NOT_CONFIGURED = 40408;
    static final int INCOMPATIBLE = 409;
    static final int INVALID_SCHEMA = 42201;
    static final int INVALID_COMPATIBILITY_LEVEL = 42203;

    private static final int MAX_QUOTED = 300;

    private RegistryErrors() {}

    static SchemaRegistryException fromResponse(ObjectMapper json, int status, String body, String what) {
        int code = SchemaRegistryException.NONE;
        String message = null;
        if (body != null && !body.isBlank()) {
            try {
                JsonNode node = json.readTree(body);
                if (node != null && node.isObject()) {
                    code = firstInt(node, "error_code", "errorCode");
                    message = firstText(node, "message", "error", "detail");
                }
            } catch (JsonProcessingException notJson) {
                // quoted below
            }
        }
        if (message == null) {
            message = body == null || body.isBlank() ? "(empty answer)" : quote(body);
        }
        String text = what + " failed: " + message + " (HTTP " + status
                + (code == SchemaRegistryException.NONE ? "" : ", error_code " + code) + ")";
        switch (code) {
            case SUBJECT_NOT_FOUND:
                return new SubjectNotFoundException(text, status, code);
            case VERSION_NOT_FOUND:
                return new VersionNotFoundException(text, status, code);
            case SCHEMA_NOT_FOUND:
                return new SchemaNotFoundException(text, status, code);
            case INVALID_SCHEMA:
                return new InvalidSchemaException(text, status, code);
            case INVALID_COMPATIBILITY_LEVEL:
                return new InvalidCompatibilityLevelException(text, status, code);
            case INCOMPATIBLE:
                return new IncompatibleSchemaException(text, status, code);
            default:
                break;
        }
        if (status == 409) {
            return new IncompatibleSchemaException(text, status, code);
        }
        if (status >= 500) {
            return new RegistryUnavailableException(text, status, code);
        }
        return new SchemaRegistryException(text, status, code);
    }

    private static int firstInt(JsonNode node, String... names) {
        for (String name : names) {
            JsonNode value = node.get(name);
            if (value != null && value.canConvertToInt()) {
                return value.asInt();
            }
            if (value != null && value.isTextual()) {
                try {
                    return Integer.parseInt(value.asText().trim());
                } catch (NumberFormatException ignored) {
                    // try the next name
                }
            }
        }
        return SchemaRegistryException.NONE;
    }

    private static String firstText(JsonNode node, String... names) {
        for (String name : names) {
            JsonNode value = node.get(name);
            if (value != null && !value.isNull()) {
                return value.isTextual() ? value.asText() : value.toString();
            }
        }
        return null;
    }

    private static String quote(String body) {
        String oneLine = body.strip().replaceAll("\\s+", " ");
        return oneLine.length() <= MAX_QUOTED ? oneLine : oneLine.substring(0, MAX_QUOTED) + "...";
    }
}
