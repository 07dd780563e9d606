package org.dlmwatch.rules.model;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A liver imaging report (clinical-spec §2.3). The latest version by {@code reportedAt} wins; AMENDED
 * replaces, CANCELLED removes.
 */
public record ImagingReport(
        String reportId,
        String patientId,
        Instant studyAt,
        Modality modality,
        ReportStatus status,
        List<LesionFinding> findings,
        Instant reportedAt,
        String sourceSystem) implements ClinicalEvent {

    public ImagingReport {
        Objects.requireNonNull(reportId, "reportId");
        Objects.requireNonNull(patientId, "patientId");
        findings = findings == null ? List.of() : List.copyOf(findings);
    }

    /** Study time. */
    @Override
    public Instant clinicalTime() {
        return studyAt;
    }

    public boolean isCancelled() {
        return status == ReportStatus.CANCELLED;
    }
}
