package org.dlmwatch.rules.validation;

import java.util.Objects;

/**
 * Why an input cannot be used. The message never contains patient data (no ids, values, units or
 * free text as typed): it is written to logs and to the dead-letter topic.
 */
public record Rejection(ErrorCode code, String message) implements ValidationResult {

    public Rejection {
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(message, "message");
    }

    @Override
    public boolean isOk() {
        return false;
    }
}
