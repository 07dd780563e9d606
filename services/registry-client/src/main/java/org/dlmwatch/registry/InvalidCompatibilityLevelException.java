package org.dlmwatch.registry;

/** The compatibility level is not one the registry knows (registry error 42203). */
public class InvalidCompatibilityLevelException extends SchemaRegistryException {

    private static final long serialVersionUID = 1L;

    public InvalidCompatibilityLevelException(String message) {
        super(message, 422, 42203);
    }

    public InvalidCompatibilityLevelException(String message, int httpStatus, int errorCode) {
        super(message, httpStatus, errorCode);
    }
}
