package org.dlmwatch.registry;

/** The subject does not exist, or has no versions (registry error 40401). */
public class SubjectNotFoundException extends SchemaRegistryException {

    private static final long serialVersionUID = 1L;

    public SubjectNotFoundException(String message) {
        super(message, 404, 40401);
    }

    public SubjectNotFoundException(String message, int httpStatus, int errorCode) {
        super(message, httpStatus, errorCode);
    }
}
