package org.dlmwatch.desk.patient;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalDouble;
import org.dlmwatch.desk.patient.PatientSummary.AssayChange;
import org.dlmwatch.desk.patient.PatientSummary.CeaSeriesView;
import org.dlmwatch.desk.patient.PatientSummary.CeaValue;
import org.dlmwatch.desk.patient.PatientSummary.LesionEvent;
import org.dlmwatch.desk.patient.PatientSummary.LesionTrack;
import org.dlmwatch.rules.ProgrammeWindow;
import org.dlmwatch.rules.RuleConfig;
import org.dlmwatch.rules.cea.CeaSeries;
import org.dlmwatch.rules.history.PatientHistory;
import org.dlmwatch.rules.model.DlmLesion;
import org.dlmwatch.rules.model.Enrollment;
import org.dlmwatch.rules.model.FindingStatus;
import org.dlmwatch.rules.model.ImagingReport;
import org.dlmwatch.rules.model.LabResult;
import org.dlmwatch.rules.model.LesionFinding;
import org.dlmwatch.rules.validation.CeaUnits;
import org.dlmwatch.rules.validation.InputValidator;

/**
 * Builds a {@link PatientSummary} from a patient's corrected history, with the clinical
 * specification's definitions (§2.2 units and ULN, §3.1 eligibility and baseline, §3.2 lesion
 * matching). It describes; it never decides an alert: that is the engine's job.
 */
public final class SummaryBuilder {

    private final RuleConfig config;

    public SummaryBuilder(RuleConfig config) {
        this.config = config;
    }

    public PatientSummary build(PatientHistory history) {
        Enrollment enrollment = history.enrollment().orElse(null);
        List<ImagingReport> reports = history.activeReports();
        List<LesionTrack> registered = new ArrayList<>();
        List<LesionTrack> fresh = new ArrayList<>();
        lesions(enrollment, reports, registered, fresh);
        return new PatientSummary(history.patientId(), enrollment, registered, fresh,
                cea(enrollment, history.ceaResults()), reports);
    }

    // ---- CEA ------------------------------------------------------------------------------------

    CeaSeriesView cea(Enrollment enrollment, List<LabResult> results) {
        Instant eligibleFrom = enrollment == null ? null
                : CeaSeries.eligibleFrom(enrollment, ProgrammeWindow.of(enrollment, config), config);
        List<CeaValue> values = new ArrayList<>(results.size());
        List<AssayChange> changes = new ArrayList<>();
        String method = null;
        String methodShown = null;
        for (LabResult r : results) {
            OptionalDouble factor = CeaUnits.factorToUgL(r.unit());
            if (r.value() == null || factor.isEmpty()) {
                continue; // the validator keeps these out already; never guess
            }
            boolean labUln = r.referenceHigh() != null && r.referenceHigh() > 0;
            double uln = labUln ? CeaUnits.toUgL(r.referenceHigh(), r.unit()) : config.defaultUlnUgL();
            // methods compare trimmed and case-insensitively (as the rules do); shown as the lab wrote them
            String m = normaliseMethod(r.method());
            String shown = m == null ? null : r.method().strip();
            if (m != null) {
                if (method != null && !method.equals(m)) {
                    changes.add(new AssayChange(r.collectedAt(), methodShown, shown));
                }
                method = m;
                methodShown = shown;
            }
            boolean eligible = eligibleFrom == null || !r.collectedAt().isBefore(eligibleFrom);
            values.add(new CeaValue(r.resultId(), r.collectedAt(), CeaUnits.toUgL(r.value(), r.unit()),
                    r.comparator(), uln, labUln, shown, eligible));
        }
        Instant methodStart = changes.isEmpty() ? null : changes.get(changes.size() - 1).at();
        CeaValue baseline = null;
        if (eligibleFrom != null) {
            for (CeaValue v : values) {
                boolean inMethod = methodStart == null || !v.collectedAt().isBefore(methodStart);
                if (v.eligible() && inMethod && (baseline == null || v.value() <= baseline.value())) {
                    baseline = v; // the nadir; its latest occurrence if it repeats
                }
            }
        }
        return new CeaSeriesView(values, eligibleFrom, baseline, changes);
    }

    private static String normaliseMethod(String method) {
        return method == null || method.isBlank() ? null : method.trim().toUpperCase(Locale.ROOT);
    }

    // ---- lesions --------------------------------------------------------------------------------

    private void lesions(Enrollment enrollment, List<ImagingReport> reports, List<LesionTrack> registered,
            List<LesionTrack> fresh) {
        List<DlmLesion> dlm = enrollment == null ? List.of() : enrollment.lesions();
        Map<String, List<LesionEvent>> byLesion = new LinkedHashMap<>();
        Map<String, DlmLesion> byTrackingId = new LinkedHashMap<>();
        for (DlmLesion l : dlm) {
            byLesion.put(l.lesionId(), new ArrayList<>());
            byTrackingId.putIfAbsent(InputValidator.normalisedLesionId(l.lesionId()), l);
        }
        Map<String, LesionTrack> newTracks = new LinkedHashMap<>();
        Map<String, List<LesionEvent>> newEvents = new LinkedHashMap<>();
        for (ImagingReport report : reports) {
            for (LesionFinding f : report.findings()) {
                List<DlmLesion> candidates = match(f, dlm, byTrackingId);
                boolean confirms = report.modality().canConfirmAbsence();
                LesionEvent event = new LesionEvent(report.studyAt(), report.reportId(), report.modality(),
                        f.status(), f.sizeMm(), confirms, candidates.size() > 1);
                if (!candidates.isEmpty()) {
                    for (DlmLesion l : candidates) {
                        byLesion.get(l.lesionId()).add(event);
                    }
                } else if (f.status() != FindingStatus.ABSENT) {
                    String key = f.trackingId() != null
                            ? "id:" + InputValidator.normalisedLesionId(f.trackingId())
                            : "segment:" + f.segment().family().label();
                    String label = f.trackingId() != null
                            ? f.trackingId().trim() + " (new)"
                            : "New, segment " + f.segment().family().label();
                    newTracks.putIfAbsent(key, new LesionTrack(key, label, f.segment().label(), null, null, null,
                            List.of()));
                    newEvents.computeIfAbsent(key, k -> new ArrayList<>()).add(event);
                }
            }
        }
        for (DlmLesion l : dlm) {
            registered.add(new LesionTrack(l.lesionId(), l.lesionId(), l.segment().label(), l.baselineSizeMm(),
                    l.disappearedOn(), l.establishedBy(), List.copyOf(byLesion.get(l.lesionId()))));
        }
        for (var e : newTracks.entrySet()) {
            LesionTrack t = e.getValue();
            fresh.add(new LesionTrack(t.key(), t.label(), t.segment(), null, null, null,
                    List.copyOf(newEvents.get(e.getKey()))));
        }
    }

    /** §3.2: by tracking id, or, without one, every DLM of the same segment (IV matches IVa and IVb). */
    private static List<DlmLesion> match(LesionFinding f, List<DlmLesion> dlm, Map<String, DlmLesion> byTrackingId) {
        if (f.trackingId() != null) {
            DlmLesion l = byTrackingId.get(InputValidator.normalisedLesionId(f.trackingId()));
            return l == null ? List.of() : List.of(l);
        }
        List<DlmLesion> candidates = new ArrayList<>(2);
        for (DlmLesion l : dlm) {
            if (l.segment().matches(f.segment())) {
                candidates.add(l);
            }
        }
        return candidates;
    }
}
