package org.dlmwatch.rules.cea;

import java.time.Instant;

import org.dlmwatch.rules.alert.AlertTexts;
import org.dlmwatch.rules.alert.Evidence;
import org.dlmwatch.rules.alert.EvidenceKind;
import org.dlmwatch.rules.validation.CeaUnits;

/**
 * One eligible CEA value in the series, normalised to ug/L.
 *
 * @param value the value in ug/L; for a censored result ({@code <0.5}) the limit, as §2.2 says
 * @param censored "<" or "<=": the true value is at or below {@code value}
 * @param uln the upper limit of normal for this value, in ug/L: the lab's reference high converted
 *     with the result's unit, or the configured default (§2.2)
 * @param ulnFromLab true when {@code uln} came from the lab's reference range
 * @param method normalised assay method, null when the lab did not say
 */
public record CeaPoint(
        String resultId,
        Instant at,
        double value,
        boolean censored,
        String comparator,
        double uln,
        boolean ulnFromLab,
        String method) {

    /** Tolerance for comparing ug/L values that went through a unit conversion. */
    static final double EPS = 1e-9;

    /**
     * "Above ULN" is strictly above (§2.2). A censored value ({@code <10}) is never above ULN: all we
     * know is that the true value is below its limit, and the spec says never to guess.
     */
    public boolean aboveUln() {
        return !censored && value > uln + EPS;
    }

    /** This value as alert evidence. */
    public Evidence evidence(String note) {
        String shown = censored ? comparator + AlertTexts.num(value) : AlertTexts.num(value);
        String ulnNote = "ULN " + AlertTexts.num(uln) + (ulnFromLab ? " (lab)" : " (default)");
        String text = note == null ? "CEA " + shown + " ug/L; " + ulnNote : note + "; CEA " + shown + " ug/L; " + ulnNote;
        return new Evidence(EvidenceKind.LAB_RESULT, resultId, at, value, CeaUnits.UG_PER_L, null, null, null, text);
    }
}
