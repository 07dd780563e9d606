package org.dlmwatch.registry;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.dlmwatch.events.v1.ActionType;
import org.dlmwatch.events.v1.AlertAction;
import org.dlmwatch.events.v1.AlertStatus;
import org.dlmwatch.events.v1.AlertType;
import org.dlmwatch.events.v1.DeadLetter;
import org.dlmwatch.events.v1.DlmLesion;
import org.dlmwatch.events.v1.EndReason;
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

/** One filled-in record of each contract type (synthetic data). */
final class ContractRecords {

    private ContractRecords() {}

    static LabResult labResult(String patientId) {
        return LabResult.newBuilder().setResultId("R1").setPatientId(patientId).setLoinc("2039-6")
                .setValue(0.5).setComparator("<").setUnit("ng/mL").setReferenceHigh(5.0)
                .setStatus(ResultStatus.FINAL)
                .setCollectedAt(Instant.parse("2025-02-01T08:00:00Z"))
                .setResultedAt(Instant.parse("2025-02-01T14:00:00Z"))
                .setMethod("ECLIA").setPerformingLab("lab-a central").setSourceSystem("lab-a").build();
    }

    /** Only the required fields: every nullable one is null. */
    static LabResult minimalLabResult() {
        return LabResult.newBuilder().setResultId("R2").setPatientId("P1").setLoinc("2039-6")
                .setStatus(ResultStatus.CANCELLED).setCollectedAt(Instant.EPOCH).setResultedAt(Instant.EPOCH)
                .setSourceSystem("lab-a").build();
    }

    static Enrollment enrollment() {
        return Enrollment.newBuilder().setPatientId("P1")
                .setEnrolledOn(LocalDate.parse("2025-01-10")).setLastChemoDoseOn(LocalDate.parse("2024-12-01"))
                .setLesions(List.of(
                        DlmLesion.newBuilder().setLesionId("L1").setSegment("VII").setBaselineSizeMm(14.0)
                                .setDisappearedOn(LocalDate.parse("2024-12-20")).setEstablishedBy(Modality.MRI_HBP_DWI).build(),
                        DlmLesion.newBuilder().setLesionId("L2").setSegment("IVa").setBaselineSizeMm(null)
                                .setDisappearedOn(LocalDate.parse("2024-12-21")).setEstablishedBy(Modality.CT).build()))
                .setSmoker(true).setChronicLiverDisease(false)
                .setStatus(EnrollmentStatus.ENDED).setEndReason(EndReason.RESECTED)
                .setUpdatedAt(Instant.parse("2025-01-10T12:00:00Z")).build();
    }

    static ImagingReport imagingReport() {
        return ImagingReport.newBuilder().setReportId("I1").setPatientId("P1")
                .setStudyAt(Instant.parse("2025-04-10T10:00:00Z")).setModality(Modality.MRI_HBP_DWI)
                .setStatus(ReportStatus.AMENDED)
                .setFindings(List.of(
                        LesionFinding.newBuilder().setTrackingId("L1").setSegment("VII").setSizeMm(8.0)
                                .setStatus(FindingStatus.PRESENT).build(),
                        LesionFinding.newBuilder().setTrackingId(null).setSegment("II").setSizeMm(null)
                                .setStatus(FindingStatus.EQUIVOCAL).build()))
                .setReportedAt(Instant.parse("2025-04-10T16:00:00Z")).setSourceSystem("ris-a").build();
    }

    static SurveillanceAlert surveillanceAlert() {
        return SurveillanceAlert.newBuilder().setAlertId("A1").setPatientId("P1").setType(AlertType.DLM_REAPPEARANCE)
                .setSeverity(Severity.HIGH).setStatus(AlertStatus.RAISED).setLesionIds(List.of("L1"))
                .setTitle("DLM reappearance").setRecommendation("Discuss at MDT")
                .setEvidence(List.of(Evidence.newBuilder().setKind(EvidenceKind.IMAGING_FINDING).setRefId("I1")
                        .setAt(Instant.parse("2025-04-10T10:00:00Z")).setModality(Modality.MRI_HBP_DWI)
                        .setSegment("VII").setSizeMm(8.0).build()))
                .setRuleId("dlm-reappearance").setRuleParameters(Map.of("minSizeMm", "5"))
                .setContextFlags(List.of("SMOKER"))
                .setEventTime(Instant.parse("2025-04-10T10:00:00Z")).setDetectedAt(Instant.parse("2025-04-10T16:00:01Z"))
                .build();
    }

    static AlertAction alertAction() {
        return AlertAction.newBuilder().setAlertId("A1").setAction(ActionType.OVERRIDE).setReason("benign cyst")
                .setActor("dr-x").setAt(Instant.parse("2025-04-11T09:00:00Z")).build();
    }

    static DeadLetter deadLetter() {
        return DeadLetter.newBuilder().setSourceTopic("lab.results.v1").setPartition(3).setOffset(42L)
                .setKey(ByteBuffer.wrap("P1".getBytes(StandardCharsets.UTF_8)))
                .setValue(ByteBuffer.wrap(new byte[] {0, 0, 0, 0, 9, 1}))
                .setErrorCode("UNKNOWN_SCHEMA").setErrorMessage("writer schema id 9 is not in the schema registry")
                .setFailedAt(Instant.parse("2025-04-11T09:00:00Z")).build();
    }
}
