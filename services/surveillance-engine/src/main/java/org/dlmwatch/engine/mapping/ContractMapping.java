package org.dlmwatch.engine.mapping;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import org.dlmwatch.events.v1.SurveillanceAlert;
import org.dlmwatch.rules.alert.Alert;
import org.dlmwatch.rules.alert.Evidence;
import org.dlmwatch.rules.model.DlmLesion;
import org.dlmwatch.rules.model.Enrollment;
import org.dlmwatch.rules.model.ImagingReport;
import org.dlmwatch.rules.model.LabResult;
import org.dlmwatch.rules.model.LesionFinding;
import org.dlmwatch.rules.model.Segment;

/**
 * Maps between the event contract (Avro records, package {@code org.dlmwatch.events.v1}) and the
 * rules' domain model. Field by field, names identical on both sides; segments are parsed here,
 * so an unknown segment is rejected ({@code UNKNOWN_SEGMENT}) before it reaches the rules.
 */
public final class ContractMapping {

    private ContractMapping() {}

    // ---- contract -> domain ----

    public static Enrollment toDomain(org.dlmwatch.events.v1.Enrollment e) {
        List<DlmLesion> lesions = new ArrayList<>(e.getLesions().size());
        for (var l : e.getLesions()) {
            lesions.add(new DlmLesion(l.getLesionId(), Segment.parse(l.getSegment()), l.getBaselineSizeMm(),
                    l.getDisappearedOn(), convert(l.getEstablishedBy(), org.dlmwatch.rules.model.Modality.class)));
        }
        return new Enrollment(e.getPatientId(), e.getEnrolledOn(), e.getLastChemoDoseOn(), lesions, e.getSmoker(),
                e.getChronicLiverDisease(), convert(e.getStatus(), org.dlmwatch.rules.model.EnrollmentStatus.class),
                convert(e.getEndReason(), org.dlmwatch.rules.model.EndReason.class), e.getUpdatedAt());
    }

    public static LabResult toDomain(org.dlmwatch.events.v1.LabResult r) {
        return new LabResult(r.getResultId(), r.getPatientId(), r.getLoinc(), r.getValue(), r.getComparator(),
                r.getUnit(), r.getReferenceHigh(), convert(r.getStatus(), org.dlmwatch.rules.model.ResultStatus.class),
                r.getCollectedAt(), r.getResultedAt(), r.getMethod(), r.getPerformingLab(), r.getSourceSystem());
    }

    public static ImagingReport toDomain(org.dlmwatch.events.v1.ImagingReport r) {
        List<LesionFinding> findings = new ArrayList<>(r.getFindings().size());
        for (var f : r.getFindings()) {
            findings.add(new LesionFinding(f.getTrackingId(), Segment.parse(f.getSegment()), f.getSizeMm(),
                    convert(f.getStatus(), org.dlmwatch.rules.model.FindingStatus.class)));
        }
        return new ImagingReport(r.getReportId(), r.getPatientId(), r.getStudyAt(),
                convert(r.getModality(), org.dlmwatch.rules.model.Modality.class),
                convert(r.getStatus(), org.dlmwatch.rules.model.ReportStatus.class), findings, r.getReportedAt(),
                r.getSourceSystem());
    }

    // ---- domain -> contract ----

    public static org.dlmwatch.events.v1.Enrollment toContract(Enrollment e) {
        List<org.dlmwatch.events.v1.DlmLesion> lesions = new ArrayList<>(e.lesions().size());
        for (DlmLesion l : e.lesions()) {
            lesions.add(new org.dlmwatch.events.v1.DlmLesion(l.lesionId(), l.segment().label(), l.baselineSizeMm(),
                    l.disappearedOn(), convert(l.establishedBy(), org.dlmwatch.events.v1.Modality.class)));
        }
        return new org.dlmwatch.events.v1.Enrollment(e.patientId(), e.enrolledOn(), e.lastChemoDoseOn(), lesions,
                e.smoker(), e.chronicLiverDisease(), convert(e.status(), org.dlmwatch.events.v1.EnrollmentStatus.class),
                convert(e.endReason(), org.dlmwatch.events.v1.EndReason.class), e.updatedAt());
    }

    public static org.dlmwatch.events.v1.LabResult toContract(LabResult r) {
        return new org.dlmwatch.events.v1.LabResult(r.resultId(), r.patientId(), r.loinc(), r.value(), r.comparator(),
                r.unit(), r.referenceHigh(), convert(r.status(), org.dlmwatch.events.v1.ResultStatus.class),
                r.collectedAt(), r.resultedAt(), r.method(), r.performingLab(), r.sourceSystem());
    }

    public static org.dlmwatch.events.v1.ImagingReport toContract(ImagingReport r) {
        List<org.dlmwatch.events.v1.LesionFinding> findings = new ArrayList<>(r.findings().size());
        for (LesionFinding f : r.findings()) {
            findings.add(new org.dlmwatch.events.v1.LesionFinding(f.trackingId(), f.segment().label(), f.sizeMm(),
                    convert(f.status(), org.dlmwatch.events.v1.FindingStatus.class)));
        }
        return new org.dlmwatch.events.v1.ImagingReport(r.reportId(), r.patientId(), r.studyAt(),
                convert(r.modality(), org.dlmwatch.events.v1.Modality.class),
                convert(r.status(), org.dlmwatch.events.v1.ReportStatus.class), findings, r.reportedAt(),
                r.sourceSystem());
    }

    /** The alert as published on {@code surveillance.alerts.v1}, stamped with its detection time. */
    public static SurveillanceAlert toContract(Alert a, java.time.Instant detectedAt) {
        List<org.dlmwatch.events.v1.Evidence> evidence = new ArrayList<>(a.evidence().size());
        for (Evidence e : a.evidence()) {
            evidence.add(new org.dlmwatch.events.v1.Evidence(
                    convert(e.kind(), org.dlmwatch.events.v1.EvidenceKind.class), e.refId(), e.at(), e.value(),
                    e.unit(), convert(e.modality(), org.dlmwatch.events.v1.Modality.class), e.segment(), e.sizeMm(),
                    e.note()));
        }
        return SurveillanceAlert.newBuilder()
                .setAlertId(a.alertId())
                .setPatientId(a.patientId())
                .setType(convert(a.type(), org.dlmwatch.events.v1.AlertType.class))
                .setSeverity(convert(a.severity(), org.dlmwatch.events.v1.Severity.class))
                .setStatus(convert(a.status(), org.dlmwatch.events.v1.AlertStatus.class))
                .setLesionIds(new ArrayList<>(a.lesionIds()))
                .setTitle(a.title())
                .setRecommendation(a.recommendation())
                .setEvidence(evidence)
                .setRuleId(a.ruleId())
                .setRuleParameters(new LinkedHashMap<>(a.ruleParameters()))
                .setContextFlags(new ArrayList<>(a.contextFlags()))
                .setEventTime(a.eventTime())
                .setDetectedAt(detectedAt)
                .build();
    }

    /** Same-named enum constants on both sides of the mapping. */
    static <E extends Enum<E>> E convert(Enum<?> value, Class<E> to) {
        return value == null ? null : Enum.valueOf(to, value.name());
    }
}
