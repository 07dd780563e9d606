package org.dlmwatch.rules.cea;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.OptionalDouble;

import org.dlmwatch.rules.ProgrammeWindow;
import org.dlmwatch.rules.RuleConfig;
import org.dlmwatch.rules.model.Enrollment;
import org.dlmwatch.rules.model.LabResult;
import org.dlmwatch.rules.validation.CeaUnits;

/**
 * Builds the eligible CEA series from the corrected history.
 *
 * <p><b>Eligibility (§3.1, ASCO 2006):</b> "values collected before the last chemotherapy dose + 6
 * weeks are stored but never trigger and are never a baseline (chemotherapy raises CEA spuriously)."
 * Values collected before the enrollment date are likewise stored but left out: "Baseline: the lowest
 * eligible value since enrollment".
 */
public final class CeaSeries {

    private CeaSeries() {
    }

    /**
     * The first instant at which a CEA value is eligible: the later of the enrollment date and the
     * last chemotherapy dose + {@code cea.chemoWindowWeeks} (both 00:00 UTC).
     */
    public static Instant eligibleFrom(Enrollment enrollment, ProgrammeWindow window, RuleConfig config) {
        Instant from = window.start();
        if (enrollment.lastChemoDoseOn() != null) {
            Instant chemoEnd = ProgrammeWindow.startOfDay(enrollment.lastChemoDoseOn().plus(config.chemoWindow()));
            if (chemoEnd.isAfter(from)) {
                from = chemoEnd;
            }
        }
        return from;
    }

    /**
     * @param ceaResults counting CEA mass results in collection order ({@code PatientHistory.ceaResults()})
     */
    public static List<CeaPoint> eligible(List<LabResult> ceaResults, Instant eligibleFrom, RuleConfig config) {
        List<CeaPoint> points = new ArrayList<>(ceaResults.size());
        for (LabResult r : ceaResults) {
            if (r.collectedAt().isBefore(eligibleFrom)) {
                continue;
            }
            CeaPoint p = toPoint(r, config);
            if (p != null) {
                points.add(p);
            }
        }
        return points;
    }

    /**
     * The result id of the current baseline: the nadir (latest occurrence) of the eligible values of the
     * current assay method, the value the next CEA will be judged against (§3.1). Null when no value is
     * eligible. {@code PatientHistory} never drops it when it has to enforce its hard cap, so that a
     * runaway feed cannot raise the baseline and hide a rise.
     *
     * @param ceaResults counting CEA mass results in collection order ({@code PatientHistory.ceaResults()})
     */
    public static String baselineResultId(List<LabResult> ceaResults, Enrollment enrollment, RuleConfig config) {
        List<CeaPoint> points = eligible(ceaResults,
                eligibleFrom(enrollment, ProgrammeWindow.of(enrollment, config), config), config);
        if (points.isEmpty()) {
            return null;
        }
        CeaContext c = new CeaContext(points, config);
        c.moveTo(points.size() - 1);
        return c.baseline().resultId();
    }

    /** Null for a value the validator would have rejected (kept out defensively, never guessed). */
    static CeaPoint toPoint(LabResult r, RuleConfig config) {
        OptionalDouble factor = CeaUnits.factorToUgL(r.unit());
        if (r.value() == null || factor.isEmpty() || !Double.isFinite(r.value()) || r.value() < 0) {
            return null;
        }
        double value = CeaUnits.toUgL(r.value(), r.unit());
        boolean labUln = r.referenceHigh() != null && r.referenceHigh() > 0 && Double.isFinite(r.referenceHigh());
        double uln = labUln ? CeaUnits.toUgL(r.referenceHigh(), r.unit()) : config.defaultUlnUgL();
        return new CeaPoint(r.resultId(), r.collectedAt(), value, r.isCensoredBelow(), r.comparator(), uln, labUln,
                normaliseMethod(r.method()));
    }

    /** Methods are compared trimmed and case-insensitively; a blank method is a missing method. */
    static String normaliseMethod(String method) {
        if (method == null || method.isBlank()) {
            return null;
        }
        return method.trim().toUpperCase(Locale.ROOT);
    }
}
