package org.dlmwatch.rules.validation;

/** Either {@link #OK} or a {@link Rejection}. */
public sealed interface ValidationResult permits ValidationResult.Ok, Rejection {

    /** The input can be used. */
    ValidationResult OK = new Ok();

    boolean isOk();

    /** The single accepted outcome. */
    final class Ok implements ValidationResult {
        private Ok() {
        }

        @Override
        public boolean isOk() {
            return true;
        }

        @Override
        public String toString() {
            return "OK";
        }
    }
}
