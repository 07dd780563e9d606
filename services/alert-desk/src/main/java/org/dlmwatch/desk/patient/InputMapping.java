package org.dlmwatch.desk.patient;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.dlmwatch.rules.RuleConfig;
import org.dlmwatch.rules.model.DlmLesion;
import org.dlmwatch.rules.model.Enrollment;
import org.dlmwatch.rules.model.EndReason;
import org.dlmwatch.rules.model.EnrollmentStatus;
import org.dlmwatch.rules.model.FindingStatus;
import org.dlmwatch.rules.model.ImagingReport;
import org.dlmwatch.rules.model.LabResult;
import org.dlmwatch.rules.model.LesionFinding;
import org.dlmwatch.rules.model.Modality;
import org.dlmwatch.rules.model.ReportStatus;
import org.dlmwatch.rules.model.ResultStatus;
import org.dlmwatch.rules.model.Segment;
import org.dlmwatch.rules.validation.InputValidator;
import org.dlmwatch.rules.validation.RejectedInputException;

/**
 * Input records of the contract to the rules' model, keeping only what the engine would use: an
 * input the engine dead-letters (bad unit, unknown segment, missing field) is left out of the
 * patient summary too, so the desk shows the history the alerts were computed from. Empty means
 * "not used".
 */
final class InputMapping {

    private final InputValidator validator;

    InputMapping(RuleConfig config) {
        this.validator = new InputValidator(config);
    }

    Optional<Enrollment> enrollment(org.dlmwatch.events.v1.Enrollment e) {
        try {
            List<DlmLesion> lesions = new ArrayList<>(e.getLesions().size());
            for (var l : e.getLesions()) {
                lesions.add(new DlmLesion(l.getLesionId(), Segment.parse(l.getSegment()), l.getBaselineSizeMm(),
                        l.getDisappearedOn(), convert(l.getEstablishedBy(), Modality.class)));
            }
            Enrollment d = new Enrollment(e.getPatientId(), e.getEnrolledOn(), e.getLastChemoDoseOn(), lesions,
                    e.getSmoker(), e.getChronicLiverDisease(), convert(e.getStatus(), EnrollmentStatus.class),
                    convert(e.getEndReason(), EndReason.class), e.getUpdatedAt());
            return validator.validate(d).isOk() ? Optional.of(d) : Optional.empty();
        } catch (RejectedInputException | NullPointerException | IllegalArgumentException ex) {
            return Optional.empty();
        }
    }

    /** Lab results that are not CEA are dropped before this is called. */
    Optional<LabResult> labResult(org.dlmwatch.events.v1.LabResult r) {
        try {
            LabResult d = new LabResult(r.getResultId(), r.getPatientId(), r.getLoinc(), r.getValue(),
                    r.getComparator(), r.getUnit(), r.getReferenceHigh(), convert(r.getStatus(), ResultStatus.class),
                    r.getCollectedAt(), r.getResultedAt(), r.getMethod(), r.getPerformingLab(), r.getSourceSystem());
            return validator.validate(d).isOk() ? Optional.of(d) : Optional.empty();
        } catch (NullPointerException | IllegalArgumentException ex) {
            return Optional.empty();
        }
    }

    Optional<ImagingReport> imagingReport(org.dlmwatch.events.v1.ImagingReport r) {
        try {
            List<LesionFinding> findings = new ArrayList<>(r.getFindings().size());
            for (var f : r.getFindings()) {
                findings.add(new LesionFinding(f.getTrackingId(), Segment.parse(f.getSegment()), f.getSizeMm(),
                        convert(f.getStatus(), FindingStatus.class)));
            }
            ImagingReport d = new ImagingReport(r.getReportId(), r.getPatientId(), r.getStudyAt(),
                    convert(r.getModality(), Modality.class), convert(r.getStatus(), ReportStatus.class), findings,
                    r.getReportedAt(), r.getSourceSystem());
            return validator.validate(d).isOk() ? Optional.of(d) : Optional.empty();
        } catch (RejectedInputException | NullPointerException | IllegalArgumentException ex) {
            return Optional.empty();
        }
    }

    private static <E extends Enum<E>> E convert(Enum<?> value, Class<E> to) {
        return value == null ? null : Enum.valueOf(to, value.name());
    }
}
