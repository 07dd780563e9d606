package org.dlmwatch.rules.alert;

/**
 * Alert types of the contract with the severity clinical-spec §3 gives each of them.
 */
public enum AlertType {
    /** §3.2 (high). */
    DLM_REAPPEARANCE(Severity.HIGH, false),
    /** §3.2 (high). */
    NEW_LIVER_LESION(Severity.HIGH, false),
    /** §3.2 (medium); a request alert. */
    LESION_EQUIVOCAL(Severity.MEDIUM, true),
    /** §3.2 (low, advisory, at enrollment). */
    DLM_NOT_HBP_CONFIRMED(Severity.LOW, false),
    /** §3.1 (low); a request alert. */
    CEA_REPEAT_REQUESTED(Severity.LOW, true),
    /** §3.1 (high). */
    CEA_ELEVATED_CONFIRMED(Severity.HIGH, false),
    /** §3.1 (high). */
    CEA_RISE_ABOVE_BASELINE(Severity.HIGH, false),
    /** §3.1 (high). */
    CEA_CONSECUTIVE_RISE(Severity.HIGH, false),
    /** §3.1 (medium, supporting). */
    CEA_SHORT_DOUBLING_TIME(Severity.MEDIUM, false),
    /** §3.3 (critical). */
    RESCUE_EVALUATION(Severity.CRITICAL, false),
    /** §3.4 (medium); a request alert. */
    SURVEILLANCE_OVERDUE(Severity.MEDIUM, true);

    private final Severity severity;
    private final boolean request;

    AlertType(Severity severity, boolean request) {
        this.severity = severity;
        this.request = request;
    }

    public Severity severity() {
        return severity;
    }

    /** "a request alert (CEA_REPEAT_REQUESTED, LESION_EQUIVOCAL, SURVEILLANCE_OVERDUE) becomes FULFILLED". */
    public boolean isRequest() {
        return request;
    }

    /** A high CEA alert in the sense of §3.3 RESCUE_EVALUATION. */
    public boolean isHighCea() {
        return severity == Severity.HIGH && name().startsWith("CEA_");
    }

    /** A high imaging alert in the sense of §3.3 RESCUE_EVALUATION. */
    public boolean isHighImaging() {
        return this == DLM_REAPPEARANCE || this == NEW_LIVER_LESION;
    }

    /** Alerts about CEA: they carry the context flags (§3.1). */
    public boolean isCea() {
        return name().startsWith("CEA_");
    }
}
