package org.dlmwatch.desk.support;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.dlmwatch.events.v1.AlertStatus;
import org.dlmwatch.events.v1.AlertType;
import org.dlmwatch.events.v1.DlmLesion;
import org.dlmwatch.events.v1.Enrollment;
import org.dlmwatch.events.v1.EnrollmentStatus;
import org.dlmwatch.events.v1.Evidence;
import org.dlmwatch.events.v1.EvidenceKind;
import org.dlmwatch.events.v1.FindingStatus;
import org.dlmwatch.events.v1.ImagingReport;
import org.dlmwatch.events.v1.LabResult;
import org.dlmwatch.events.v1.LesionFinding;
import org.dlmwatch.events.v1.Modality;
import org.dlmwatch.events.v1.ReportStatus;
import org.dlmwatch.events.v1.ResultStatus;
import org.dlmwatch.events.v1.Severity;
import org.dlmwatch.events.v1.SurveillanceAlert;

/** Contract records for tests, close to what the engine and the hospital systems write. */
public final class Fixtures {

    private Fixtures() {}

    public static Instant t(String iso) {
        return Instant.parse(iso);
    }

    public static Enrollment enrollment(String patientId) {
        return Enrollment.newBuilder()
                .setPatientId(patientId)
                .setEnrolledOn(LocalDate.parse("2025-01-10"))
                .setLastChemoDoseOn(LocalDate.parse("2024-12-01"))
                .setLesions(List.of(
                        new DlmLesion("L1", "VII", 14.0, LocalDate.parse("2024-12-20"), Modality.MRI_HBP_DWI),
                        new DlmLesion("L2", "IVa", 9.0, LocalDate.parse("2024-12-20"), Modality.CT)))
                .setSmoker(false)
                .setChronicLiverDisease(false)
                .setStatus(EnrollmentStatus.ACTIVE)
                .setEndReason(null)
                .setUpdatedAt(t("2025-01-10T12:00:00Z"))
                .build();
    }

    public static LabResult cea(String patientId, String resultId, String collected, double value, String method) {
        Instant c = t(collected);
        return LabResult.newBuilder()
                .setResultId(resultId).setPatientId(patientId).setLoinc("2039-6").setValue(value).setComparator(null)
                .setUnit("ng/mL").setReferenceHigh(5.0).setStatus(ResultStatus.FINAL).setCollectedAt(c)
                .setResultedAt(c.plusSeconds(6 * 3600)).setMethod(method).setPerformingLab("lab-a")
                .setSourceSystem("lab-a").build();
    }

    public static LabResult otherLab(String patientId, String resultId, String collected) {
        Instant c = t(collected);
        return LabResult.newBuilder()
                .setResultId(resultId).setPatientId(patientId).setLoinc("718-7").setValue(13.5).setComparator(null)
                .setUnit("g/dL").setReferenceHigh(17.0).setStatus(ResultStatus.FINAL).setCollectedAt(c)
                .setResultedAt(c.plusSeconds(3600)).setMethod(null).setPerformingLab("lab-a")
                .setSourceSystem("lab-a").build();
    }

    public static ImagingReport mri(String patientId, String reportId, String study, LesionFinding... findings) {
        Instant s = t(study);
        return ImagingReport.newBuilder()
                .setReportId(reportId).setPatientId(patientId).setStudyAt(s).setModality(Modality.MRI_HBP_DWI)
                .setStatus(ReportStatus.FINAL).setFindings(List.of(findings)).setReportedAt(s.plusSeconds(6 * 3600))
                .setSourceSystem("ris-a").build();
    }

    public static LesionFinding finding(String trackingId, String segment, Double sizeMm, FindingStatus status) {
        return new LesionFinding(trackingId, segment, sizeMm, status);
    }

    public static SurveillanceAlert alert(String patientId, String alertId, AlertType type, Severity severity,
            AlertStatus status, Instant detectedAt, List<String> ceaEvidence) {
        List<Evidence> evidence = new ArrayList<>();
        for (String resultId : ceaEvidence) {
            evidence.add(new Evidence(EvidenceKind.LAB_RESULT, resultId, t("2025-05-23T08:00:00Z"), 9.8, "ug/L", null,
                    null, null, "rise above baseline; CEA 9.8 ug/L; ULN 5 (lab)"));
        }
        if (evidence.isEmpty()) {
            evidence.add(new Evidence(EvidenceKind.IMAGING_FINDING, "I2", t("2025-06-02T10:00:00Z"), null, null,
                    Modality.MRI_HBP_DWI, "VII", 8.0, "PRESENT in segment VII, tracking id L1"));
        }
        return SurveillanceAlert.newBuilder()
                .setAlertId(alertId).setPatientId(patientId).setType(type).setSeverity(severity).setStatus(status)
                .setLesionIds(type == AlertType.DLM_REAPPEARANCE ? List.of("L1") : List.of())
                .setTitle(titleOf(type))
                .setRecommendation("Image now: liver MRI with hepatobiliary phase and DWI; then MDT review for rescue "
                        + "therapy if a lesion is found. This is decision support for the multidisciplinary team (MDT), "
                        + "not a diagnosis.")
                .setEvidence(evidence)
                .setRuleId(type.name())
                .setRuleParameters(Map.of("cea.riseAboveBaselineUgL", "7"))
                .setContextFlags(List.of())
                .setEventTime(t("2025-05-23T08:00:00Z"))
                .setDetectedAt(detectedAt)
                .build();
    }

    public static SurveillanceAlert withStatus(SurveillanceAlert a, AlertStatus status, Instant detectedAt) {
        return SurveillanceAlert.newBuilder(a).setStatus(status).setDetectedAt(detectedAt).build();
    }

    private static String titleOf(AlertType type) {
        return switch (type) {
            case CEA_RISE_ABOVE_BASELINE -> "CEA 9.8 ug/L is 7.7 ug/L above the baseline of 2.1 ug/L";
            case DLM_REAPPEARANCE -> "DLM L1 has reappeared in segment VII (MRI_HBP_DWI, 8 mm)";
            case RESCUE_EVALUATION -> "Rescue evaluation: CEA rise above baseline and DLM reappearance 10 days apart";
            case CEA_REPEAT_REQUESTED -> "CEA 6.4 ug/L is above the upper limit of normal (5 ug/L): repeat CEA requested";
            case SURVEILLANCE_OVERDUE -> "Liver MRI overdue by 34 days";
            default -> "Alert " + type.name();
        };
    }
}
