package org.dlmwatch.desk.action;

/**
 * An action the desk refuses: {@code BAD_REQUEST} (the request itself is wrong) or {@code CONFLICT}
 * (it does not fit the alert's current state). The message is for the user and holds no patient data.
 */
public final class ActionRejected extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public enum Kind { BAD_REQUEST, CONFLICT }

    private final Kind kind;

    public ActionRejected(Kind kind, String message) {
        super(message, null, false, false);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }
}
