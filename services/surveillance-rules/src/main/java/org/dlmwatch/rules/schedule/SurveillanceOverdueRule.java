package org.dlmwatch.rules.schedule;

import java.time.Instant;
import java.time.Period;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import org.dlmwatch.rules.ProgrammeWindow;
import org.dlmwatch.rules.RuleConfig;
import org.dlmwatch.rules.alert.AlertBuilder;
import org.dlmwatch.rules.alert.AlertStatus;
import org.dlmwatch.rules.alert.AlertTexts;
import org.dlmwatch.rules.alert.AlertType;
import org.dlmwatch.rules.alert.Evidence;
import org.dlmwatch.rules.alert.EvidenceKind;

/**
 * <b>SURVEILLANCE_OVERDUE</b> (medium), clinical-spec §3.4: "the next exam of a kind is more than 30
 * days past due, judged against the clock (live) or an explicit as-of time ... The next exam is due one
 * interval after the last exam of that kind, or after enrollment if there was none; the interval is
 * that of the programme year in which the last exam fell. Dead-lettered results are not exams ... One
 * alert per missed exam; FULFILLED when the exam arrives. After year 5 the patient leaves active
 * surveillance; no overdue alerts."
 *
 * <p>Walk: the anchors are the enrollment date and every exam of the kind since, in time order. For
 * each anchor, the next exam is due one interval later (calendar months, UTC). If the following exam
 * came more than the grace after that due date, or has not come and the clock is past due + grace, the
 * exam was missed: one alert, identified by the kind and the anchor, with clinical time due + grace.
 * It is FULFILLED when the following exam exists. An exam that did not come does not create further
 * alerts for later due dates: it is the same missed exam. No alert whose clinical time (due + grace)
 * falls after the end of the programme ({@code programme.lengthYears}).
 *
 * <p>This is the only rule that the programme length limits. "After year 5 the patient leaves active
 * surveillance; no overdue alerts" stops the schedule, not the enrollment: the other rules keep
 * alerting after year 5 while the enrollment is ACTIVE ({@code ProgrammeWindow}).
 */
public final class SurveillanceOverdueRule {

    static final String RULE_ID = "SurveillanceOverdueRule";

    private final RuleConfig config;

    public SurveillanceOverdueRule(RuleConfig config) {
        this.config = config;
    }

    /**
     * @param exams exams of {@code kind} on or after the enrollment date, in time order
     * @param asOf the clock: nothing is overdue until the clock has passed due + grace
     */
    public List<AlertBuilder> evaluate(String patientId, ExamKind kind, List<Exam> exams, ProgrammeWindow window,
            Instant asOf) {
        List<AlertBuilder> out = new ArrayList<>(1);
        if (asOf == null) {
            return out;
        }
        Instant anchorAt = window.start();
        Exam anchor = null; // null: the enrollment
        for (int j = 0; j <= exams.size(); j++) {
            Exam next = j < exams.size() ? exams.get(j) : null;
            int year = window.programmeYear(anchorAt);
            Period interval = config.intervalForProgrammeYear(year);
            Instant due = anchorAt.atZone(ZoneOffset.UTC).plus(interval).toInstant();
            Instant overdueAt = due.plus(config.overdueGrace());
            boolean missed = (next == null || next.at().isAfter(overdueAt)) && asOf.isAfter(overdueAt);
            if (missed && overdueAt.isBefore(window.programmeEnd())) { // §3.4: no overdue after year 5
                out.add(alert(patientId, kind, anchor, anchorAt, due, overdueAt, interval, year, next));
            }
            if (next != null) {
                anchorAt = next.at();
                anchor = next;
            }
        }
        return out;
    }

    private AlertBuilder alert(String patientId, ExamKind kind, Exam anchor, Instant anchorAt, Instant due,
            Instant overdueAt, Period interval, int year, Exam next) {
        String anchorRef = anchor == null ? "enrollment" : anchor.refId();
        String last = anchor == null ? "enrollment on " + AlertTexts.date(anchorAt)
                : "last " + kind.label() + " on " + AlertTexts.date(anchorAt);
        AlertBuilder b = new AlertBuilder(patientId, AlertType.SURVEILLANCE_OVERDUE, kind + ":" + anchorRef, RULE_ID)
                .eventTime(overdueAt)
                .title("Surveillance " + kind.label() + " overdue: due " + AlertTexts.date(due) + " ("
                        + interval.getMonths() + "-monthly in programme year " + year + "; " + last + ")")
                .recommendation(AlertTexts.recommendation(kind.action() + " Surveillance is every "
                        + config.earlyIntervalMonths() + " months in years 1-" + config.earlyPhaseYears()
                        + " and every " + config.lateIntervalMonths() + " months up to year "
                        + config.programmeLengthYears() + " after enrollment."))
                .parameter(RuleConfig.Key.SCHEDULE_EARLY_INTERVAL.property(), Integer.toString(config.earlyIntervalMonths()))
                .parameter(RuleConfig.Key.SCHEDULE_LATE_INTERVAL.property(), Integer.toString(config.lateIntervalMonths()))
                .parameter(RuleConfig.Key.SCHEDULE_EARLY_PHASE.property(), Integer.toString(config.earlyPhaseYears()))
                .parameter(RuleConfig.Key.SCHEDULE_OVERDUE_GRACE.property(), Integer.toString(config.overdueGraceDays()))
                .parameter(RuleConfig.Key.PROGRAMME_LENGTH.property(), Integer.toString(config.programmeLengthYears()))
                .evidence(new Evidence(EvidenceKind.SCHEDULE, kind + ":" + anchorRef, due, null, null, null, null, null,
                        kind.label() + " due " + AlertTexts.date(due) + " after " + last + "; overdue after "
                                + AlertTexts.date(overdueAt)));
        if (anchor != null) {
            b.evidence(anchor.evidence());
        }
        if (next != null) {
            b.status(AlertStatus.FULFILLED).evidence(next.evidence());
        }
        return b;
    }
}
