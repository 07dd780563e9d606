package org.dlmwatch.rules.alert;

/** What an evidence item refers to (event-contract: EvidenceKind). */
public enum EvidenceKind {
    LAB_RESULT,
    IMAGING_FINDING,
    ENROLLMENT,
    SCHEDULE
}
