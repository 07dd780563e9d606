package org.dlmwatch.rules.lifecycle;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

import org.dlmwatch.rules.model.Enrollment;
import org.dlmwatch.rules.model.ImagingReport;
import org.dlmwatch.rules.model.LabResult;

/**
 * Everything {@link PatientSurveillance} keeps for one patient, as plain data for the engine's state
 * store. Rebuild with {@link PatientSurveillance#fromState}.
 *
 * @param enrollment the winning enrollment version, or null if none arrived yet
 * @param labResults the winning version of every CEA mass result id, tombstones included, by result id
 * @param reports the winning version of every report id, tombstones included, by report id
 * @param emitted the memory of emitted alerts, by alert id
 * @param clock the latest clock seen (never goes back), or null
 */
public record PatientState(
        String patientId,
        Enrollment enrollment,
        List<LabResult> labResults,
        List<ImagingReport> reports,
        List<EmittedAlert> emitted,
        Instant clock) {

    public PatientState {
        Objects.requireNonNull(patientId, "patientId");
        labResults = labResults == null ? List.of() : List.copyOf(labResults);
        reports = reports == null ? List.of() : List.copyOf(reports);
        emitted = emitted == null ? List.of() : List.copyOf(emitted);
    }
}
