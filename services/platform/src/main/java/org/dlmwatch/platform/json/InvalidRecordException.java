package org.dlmwatch.platform.json;

/**
 * A JSON document that is not a valid record of the contract. The message names the field and
 * the rule that failed, never the value, so it can be logged and shown without patient data.
 */
public final class InvalidRecordException extends Exception {
    private static final long serialVersionUID = 1L;

    public InvalidRecordException(String message) {
        super(message);
    }
}
