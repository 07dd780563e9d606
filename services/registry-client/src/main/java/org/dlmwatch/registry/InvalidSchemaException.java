package org.dlmwatch.registry;

/** The schema is not a valid Avro schema, or not one this client supports (registry error 42201). */
public class InvalidSchemaException extends SchemaRegistryException {

    private static final long serialVersionUID = 1L;

    public InvalidSchemaException(String message) {
        super(message, 422, 42201);
    }

    public InvalidSchemaException(String message, int httpStatus, int errorCode) {
        super(message, httpStatus, errorCode);
    }
}
