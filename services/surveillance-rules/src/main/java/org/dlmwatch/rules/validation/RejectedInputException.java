package org.dlmwatch.rules.validation;

/**
 * Thrown where an input cannot be used (a segment that is not Couinaud, a lab result the rules cannot
 * read). Carries the {@link Rejection} for the dead-letter record; its message is the rejection's,
 * free of patient data.
 */
public final class RejectedInputException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final transient Rejection rejection;

    public RejectedInputException(Rejection rejection) {
        super(rejection.code() + ": " + rejection.message(), null, false, false);
        this.rejection = rejection;
    }

    public Rejection rejection() {
        return rejection;
    }
}
