package org.dlmwatch.bench;

import org.dlmwatch.rules.lifecycle.PatientState;
import org.dlmwatch.rules.model.Enrollment;
import org.dlmwatch.rules.model.ImagingReport;
import org.dlmwatch.rules.model.LabResult;

/** A patient's state copied under another patient id, to fill a changelog with many patients. */
final class RenamedState {

    private RenamedState() {}

    static PatientState of(PatientState s, String id) {
        Enrollment e = s.enrollment();
        Enrollment enrollment = e == null ? null : new Enrollment(id, e.enrolledOn(), e.lastChemoDoseOn(), e.lesions(),
                e.smoker(), e.chronicLiverDisease(), e.status(), e.endReason(), e.updatedAt());
        var labs = s.labResults().stream().map(r -> new LabResult(r.resultId(), id, r.loinc(), r.value(),
                r.comparator(), r.unit(), r.referenceHigh(), r.status(), r.collectedAt(), r.resultedAt(), r.method(),
                r.performingLab(), r.sourceSystem())).toList();
        var reports = s.reports().stream().map(r -> new ImagingReport(r.reportId(), id, r.studyAt(), r.modality(),
                r.status(), r.findings(), r.reportedAt(), r.sourceSystem())).toList();
        return new PatientState(id, enrollment, labs, reports, s.emitted(), s.clock());
    }
}
