package org.dlmwatch.rules;

import java.time.Instant;
import java.time.LocalDate;
import java.time.Period;
import java.time.ZoneOffset;

import org.dlmwatch.rules.model.Enrollment;

/**
 * When a patient is under watch-and-wait surveillance, from the enrollment record.
 *
 * <ul>
 *   <li>It starts on the enrollment date (00:00 UTC): nothing alerts before the patient was enrolled.
 *   <li>It lasts {@code programme.lengthYears} (5): "After year 5 the patient leaves active
 *       surveillance" (§3.4). This module applies that to every alert, not only to overdue checks
 *       (README, "Choices").
 *   <li>For an ENDED enrollment it stops at the record's {@code updatedAt}: "An ENDED patient raises
 *       no alert for clinical times after the end (the ENDED record's updatedAt); alerts raised before
 *       it stay" (§2.1).
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

    /** End of the last programme year (exclusive). */
    public Instant programmeEnd() {
        return programmeEnd;
    }

    /** The ENDED record's updatedAt, or null while the enrollment is ACTIVE. */
    public Instant endedAt() {
        return endedAt;
    }

    /** True when an alert with this clinical time may exist. */
    public boolean admits(Instant eventTime) {
        return !eventTime.isBefore(start)
                && eventTime.isBefore(programmeEnd)
                && (endedAt == null || !eventTime.isAfter(endedAt));
    }

    /** Programme year (1-based) in which {@code t} falls: year 1 is the first 12 months after enrollment. */
    public int programmeYear(Instant t) {
        LocalDate d = LocalDate.ofInstant(t, ZoneOffset.UTC);
        return d.isBefore(enrolledOn) ? 1 : Period.between(enrolledOn, d).getYears() + 1;
    }
}
