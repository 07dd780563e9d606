package org.dlmwatch.rules.validation;

/**
 * Why an input was dead-lettered. The names are stable: they go into {@code DeadLetter.errorCode}.
 */
public enum ErrorCode {
    /** A required field (id, time, status, modality, ...) is missing. */
    MISSING_FIELD,
    /** A final or corrected CEA result has no unit: "An unknown or missing unit is bad input" (§2.2). */
    MISSING_UNIT,
    /** The unit is not a CEA mass-concentration unit we can convert without guessing (§2.2). */
    UNKNOWN_UNIT,
    /** A number is negative, NaN or infinite. */
    INVALID_VALUE,
    /** A final or corrected CEA result has no value. */
    MISSING_VALUE,
    /** The comparator is not one of "<", "<=", ">", ">=". */
    INVALID_COMPARATOR,
    /** A segment is not a Couinaud segment. */
    UNKNOWN_SEGMENT,
    /** Two DLM of one enrollment share a lesion id, so findings could not be matched to one of them. */
    DUPLICATE_LESION_ID,
    /** A timestamp lies more than the tolerated skew after the time of validation. */
    FUTURE_TIMESTAMP,
    /** Set by the engine: the bytes could not be decoded into a record. */
    DESERIALIZATION_FAILED,
    /** Set by the engine: evaluating the rules threw; the input is kept for investigation. */
    RULE_FAILURE
}
