package org.dlmwatch.rules.model;

/** Status of one lesion finding in a report (clinical-spec §2.3). */
public enum FindingStatus {
    PRESENT,
    ABSENT,
    /** "possible", "cannot exclude", "subcentimetre focus". */
    EQUIVOCAL
}
