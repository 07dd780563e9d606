package org.dlmwatch.registry;

/** The subject exists but not the requested version (registry error 40402). */
public class VersionNotFoundException extends SchemaRegistryException {

    private static final long serialVersionUID = 1L;

    public VersionNotFoundException(String message) {
        super(message, 404, 40402);
    }

    public VersionNotFoundException(String message, int httpStatus, int errorCode) {
        super(message, httpStatus, errorCode);
    }
}
