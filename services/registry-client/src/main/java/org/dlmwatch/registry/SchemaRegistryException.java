package org.dlmwatch.registry;

/**
 * A schema registry refused or could not serve a request.
 *
 * <p>Carries the registry's {@code error_code} (from its JSON error body, e.g. 40401) and the HTTP
 * status when there was one. Subclasses name the situations callers act on; the
 * {@link InMemorySchemaRegistry} throws the same subclasses, with the same codes, for the same
 * situations, so code tested against it behaves the same against a real registry.
 *
 * <p>Messages name the operation, subject, schema id or schema, never record contents (the
 * registry never sees records).
 */
public class SchemaRegistryException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** Value of {@link #errorCode()} / {@link #httpStatus()} when there was none. */
    public static final int NONE = -1;

    private final int errorCode;
    private final int httpStatus;

    public SchemaRegistryException(String message, int httpStatus, int errorCode) {
        this(message, httpStatus, errorCode, null);
    }

    public SchemaRegistryException(String message, int httpStatus, int errorCode, Throwable cause) {
        super(message, cause);
        this.httpStatus = httpStatus;
        this.errorCode = errorCode;
    }

    /** The registry's {@code error_code}, or {@link #NONE}. */
    public int errorCode() {
        return errorCode;
    }

    /** The HTTP status of the answer, or {@link #NONE} when there was no answer. */
    public int httpStatus() {
        return httpStatus;
    }
}
