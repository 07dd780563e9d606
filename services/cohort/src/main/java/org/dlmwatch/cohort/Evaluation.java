package org.dlmwatch.cohort;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.BiPredicate;
import org.dlmwatch.events.v1.AlertStatus;
import org.dlmwatch.events.v1.AlertType;
import org.dlmwatch.events.v1.Evidence;
import org.dlmwatch.events.v1.EvidenceKind;
import org.dlmwatch.events.v1.SurveillanceAlert;

/**
 * Scores the final state of surveillance alerts against a cohort's answer key.
 *
 * <p>Only alerts whose final status is RAISED or FULFILLED count (a RETRACTED alert was withdrawn by
 * the system itself), and only with a clinical time ({@code eventTime}) up to the as-of time. For
 * each row: the truths the alert type is judged against, how many of them an alert matched
 * (sensitivity), the alerts of the type that matched no truth at all (false alarms, also per 100
 * patient-years of follow-up), and the detection delay from the truth's reference day to the
 * earliest matching alert's clinical time (median and 90th percentile, nearest rank, in days; an
 * alert that was already standing counts 0).
 *
 * <p>Truths that cannot be judged yet (a regrowth never shown on an MRI before the end of follow-up,
 * an exam that was not overdue before the as-of time) do not enter the sensitivity, but an alert that
 * matches them is still not a false alarm.
 */
public final class Evaluation {

    /** One line of the results table. */
    public record Row(String label, String judgedPer, String delayFrom, int truths, int detected, int alerts,
            int unmatched, double falseAlarmsPer100PatientYears, List<Double> delaysDays) {

        /** Detected / truths, or null when there is nothing to judge. */
        public Double sensitivity() {
            return truths == 0 ? null : (double) detected / truths;
        }

        public Double delayMedianDays() {
            return quantile(delaysDays, 0.5);
        }

        public Double delayP90Days() {
            return quantile(delaysDays, 0.9);
        }
    }

    /** A truth no alert matched. */
    public record Miss(String row, String patientId, String truth, String referenceDay) {}

