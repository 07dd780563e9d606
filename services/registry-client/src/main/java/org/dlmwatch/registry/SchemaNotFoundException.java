package org.dlmwatch.registry;

/** No schema has the requested id, or the schema is not registered under the subject (registry error 40403). */
public class SchemaNotFoundException extends SchemaRegistryException {

    private static final long serialVersionUID = 1L;

    public SchemaNotFoundException(String message) {
        super(message, 404, 40403);
    }

    public SchemaNotFoundException(String message, int httpStatus, int errorCode) {
        super(message, httpStatus, errorCode);
    }
}
