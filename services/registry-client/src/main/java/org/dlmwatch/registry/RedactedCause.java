package org.dlmwatch.registry;

/**
 * Stands in for an Avro or I/O exception whose message may quote record contents (Avro messages
 * can include field values): keeps its type and stack trace for debugging, drops the message.
 */
final class RedactedCause extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private RedactedCause(Throwable original) {
        super(original.getClass().getName() + " (message withheld: it may contain record data)", null, false, true);
        setStackTrace(original.getStackTrace());
    }

    static RedactedCause of(Throwable original) {
        return new RedactedCause(original);
    }
}
