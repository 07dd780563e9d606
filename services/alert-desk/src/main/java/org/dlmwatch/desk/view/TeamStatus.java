package org.dlmwatch.desk.view;

/**
 * Where the oncology team stands with an alert, folded from its actions on
 * {@code surveillance.alert-actions.v1} (see {@link Lifecycle}). Independent of the engine's status.
 */
public enum TeamStatus {
    /** No acknowledge, override or resolve yet (comments do not count). */
    OPEN,
    /** Seen and accepted by a clinician. */
    ACKNOWLEDGED,
    /** Seen, and the recommendation declined with a reason (CDS Hooks "overridden"). */
    OVERRIDDEN,
    /** Done: no further work on this alert. */
    RESOLVED;

    /** True once a clinician has acknowledged, overridden or resolved the alert: no escalation then. */
    public boolean seen() {
        return this != OPEN;
    }
}
