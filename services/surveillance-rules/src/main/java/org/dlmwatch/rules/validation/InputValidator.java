package org.dlmwatch.rules.validation;

import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Set;

import org.dlmwatch.rules.RuleConfig;
import org.dlmwatch.rules.model.DlmLesion;
import org.dlmwatch.rules.model.Enrollment;
import org.dlmwatch.rules.model.ImagingReport;
import org.dlmwatch.rules.model.LabResult;
import org.dlmwatch.rules.model.LesionFinding;

/**
 * Decides whether an input record can be used or must be dead-lettered. Returns
 * {@link ValidationResult#OK} or the first {@link Rejection} found. Messages name the field and the
 * problem, never the patient's data.
 *
 * <p>Two levels: {@code validate(x)} checks content only and is what {@code PatientSurveillance}
 * applies itself; {@code validate(x, now)} also rejects timestamps more than
 * {@code validation.futureToleranceHours} after {@code now} (the engine passes wall-clock time; a
 * replay of historical files does not).
 *
 * <p>Segments arrive as strings and are parsed before a record exists: see
 * {@link org.dlmwatch.rules.model.Segment#parse(String)} (UNKNOWN_SEGMENT).
 */
public final class InputValidator {

    private final Duration futureTolerance;

    public InputValidator(RuleConfig config) {
        this.futureTolerance = config.futureTolerance();
    }

    // ---- lab results -------------------------------------------------------------------------------

    /**
     * Content checks of a lab result. Only a CEA mass result (2039-6) is checked beyond its ids: the
     * engine drops other codes before validation, and a non-comparable CEA (19166-8, 19167-6) is counted,
     * not dead-lettered (§2.2). Value and unit are required only where they are used, on FINAL and
     * CORRECTED versions.
     */
    public ValidationResult validate(LabResult r) {
        if (blank(r.resultId()) || blank(r.patientId())) {
            return missing("lab result id or patient id is missing");
        }
        if (r.status() == null) {
            return missing("lab result status is missing");
        }
        if (r.collectedAt() == null || r.resultedAt() == null) {
            return missing("lab result collection or result time is missing");
        }
        if (!LabCodes.isCeaMass(r.loinc()) || !r.status().counts()) {
            return ValidationResult.OK;
        }
        if (r.value() == null) {
            return new Rejection(ErrorCode.MISSING_VALUE, "final CEA result has no value");
        }
        if (!Double.isFinite(r.value()) || r.value() < 0) {
            return new Rejection(ErrorCode.INVALID_VALUE, "CEA value is negative or not a finite number");
        }
        if (r.comparator() != null && !isComparator(r.comparator())) {
            return new Rejection(ErrorCode.INVALID_COMPARATOR, "comparator is not one of <, <=, >, >=");
        }
        if (!CeaUnits.isKnown(r.unit())) {
            return CeaUnits.unitRejection(r.unit());
        }
        if (r.referenceHigh() != null && (!Double.isFinite(r.referenceHigh()) || r.referenceHigh() <= 0)) {
            return new Rejection(ErrorCode.INVALID_VALUE, "reference upper limit is not a positive finite number");
        }
        return ValidationResult.OK;
    }

    /** {@link #validate(LabResult)} plus the future-timestamp check against {@code now}. */
    public ValidationResult validate(LabResult r, Instant now) {
        ValidationResult content = validate(r);
        if (!content.isOk()) {
            return content;
        }
        if (inFuture(r.collectedAt(), now) || inFuture(r.resultedAt(), now)) {
            return future("lab result collection or result time");
        }
        return ValidationResult.OK;
    }

    // ---- imaging reports ----------------------------------------------------------------------------

    public ValidationResult validate(ImagingReport r) {
        if (blank(r.reportId()) || blank(r.patientId())) {
            return missing("report id or patient id is missing");
        }
        if (r.studyAt() == null || r.reportedAt() == null) {
            return missing("report study or report time is missing");
        }
        if (r.modality() == null || r.status() == null) {
            return missing("report modality or status is missing");
        }
        for (LesionFinding f : r.findings()) {
            if (f.sizeMm() != null && (!Double.isFinite(f.sizeMm()) || f.sizeMm() < 0)) {
                return new Rejection(ErrorCode.INVALID_VALUE, "finding size is negative or not a finite number");
            }
        }
        return ValidationResult.OK;
    }

    public ValidationResult validate(ImagingReport r, Instant now) {
        ValidationResult content = validate(r);
        if (!content.isOk()) {
            return content;
        }
        if (inFuture(r.studyAt(), now) || inFuture(r.reportedAt(), now)) {
            return future("report study or report time");
        }
        return ValidationResult.OK;
    }

    // ---- enrollments --------------------------------------------------------------------------------

    public ValidationResult validate(Enrollment e) {
        if (blank(e.patientId())) {
            return missing("enrollment patient id is missing");
        }
        if (e.enrolledOn() == null || e.status() == null || e.updatedAt() == null) {
            return missing("enrollment date, status or update time is missing");
        }
        Set<String> ids = new HashSet<>();
        for (DlmLesion l : e.lesions()) {
            if (blank(l.lesionId()) || l.disappearedOn() == null || l.establishedBy() == null) {
                return missing("DLM lesion id, disappearance date or establishing modality is missing");
            }
            if (l.baselineSizeMm() != null && (!Double.isFinite(l.baselineSizeMm()) || l.baselineSizeMm() < 0)) {
                return new Rejection(ErrorCode.INVALID_VALUE, "DLM baseline size is negative or not a finite number");
            }
            if (!ids.add(normalisedLesionId(l.lesionId()))) {
                return new Rejection(ErrorCode.DUPLICATE_LESION_ID, "two DLM of the enrollment share a lesion id");
            }
        }
        return ValidationResult.OK;
    }

    public ValidationResult validate(Enrollment e, Instant now) {
        ValidationResult content = validate(e);
        if (!content.isOk()) {
            return content;
        }
        if (inFuture(e.updatedAt(), now)) {
            return future("enrollment update time");
        }
        return ValidationResult.OK;
    }

    /** Tracking ids are compared trimmed and case-insensitively (see LesionMatcher). */
    public static String normalisedLesionId(String id) {
        return id.trim().toUpperCase(java.util.Locale.ROOT);
    }

    // ---- helpers ------------------------------------------------------------------------------------

    private boolean inFuture(Instant t, Instant now) {
        return now != null && t.isAfter(now.plus(futureTolerance));
    }

    private static boolean isComparator(String c) {
        return "<".equals(c) || "<=".equals(c) || ">".equals(c) || ">=".equals(c);
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }

    private static Rejection missing(String message) {
        return new Rejection(ErrorCode.MISSING_FIELD, message);
    }

    private static Rejection future(String what) {
        return new Rejection(ErrorCode.FUTURE_TIMESTAMP, what + " is later than the tolerated clock skew");
    }
}
