package org.dlmwatch.rules.model;

import java.time.Instant;

/** One of the three input records of the contract, as a domain object. */
public sealed interface ClinicalEvent permits Enrollment, LabResult, ImagingReport {

    String patientId();

    /**
     * The time at which the event happened clinically, used to order the history (§3: "Walk the
     * history in clinical-time order (collection time, study time)"): collection time for a lab
     * result, study time for a report, the enrollment date (00:00 UTC) for an enrollment.
     */
    Instant clinicalTime();
}
