package org.dlmwatch.rules.history;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

import org.dlmwatch.rules.ProgrammeWindow;
import org.dlmwatch.rules.RuleConfig;
import org.dlmwatch.rules.model.ClinicalEvent;
import org.dlmwatch.rules.model.Enrollment;
import org.dlmwatch.rules.model.ImagingReport;
import org.dlmwatch.rules.model.LabResult;
import org.dlmwatch.rules.model.ResultStatus;
import org.dlmwatch.rules.validation.LabCodes;

/**
 * One patient's corrected history: the winning version of the enrollment, of every CEA result and of
 * every imaging report. "Alerts are a function of the patient's corrected history, not of arrival
 * order" (§3).
 *
 * <h2>Versions</h2>
 * <ul>
 *   <li>Enrollment: latest {@code updatedAt} wins.
 *   <li>CEA results (LOINC 2039-6 only): one version per result id, the latest {@code resultedAt}
 *       wins, also when a CORRECTED arrives before its FINAL. A CANCELLED or ENTERED_IN_ERROR version
 *       is kept as a tombstone so that an earlier FINAL arriving late cannot bring the result back.
 *       PRELIMINARY versions are ignored (§2.2).
 *   <li>Reports: one version per report id, latest {@code reportedAt} wins; AMENDED replaces, CANCELLED
 *       is a tombstone (§2.3).
 *   <li>The same version delivered twice is one version (§3.1: "The same result delivered twice ... is
 *       one result").
 * </ul>
 * Ties are broken by {@link VersionOrder} so that the winner never depends on arrival order.
 *
 * <h2>Bound</h2>
 * A patient's state must not grow without limit (it lives in a state store and is rewritten on every
 * event). Two limits, both configurable:
 * <ol>
 *   <li><b>Time window.</b> With an enrollment, entries are kept only when their clinical time lies
 *       between {@code history.marginDays} (365) before the enrollment date and the same margin after
 *       the end of the programme ({@code programme.lengthYears}, 5). No alert has a clinical time
 *       outside the programme, and every rule only looks at the programme, so nothing outside it can
 *       raise, change or fulfil an alert except a request waiting at the very end of year 5, which the
 *       margin covers; the margin before enrollment leaves room for a corrected enrollment date.
 *       Without an enrollment (history that arrives first is kept, §3), entries older than programme
 *       length + margin before the newest entry are dropped: they could not fall inside any programme
 *       that includes the newest entry.
 *   <li><b>Hard cap.</b> At most {@code history.maxLabResults} (400) result ids and
 *       {@code history.maxReports} (200) report ids, tombstones included; beyond that the oldest by
 *       clinical time are dropped first. A full programme schedules 14 CEA and 14 MRI (every 3 months
 *       for 2 years, then every 6 months); with repeats and extra imaging a patient has perhaps 40 CEA
 *       values and 20 reports, so the caps are about ten times that and only stop a runaway feed.
 * </ol>
 */
public final class PatientHistory {

    private static final Comparator<LabResult> BY_COLLECTION =
            Comparator.comparing(LabResult::collectedAt).thenComparing(LabResult::resultId);
    private static final Comparator<ImagingReport> BY_STUDY =
            Comparator.comparing(ImagingReport::studyAt).thenComparing(ImagingReport::reportId);

    private final String patientId;
    private final RuleConfig config;
    private Enrollment enrollment;
    private final Map<String, LabResult> labs = new HashMap<>();
    private final Map<String, ImagingReport> reports = new HashMap<>();
    private Instant newest;

    // Sorted views, rebuilt lazily after a change: evaluation runs on every event.
    private List<LabResult> ceaView;
    private List<ImagingReport> reportView;

    public PatientHistory(String patientId, RuleConfig config) {
        this.patientId = patientId;
        this.config = config;
    }

    /** Rebuilds a history from stored versions (see {@code PatientState}). */
    public static PatientHistory restore(String patientId, RuleConfig config, Enrollment enrollment,
            Collection<LabResult> labResults, Collection<ImagingReport> reports) {
        PatientHistory h = new PatientHistory(patientId, config);
        if (enrollment != null) {
            h.apply(enrollment);
        }
        labResults.forEach(h::apply);
        reports.forEach(h::apply);
        return h;
    }

    public String patientId() {
        return patientId;
    }

    // ---- applying versions ------------------------------------------------------------------------------

    /** @return true when the winning enrollment changed */
    public boolean apply(Enrollment e) {
        if (enrollment != null && VersionOrder.ENROLLMENT.compare(e, enrollment) <= 0) {
            return false; // older version or the same one again
        }
        boolean windowMoved = enrollment == null
                || !enrollment.enrolledOn().equals(e.enrolledOn());
        enrollment = e;
        if (windowMoved) {
            pruneAll();
        }
        return true;
    }

