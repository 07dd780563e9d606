package org.dlmwatch.desk.patient;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.dlmwatch.rules.model.Enrollment;
import org.dlmwatch.rules.model.FindingStatus;
import org.dlmwatch.rules.model.ImagingReport;
import org.dlmwatch.rules.model.Modality;

/**
 * One patient's surveillance as the desk shows it: the enrollment, the lesion registry with what
 * imaging said about each DLM, new lesions, the CEA series and the imaging reports. Immutable; built
 * by {@link SummaryBuilder}.
 *
 * @param enrollment null when no (valid) enrollment arrived yet
 */
public record PatientSummary(
        String patientId,
        Enrollment enrollment,
        List<LesionTrack> lesions,
        List<LesionTrack> newLesions,
        CeaSeriesView cea,
        List<ImagingReport> imaging) {

    /**
     * One lesion's timeline: a registered DLM (with its disappearance) or a new lesion (no
     * registration; keyed by tracking id, else segment).
     */
    public record LesionTrack(
            String key,
            String label,
            String segment,
            Double baselineSizeMm,
            LocalDate disappearedOn,
            Modality establishedBy,
            List<LesionEvent> events) {

        public boolean registered() {
            return disappearedOn != null;
        }

        /** The first PRESENT finding matched to this lesion, if any. */
        public LesionEvent reappeared() {
            return events.stream().filter(e -> e.status() == FindingStatus.PRESENT).findFirst().orElse(null);
        }

        /** Latest ABSENT finding on a modality that can confirm absence (not PET-CT). */
        public LesionEvent lastConfirmedAbsent() {
            LesionEvent last = null;
            for (LesionEvent e : events) {
                if (e.status() == FindingStatus.ABSENT && e.confirms()) {
                    last = e;
                }
            }
            return last;
        }
    }

    /**
     * One finding about one lesion.
     *
     * @param confirms for ABSENT: the modality can confirm absence (PET-CT cannot)
     * @param ambiguous matched by segment to more than one registered DLM
     */
    public record LesionEvent(
            Instant at, String reportId, Modality modality, FindingStatus status, Double sizeMm,
            boolean confirms, boolean ambiguous) {}

    /**
     * The CEA series in ug/L, every counting result (FINAL, CORRECTED) in collection order.
     *
     * @param eligibleFrom values collected before this are stored but never used (chemotherapy
     *     window, or before enrollment); null without enrollment
     * @param baseline the nadir of the eligible values in the current assay method; null if none
     */
    public record CeaSeriesView(
            List<CeaValue> values, Instant eligibleFrom, CeaValue baseline, List<AssayChange> assayChanges) {}

    /**
     * @param value ug/L; for a censored result the limit
     * @param uln ug/L, from the lab or the configured default
     */
    public record CeaValue(
            String resultId, Instant collectedAt, double value, String comparator, double uln, boolean ulnFromLab,
            String method, boolean eligible) {

        public boolean censored() {
            return "<".equals(comparator) || "<=".equals(comparator);
        }

        public boolean aboveUln() {
            return !censored() && value > uln + 1e-9;
        }
    }

    /** A change of assay method: from here on a new baseline applies (§2.2). */
    public record AssayChange(Instant at, String from, String to) {}
}
