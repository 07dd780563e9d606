package org.dlmwatch.registry;

/** Registering the schema would break the compatibility level configured for the subject (HTTP 409). */
public class IncompatibleSchemaException extends SchemaRegistryException {

    private static final long serialVersionUID = 1L;

    public IncompatibleSchemaException(String message) {
        super(message, 409, 409);
    }

    public IncompatibleSchemaException(String message, int httpStatus, int errorCode) {
        super(message, httpStatus, errorCode);
    }
}
