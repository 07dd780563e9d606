package org.dlmwatch.rules;

import java.time.Instant;
import java.time.LocalDate;
import java.time.Period;
import java.time.ZoneOffset;

import org.dlmwatch.rules.model.Enrollment;

/**
 * When a patient can be alerted about, from the enrollment record, and where the surveillance schedule
 * ends.
 *
 * <ul>
 *   <li>Alerts start on the enrollment date (00:00 UTC): nothing alerts before the patient was enrolled.
 *   <li>Alerts stop only when the MDT ends the enrollment, at the ENDED record's {@code updatedAt}: "An
 *       ENDED patient raises no alert for clinical times after the end (the ENDED record's updatedAt);
 *       alerts raised before it stay" (§2.1). While the enrollment is ACTIVE there is no other end:
 *       a reappearing DLM, a new lesion or a rising CEA in year 6 still alerts (see {@link #admits}).
 *   <li>The surveillance <b>schedule</b> lasts {@code programme.lengthYears} (5): "After year 5 the
 *       patient leaves active surveillance; no overdue alerts" (§3.4). That sentence stops the overdue
 *       checks only ({@link #programmeEnd()}, used by {@code SurveillanceOverdueRule}); it does not end
 *       the enrollment, and it does not silence the other rules. Missing a curable recurrence is what
 *       the system exists to prevent, and an ACTIVE enrollment is the MDT's statement that the patient
 *       is still being watched.
 * </ul>
 * All dates are read in UTC.
 */
public final class ProgrammeWindow {

    private final LocalDate enrolledOn;
    private final Instant start;
    private final Instant programmeEnd;
    private final Instant endedAt;

    private ProgrammeWindow(LocalDate enrolledOn, Instant start, Instant programmeEnd, Instant endedAt) {
        this.enrolledOn = enrolledOn;
        this.start = start;
        this.programmeEnd = programmeEnd;
        this.endedAt = endedAt;
    }

    public static ProgrammeWindow of(Enrollment enrollment, RuleConfig config) {
        LocalDate on = enrollment.enrolledOn();
        return new ProgrammeWindow(on, startOfDay(on), startOfDay(on.plusYears(config.programmeLengthYears())),
                enrollment.isEnded() ? enrollment.updatedAt() : null);
    }

    public static Instant startOfDay(LocalDate d) {
        return d.atStartOfDay(ZoneOffset.UTC).toInstant();
    }

    /** Enrollment date, 00:00 UTC. */
    public Instant start() {
        return start;
    }

    /**
     * End of the last year of the surveillance schedule (exclusive): no SURVEILLANCE_OVERDUE alert has a
     * clinical time at or after it (§3.4). It does not limit any other alert.
     */
    public Instant programmeEnd() {
        return programmeEnd;
    }

    /** The ENDED record's updatedAt, or null while the enrollment is ACTIVE. */
    public Instant endedAt() {
        return endedAt;
    }

    /**
     * True when an alert with this clinical time may exist: on or after the enrollment date and, for an
     * ENDED enrollment, not after the end (§2.1). There is deliberately no upper limit for an ACTIVE
     * enrollment: the end of the 5-year schedule only stops overdue alerts ({@link #programmeEnd()}).
     */
    public boolean admits(Instant eventTime) {
        return !eventTime.isBefore(start)
                && (endedAt == null || !eventTime.isAfter(endedAt));
    }

    /** Programme year (1-based) in which {@code t} falls: year 1 is the first 12 months after enrollment. */
    public int programmeYear(Instant t) {
        LocalDate d = LocalDate.ofInstant(t, ZoneOffset.UTC);
        return d.isBefore(enrolledOn) ? 1 : Period.between(enrolledOn, d).getYears() + 1;
    }
}
