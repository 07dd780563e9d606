package org.dlmwatch.rules.alert;

/** Alert status (clinical-spec §3, §4). */
public enum AlertStatus {
    /** The condition held at some point of the walk through the patient's history. */
    RAISED,
    /** A correction, cancellation or amendment left a history in which the condition never held. */
    RETRACTED,
    /** A request alert whose requested exam arrived. */
    FULFILLED
}
