package org.dlmwatch.rules.history;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.Predicate;

import org.dlmwatch.rules.ProgrammeWindow;
import org.dlmwatch.rules.RuleConfig;
import org.dlmwatch.rules.cea.CeaSeries;
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
 * event). Below the hard caps the bound never changes what the rules see from the enrollment date on:
 * while an enrollment is ACTIVE every rule except SURVEILLANCE_OVERDUE keeps alerting after year 5
 * (§2.1, §3.4), so there is no clinical time after which an entry could not matter.
 * <ol>
 *   <li><b>Before the enrollment.</b> With an enrollment, entries (tombstones included) whose clinical
 *       time is more than {@code history.marginDays} (365) before the enrollment date are not kept.
 *       Nothing alerts before the enrollment date, a CEA drawn before it is neither eligible nor an exam,
 *       and a PRESENT or EQUIVOCAL finding before it raises nothing; the margin keeps the ABSENT findings
 *       of the year before (the imaging that established the disappearance, shown as evidence) and leaves
 *       room for a corrected enrollment date. There is <b>no upper time limit</b>: the end of the 5-year
 *       schedule no longer ends alerting, and an ENDED enrollment is not used to prune either (a later
 *       version can make it ACTIVE again, and a request raised before the end can still be fulfilled
 *       after it). History that arrives before the enrollment is kept (only the caps apply) and pruned
 *       to the margin when the enrollment arrives or its date changes.
 *   <li><b>Hard cap.</b> At most {@code history.maxLabResults} (400) result ids and
 *       {@code history.maxReports} (200) report ids, tombstones included. These caps are the bound on the
 *       state's size, as before. A 5-year programme has about 40 CEA values and 20 reports with repeats,
 *       and routine follow-up after it adds a few of each a year, so a real patient needs more than 50
 *       years of ACTIVE follow-up to reach a cap: only a runaway feed does. When a cap is exceeded,
 *       entries are dropped in this order: first tombstones (cancelled results and reports, which no rule
 *       reads; they only stop a late stale version), oldest first; then the oldest entries by clinical
 *       time. The CEA baseline (the nadir of the eligible values of the current assay method, latest
 *       occurrence, {@code CeaSeries.baselineResultId}) is never dropped: dropping it would raise the
 *       baseline that every later value is judged against and could hide a CEA_RISE_ABOVE_BASELINE or
 *       shorten the doubling-time fit. Dropping other old entries at the cap can retract or change old
 *       alerts; that is the price of a bounded state under a runaway feed, and cannot happen below it.
 * </ol>
 * A time-based pruning of old values inside the enrollment (e.g. "drop values older than X years when a
 * newer value of the same assay is lower or equal", which keeps the current nadir) was considered and not
 * used: the rules re-walk the whole history, so removing an old value changes the alerts it supports
 * (its evidence, the baseline of an old FACS alert, the previous value of the next one), and
 * {@code PatientSurveillance} would emit those as content changes or even as RETRACTED ("no action
 * needed") although nothing was corrected.
 */
public final class PatientHistory {

    private static final Comparator<LabResult> BY_COLLECTION =
            Comparator.comparing(LabResult::collectedAt).thenComparing(LabResult::resultId);
    private static final Comparator<ImagingReport> BY_STUDY =
            Comparator.comparing(ImagingReport::studyAt).thenComparing(ImagingReport::reportId);

    private final String patientId;
    private final RuleConfig config;
    private Enrollment enrollment;
    // by id, so that the stored form comes out sorted without sorting at every event
    private final Map<String, LabResult> labs = new TreeMap<>();
    private final Map<String, ImagingReport> reports = new TreeMap<>();

    // Sorted views, rebuilt lazily after a change: evaluation runs on every event.
    private List<LabResult> ceaView;
    private List<ImagingReport> reportView;
    // Bumped at every change of the enrollment, the CEA results or the reports (pruning included), so
    // that an evaluation can tell which of its inputs changed since the previous one.
    private long enrollmentVersion;
    private long labsVersion;
    private long reportsVersion;

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
        enrollmentVersion++;
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
        labsChanged();
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
        reportsChanged();
        afterInsert(r);
        return true;
    }

    // ---- views ------------------------------------------------------------------------------------------

    /** Changes whenever the winning enrollment changes. */
    public long enrollmentVersion() {
        return enrollmentVersion;
    }

    /** Changes whenever the CEA results change (a new version, a pruned entry). */
    public long labsVersion() {
        return labsVersion;
    }

    /** Changes whenever the reports change (a new version, a pruned entry). */
    public long reportsVersion() {
        return reportsVersion;
    }

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
        return new ArrayList<>(labs.values());
    }

    /** Every winning report version, tombstones included, sorted by report id (for storage). */
    public List<ImagingReport> reportVersions() {
        return new ArrayList<>(reports.values());
    }

    // ---- bound ------------------------------------------------------------------------------------------

    private void afterInsert(ClinicalEvent e) {
        if (labs.size() > config.historyMaxLabResults() || reports.size() > config.historyMaxReports()) {
            pruneAll();
        } else if (!retained(e.clinicalTime())) {
            removeOutOfWindow(labs, LabResult::clinicalTime);
            removeOutOfWindow(reports, ImagingReport::clinicalTime);
        }
    }

    private void pruneAll() {
        removeOutOfWindow(labs, LabResult::clinicalTime);
        removeOutOfWindow(reports, ImagingReport::clinicalTime);
        if (labs.size() > config.historyMaxLabResults()) {
            String baseline = enrollment == null ? null : CeaSeries.baselineResultId(ceaResults(), enrollment, config);
            cap(labs, LabResult::clinicalTime, r -> !r.status().counts(), baseline, config.historyMaxLabResults());
        }
        cap(reports, ImagingReport::clinicalTime, ImagingReport::isCancelled, null, config.historyMaxReports());
        labsChanged();
        reportsChanged();
    }

    /** Kept unless more than the margin before the enrollment date; everything is kept before an enrollment. */
    private boolean retained(Instant t) {
        if (enrollment == null) {
            return true;
        }
        Instant from = ProgrammeWindow.startOfDay(enrollment.enrolledOn()).minus(Duration.ofDays(config.historyMarginDays()));
        return !t.isBefore(from);
    }

    private <T> void removeOutOfWindow(Map<String, T> map, Function<T, Instant> time) {
        if (map.values().removeIf(v -> !retained(time.apply(v)))) {
            labsChanged();
            reportsChanged();
        }
    }

    private void labsChanged() {
        ceaView = null;
        labsVersion++;
    }

    private void reportsChanged() {
        reportView = null;
        reportsVersion++;
    }

    /**
     * Drops entries until at most {@code max} remain: tombstones first, then by clinical time, oldest
     * first (ties by id); never {@code protectedId}.
     */
    private static <T> void cap(Map<String, T> map, Function<T, Instant> time, Predicate<T> tombstone,
            String protectedId, int max) {
        if (map.size() <= max) {
            return;
        }
        List<Map.Entry<String, T>> entries = new ArrayList<>(map.entrySet());
        entries.sort(Comparator.<Map.Entry<String, T>>comparingInt(en -> tombstone.test(en.getValue()) ? 0 : 1)
                .thenComparing(en -> time.apply(en.getValue()))
                .thenComparing(Map.Entry::getKey));
        int excess = map.size() - max;
        for (Map.Entry<String, T> en : entries) {
            if (excess == 0) {
                break;
            }
            if (!en.getKey().equals(protectedId)) {
                map.remove(en.getKey());
                excess--;
            }
        }
    }
}
