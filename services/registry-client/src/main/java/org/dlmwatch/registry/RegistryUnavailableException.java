package org.dlmwatch.registry;

/**
 * The registry could not be reached or could not answer: connection refused, timeout, or an HTTP
 * 5xx. Unlike the other {@link SchemaRegistryException}s this one is usually transient, so a
 * caller (for example a dead-letter handler) should retry or stop rather than treat the record as
 * bad.
 */
public class RegistryUnavailableException extends SchemaRegistryException {

    private static final long serialVersionUID = 1L;

    public RegistryUnavailableException(String message, Throwable cause) {
        super(message, NONE, NONE, cause);
    }

    public RegistryUnavailableException(String message, int httpStatus, int errorCode) {
        super(message, httpStatus, errorCode);
    }
}
