package org.dlmwatch.rules.model;

/** Imaging report status (event-contract: ReportStatus; clinical-spec §2.3). */
public enum ReportStatus {
    FINAL,
    /** Replaces the earlier report with the same id. */
    AMENDED,
    /** Removes the report; kept as a tombstone. */
    CANCELLED
}
