package org.dlmwatch.rules.model;

/** Lab result status (event-contract: ResultStatus; clinical-spec §2.2). */
public enum ResultStatus {
    /** Ignored: "PRELIMINARY is ignored". */
    PRELIMINARY,
    FINAL,
    /** Replaces the earlier version with the same result id. */
    CORRECTED,
    /** Removes the result. */
    CANCELLED,
    /** Removes the result. */
    ENTERED_IN_ERROR;

    /** FINAL and CORRECTED count (§2.2). */
    public boolean counts() {
        return this == FINAL || this == CORRECTED;
    }

    /** CANCELLED and ENTERED_IN_ERROR remove the result; they are kept as tombstones. */
    public boolean removes() {
        return this == CANCELLED || this == ENTERED_IN_ERROR;
    }
}
