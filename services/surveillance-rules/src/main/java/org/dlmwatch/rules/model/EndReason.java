package org.dlmwatch.rules.model;

/** Why a patient left the watch-and-wait programme (clinical-spec §2.1). */
public enum EndReason {
    RESECTED,
    ABLATED,
    SYSTEMIC_PROGRESSION,
    DECEASED,
    WITHDRAWN,
    TRANSFERRED
}
