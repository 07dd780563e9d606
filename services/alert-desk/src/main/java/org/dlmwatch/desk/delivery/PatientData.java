package org.dlmwatch.desk.delivery;

/**
 * How much patient data a channel's messages may carry. Whatever the level, a message always has the
 * alert id, type, severity and the link to the alert page (behind sign-in).
 */
public enum PatientData {
    /** Nothing about the patient (default): the receiver follows the link. */
    NONE,
    /** Also the patient id. */
    PATIENT_ID,
    /** Also the patient id and the alert's one-line title (which quotes values, e.g. a CEA). */
    SUMMARY
}