    /** @return true when the history changed (a new winning version of a CEA mass result) */
    public boolean apply(LabResult r) {
        if (!LabCodes.isCeaMass(r.loinc()) || r.status() == ResultStatus.PRELIMINARY) {
            return false;
        }
        LabResult current = labs.get(r.resultId());
        if (current != null && VersionOrder.LAB.compare(r, current) <= 0) {
            return false;
        }
        labs.put(r.resultId(), r);
        ceaView = null;
        afterInsert(r);
        return true;
    }

    /** @return true when the history changed (a new winning version of a report) */
    public boolean apply(ImagingReport r) {
        ImagingReport current = reports.get(r.reportId());
        if (current != null && VersionOrder.REPORT.compare(r, current) <= 0) {
            return false;
        }
        reports.put(r.reportId(), r);
        reportView = null;
        afterInsert(r);
        return true;
    }

    // ---- views ------------------------------------------------------------------------------------------

    public Optional<Enrollment> enrollment() {
        return Optional.ofNullable(enrollment);
    }

    /** CEA mass results that count (FINAL, CORRECTED), in collection-time order. */
    public List<LabResult> ceaResults() {
        if (ceaView == null) {
            List<LabResult> v = new ArrayList<>(labs.size());
            for (LabResult r : labs.values()) {
                if (r.status().counts()) {
                    v.add(r);
                }
            }
            v.sort(BY_COLLECTION);
            ceaView = List.copyOf(v);
        }
        return ceaView;
    }

    /** Reports that are not cancelled, in study-time order. */
    public List<ImagingReport> activeReports() {
        if (reportView == null) {
            List<ImagingReport> v = new ArrayList<>(reports.size());
            for (ImagingReport r : reports.values()) {
                if (!r.isCancelled()) {
                    v.add(r);
                }
            }
            v.sort(BY_STUDY);
            reportView = List.copyOf(v);
        }
        return reportView;
    }

    /** Every winning lab version, tombstones included, sorted by result id (for storage). */
    public List<LabResult> labResultVersions() {
        List<LabResult> v = new ArrayList<>(labs.values());
        v.sort(Comparator.comparing(LabResult::resultId));
        return v;
    }

    /** Every winning report version, tombstones included, sorted by report id (for storage). */
    public List<ImagingReport> reportVersions() {
        List<ImagingReport> v = new ArrayList<>(reports.values());
        v.sort(Comparator.comparing(ImagingReport::reportId));
        return v;
    }

    // ---- bound ------------------------------------------------------------------------------------------

    private void afterInsert(ClinicalEvent e) {
        Instant t = e.clinicalTime();
        boolean newestMoved = newest == null || t.isAfter(newest);
        if (newestMoved) {
            newest = t;
        }
        if ((newestMoved && enrollment == null) || labs.size() > config.historyMaxLabResults()
                || reports.size() > config.historyMaxReports()) {
            pruneAll();
        } else if (!retained(t)) {
            removeOutOfWindow(labs, LabResult::clinicalTime);
            removeOutOfWindow(reports, ImagingReport::clinicalTime);
        }
    }

    private void pruneAll() {
        removeOutOfWindow(labs, LabResult::clinicalTime);
        removeOutOfWindow(reports, ImagingReport::clinicalTime);
        cap(labs, LabResult::clinicalTime, config.historyMaxLabResults());
        cap(reports, ImagingReport::clinicalTime, config.historyMaxReports());
        ceaView = null;
        reportView = null;
    }

    private boolean retained(Instant t) {
        Duration margin = Duration.ofDays(config.historyMarginDays());
        if (enrollment != null) {
            ProgrammeWindow w = ProgrammeWindow.of(enrollment, config);
            return !t.isBefore(w.start().minus(margin)) && !t.isAfter(w.programmeEnd().plus(margin));
        }
        if (newest == null) {
            return true;
        }
        Instant horizon = newest.atZone(java.time.ZoneOffset.UTC)
                .minusYears(config.programmeLengthYears()).toInstant().minus(margin);
        return !t.isBefore(horizon);
    }

    private <T> void removeOutOfWindow(Map<String, T> map, Function<T, Instant> time) {
        if (map.values().removeIf(v -> !retained(time.apply(v)))) {
            ceaView = null;
            reportView = null;
        }
    }

    private static <T> void cap(Map<String, T> map, Function<T, Instant> time, int max) {
        if (map.size() <= max) {
            return;
        }
        List<Map.Entry<String, T>> entries = new ArrayList<>(map.entrySet());
        entries.sort(Comparator.<Map.Entry<String, T>, Instant>comparing(en -> time.apply(en.getValue()))
                .thenComparing(Map.Entry::getKey));
        for (int i = 0; i < entries.size() - max; i++) {
            map.remove(entries.get(i).getKey());
        }
    }
}