    /** The evaluation: the as-of time, patient-years of follow-up up to it, the rows and the misses. */
    /**
     * @param rescueOnImagedRecurrence RESCUE_EVALUATION alerts with no matching truth that nevertheless
     *     name a patient whose recurrence was shown on MRI (the CEA half came from noise or a false alarmer)
     */
    public record Result(Instant asOf, double patientYears, List<Row> rows, List<Miss> misses,
            Map<AlertType, int[]> alertCounts, int rescueOnImagedRecurrence) {

        public Row row(String label) {
            return rows.stream().filter(r -> r.label().equals(label)).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("no row " + label));
        }
    }

    public static final String ANY_HIGH_CEA = "any high CEA alert";
    static final Set<AlertType> HIGH_CEA = EnumSet.of(AlertType.CEA_ELEVATED_CONFIRMED,
            AlertType.CEA_RISE_ABOVE_BASELINE, AlertType.CEA_CONSECUTIVE_RISE);
    private static final int OVERDUE_TOLERANCE_DAYS = 7;

    private Evaluation() {}

    /**
     * @param alerts the final state of every alert (one per alert id), e.g. TopologyReplay's result
     * @param asOf the time up to which the cohort is judged (the replay's as-of time)
     */
    public static Result score(AnswerKey key, Collection<SurveillanceAlert> alerts, Instant asOf) {
        LocalDate asOfDay = asOf.atZone(ZoneOffset.UTC).toLocalDate();
        Map<String, AnswerKey.Patient> patients = new HashMap<>();
        double patientYears = 0;
        for (AnswerKey.Patient p : key.patients()) {
            patients.put(p.patientId(), p);
            LocalDate from = LocalDate.parse(p.enrolledOn());
            LocalDate to = min(LocalDate.parse(p.followUpEnd()), asOfDay);
            patientYears += Math.max(0, ChronoUnit.DAYS.between(from, to)) / 365.25;
        }

        Map<AlertType, List<SurveillanceAlert>> byType = new EnumMap<>(AlertType.class);
        Map<AlertType, int[]> counts = new EnumMap<>(AlertType.class);
        for (SurveillanceAlert a : alerts) {
            int[] c = counts.computeIfAbsent(a.getType(), t -> new int[3]);
            c[a.getStatus().ordinal()]++;
            if (a.getStatus() != AlertStatus.RETRACTED && !a.getEventTime().isAfter(asOf)) {
                byType.computeIfAbsent(a.getType(), t -> new ArrayList<>()).add(a);
            }
        }

        List<Row> rows = new ArrayList<>();
        List<Miss> misses = new ArrayList<>();
        double py = patientYears;

        // imaging
        rows.add(judge("DLM_REAPPEARANCE", "regrown DLM shown on MRI", "became visible on MRI",
                key.regrowths(), r -> imaged(r.firstImagedOn(), asOfDay), r -> r.patientId(),
                r -> r.visibleOn(), r -> r.lesionId() + " (segment " + r.segment() + ")",
                of(byType, AlertType.DLM_REAPPEARANCE),
                (r, a) -> a.getLesionIds().contains(r.lesionId()), py, misses));
        rows.add(judge("NEW_LIVER_LESION", "new lesion shown on MRI", "became visible on MRI", key.newLesions(),
                n -> imaged(n.firstImagedOn(), asOfDay), n -> n.patientId(), n -> n.visibleOn(),
                n -> (n.trackingId() == null ? "untracked" : n.trackingId()) + " (segment " + n.segment() + ")",
                of(byType, AlertType.NEW_LIVER_LESION), Evaluation::matchesNewLesion, py, misses));

        // CEA, per recurrence whose CEA rose
        List<AnswerKey.Recurrence> rising = key.recurrences().stream().filter(AnswerKey.Recurrence::ceaRise).toList();
        for (AlertType t : List.of(AlertType.CEA_REPEAT_REQUESTED, AlertType.CEA_ELEVATED_CONFIRMED,
                AlertType.CEA_RISE_ABOVE_BASELINE, AlertType.CEA_CONSECUTIVE_RISE, AlertType.CEA_SHORT_DOUBLING_TIME)) {
            rows.add(judgeCea(t.name(), rising, of(byType, t), asOfDay, py, misses));
        }
        List<SurveillanceAlert> high = new ArrayList<>();
        for (AlertType t : HIGH_CEA) {
            high.addAll(of(byType, t));
        }
        rows.add(judgeCea(ANY_HIGH_CEA, rising, high, asOfDay, py, misses));

        // escalation: a recurrence with both signals
        rows.add(judge("RESCUE_EVALUATION", "recurrence shown on MRI whose CEA rose", "recurrence became visible on MRI",
                rising, r -> imaged(r.firstImagedOn(), asOfDay), r -> r.patientId(), r -> r.visibleOn(),
                r -> "recurrence, CEA rising from " + r.ceaRiseStartOn(), of(byType, AlertType.RESCUE_EVALUATION),
                (r, a) -> !a.getEventTime().isBefore(start(earlier(r.ceaRiseStartOn(), r.visibleOn()))), py, misses));

        // the rest the key can judge
        rows.add(judge("LESION_EQUIVOCAL", "equivocal focus reported", "study", key.equivocalFoci(),
                e -> !LocalDate.parse(e.studyOn()).isAfter(asOfDay), e -> e.patientId(), e -> e.studyOn(),
                e -> e.outcome() + " focus in segment " + e.segment() + " on " + e.reportId(),
                of(byType, AlertType.LESION_EQUIVOCAL),
                (e, a) -> a.getEvidence().stream().anyMatch(ev -> ev.getRefId().equals(e.reportId())), py, misses));
        rows.add(judge("DLM_NOT_HBP_CONFIRMED", "DLM defined without hepatobiliary MRI", "enrollment",
                key.nonHbpLesions(), n -> true, n -> n.patientId(),
                n -> patients.containsKey(n.patientId()) ? patients.get(n.patientId()).enrolledOn() : null,
                n -> n.lesionId() + " (" + n.establishedBy() + ")", of(byType, AlertType.DLM_NOT_HBP_CONFIRMED),
                (n, a) -> a.getLesionIds().contains(n.lesionId()), py, misses));
        rows.add(judge("SURVEILLANCE_OVERDUE", "exam overdue (more than 30 days late)", "overdue from",
                key.overdueExams(), o -> judgeableOverdue(o, patients, asOfDay), o -> o.patientId(),
                o -> o.overdueFrom(), o -> o.kind() + " due " + o.dueOn(),
                of(byType, AlertType.SURVEILLANCE_OVERDUE), Evaluation::matchesOverdue, py, misses));

        int rescueOnImaged = 0;
        for (SurveillanceAlert a : of(byType, AlertType.RESCUE_EVALUATION)) {
            boolean matched = false;
            boolean imaged = false;
            for (AnswerKey.Recurrence r : key.recurrences()) {
                if (r.patientId().equals(a.getPatientId())) {
                    imaged |= r.firstImagedOn() != null;
                    matched |= r.ceaRise()
                            && !a.getEventTime().isBefore(start(earlier(r.ceaRiseStartOn(), r.visibleOn())));
                }
            }
            if (!matched && imaged) {
                rescueOnImaged++;
            }
        }
        return new Result(asOf, patientYears, rows, misses, counts, rescueOnImaged);
    }

    // ---- matching ----

    private static Row judgeCea(String label, List<AnswerKey.Recurrence> rising, List<SurveillanceAlert> alerts,
            LocalDate asOfDay, double py, List<Miss> misses) {
        return judge(label, "recurrence shown on MRI whose CEA rose", "CEA rise start", rising,
                r -> imaged(r.firstImagedOn(), asOfDay), r -> r.patientId(), r -> r.ceaRiseStartOn(),
                r -> "CEA rising from " + r.ceaRiseStartOn() + " (doubling " + r.ceaDoublingTimeDays() + " d)",
                alerts, (r, a) -> !a.getEventTime().isBefore(start(r.ceaRiseStartOn())), py, misses);
    }

    static boolean matchesNewLesion(AnswerKey.NewLesion n, SurveillanceAlert a) {
        if (n.trackingId() != null) {
            return a.getLesionIds().stream().anyMatch(id -> id.trim().equalsIgnoreCase(n.trackingId()));
        }
        if (!a.getLesionIds().isEmpty()) {
            return false;
        }
        for (Evidence e : a.getEvidence()) {
            if (e.getKind() == EvidenceKind.IMAGING_FINDING && e.getSegment() != null
                    && Couinaud.family(e.getSegment()).equals(Couinaud.family(n.segment()))) {
                return true;
            }
        }
        return false;
    }

    static boolean matchesOverdue(AnswerKey.OverdueExam o, SurveillanceAlert a) {
        boolean kind = a.getEvidence().stream().anyMatch(
                e -> e.getKind() == EvidenceKind.SCHEDULE && e.getRefId().startsWith(o.kind() + ":"));
        long apart = Math.abs(ChronoUnit.DAYS.between(LocalDate.parse(o.overdueFrom()),
                a.getEventTime().atZone(ZoneOffset.UTC).toLocalDate()));
        return kind && apart <= OVERDUE_TOLERANCE_DAYS;
    }

    private static boolean judgeableOverdue(AnswerKey.OverdueExam o, Map<String, AnswerKey.Patient> patients,
            LocalDate asOfDay) {
        LocalDate from = LocalDate.parse(o.overdueFrom());
        AnswerKey.Patient p = patients.get(o.patientId());
        LocalDate end = p == null ? asOfDay : min(LocalDate.parse(p.followUpEnd()), asOfDay);
        return from.isBefore(end);
    }

    /**
     * Judges one row: every truth is matched against every alert of the row's type(s) of the same
     * patient; the judged truths give sensitivity and delays, every truth protects its alerts from
     * counting as false alarms.
     */
    private static <T> Row judge(String label, String judgedPer, String delayFrom, List<T> truths,
            java.util.function.Predicate<T> judged, java.util.function.Function<T, String> patientOf,
            java.util.function.Function<T, String> referenceDay, java.util.function.Function<T, String> describe,
            List<SurveillanceAlert> alerts, BiPredicate<T, SurveillanceAlert> matches, double patientYears,
            List<Miss> misses) {
        Map<String, List<SurveillanceAlert>> byPatient = new HashMap<>();
        for (SurveillanceAlert a : alerts) {
            byPatient.computeIfAbsent(a.getPatientId(), p -> new ArrayList<>()).add(a);
        }
        Map<SurveillanceAlert, Boolean> matched = new IdentityHashMap<>();
        int judgedCount = 0;
        int detected = 0;
        List<Double> delays = new ArrayList<>();
        for (T t : truths) {
            Instant earliest = null;
            for (SurveillanceAlert a : byPatient.getOrDefault(patientOf.apply(t), List.of())) {
                if (matches.test(t, a)) {
                    matched.put(a, true);
                    earliest = earliest == null || a.getEventTime().isBefore(earliest) ? a.getEventTime() : earliest;
                }
            }
            if (!judged.test(t)) {
                continue;
            }
            judgedCount++;
            String ref = referenceDay.apply(t);
            if (earliest != null) {
                detected++;
                if (ref != null) {
                    double days = Duration.between(start(ref), earliest).getSeconds() / 86400.0;
                    delays.add(Math.max(0, days));
                }
            } else {
                misses.add(new Miss(label, patientOf.apply(t), describe.apply(t), ref));
            }
        }
        int unmatched = alerts.size() - matched.size();
        double rate = patientYears > 0 ? unmatched * 100.0 / patientYears : 0;
        delays.sort(Double::compare);
        return new Row(label, judgedPer, delayFrom, judgedCount, detected, alerts.size(), unmatched, rate,
                List.copyOf(delays));
    }

    // ---- helpers ----

    /** Nearest-rank quantile of sorted values; null for none. */
    static Double quantile(List<Double> sorted, double q) {
        if (sorted.isEmpty()) {
            return null;
        }
        int rank = (int) Math.ceil(q * sorted.size());
        return sorted.get(Math.max(0, Math.min(sorted.size(), rank) - 1));
    }

    private static List<SurveillanceAlert> of(Map<AlertType, List<SurveillanceAlert>> byType, AlertType t) {
        return byType.getOrDefault(t, List.of());
    }

    private static boolean imaged(String firstImagedOn, LocalDate asOfDay) {
        return firstImagedOn != null && !LocalDate.parse(firstImagedOn).isAfter(asOfDay);
    }

    private static Instant start(String day) {
        return LocalDate.parse(day).atStartOfDay(ZoneOffset.UTC).toInstant();
    }

    private static String earlier(String a, String b) {
        if (a == null) {
            return b;
        }
        if (b == null) {
            return a;
        }
        return LocalDate.parse(a).isBefore(LocalDate.parse(b)) ? a : b;
    }

    private static LocalDate min(LocalDate a, LocalDate b) {
        return a.isBefore(b) ? a : b;
    }

    static String pct(Double v) {
        return v == null ? "n/a" : String.format(Locale.ROOT, "%.1f%%", v * 100);
    }

    static String num(Double v) {
        return v == null ? "n/a" : String.format(Locale.ROOT, "%.1f", v);
    }
}
