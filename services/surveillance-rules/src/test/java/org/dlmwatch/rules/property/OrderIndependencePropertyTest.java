package org.dlmwatch.rules.property;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.StatisticsReport;

import org.dlmwatch.rules.RuleConfig;
import org.dlmwatch.rules.SurveillanceRules;
import org.dlmwatch.rules.alert.Alert;
import org.dlmwatch.rules.alert.AlertStatus;
import org.dlmwatch.rules.history.PatientHistory;
import org.dlmwatch.rules.lifecycle.PatientSurveillance;
import org.dlmwatch.rules.model.ClinicalEvent;
import org.dlmwatch.rules.model.DlmLesion;
import org.dlmwatch.rules.model.EndReason;
import org.dlmwatch.rules.model.Enrollment;
import org.dlmwatch.rules.model.EnrollmentStatus;
import org.dlmwatch.rules.model.FindingStatus;
import org.dlmwatch.rules.model.ImagingReport;
import org.dlmwatch.rules.model.LabResult;
import org.dlmwatch.rules.model.LesionFinding;
import org.dlmwatch.rules.model.Modality;
import org.dlmwatch.rules.model.ReportStatus;
import org.dlmwatch.rules.model.ResultStatus;
import org.dlmwatch.rules.model.Segment;
import org.dlmwatch.rules.replay.Replay;

/**
 * Clinical-spec §3: "Delivering the same events in any order ends in the same RAISED and FULFILLED
 * alerts, with the same ids (an arrival order can add RETRACTED alerts on the way; overdue checks
 * depend on the clock, see 3.4)."
 *
 * <p>What is truly order-independent: the final set of (alert id, status) over the alerts that are not
 * RETRACTED, given the same final clock. In a replay the final clock is the as-of time (or the latest
 * clinical time, which is the same whatever the order), so this holds for every alert type, overdue
 * included. RETRACTED alerts are not compared: which wrong intermediate states an order passes through
 * is exactly what depends on it. The histories mix CEA values in every accepted unit, censored values,
 * assay changes, corrections, cancellations, duplicate deliveries, amended and cancelled reports,
 * ambiguous segments and an enrollment that may end (also after year 5); a quarter of them run from year
 * 5 into years 6-8, where an ACTIVE enrollment still alerts (§2.1) but nothing is overdue (§3.4).
 */
class OrderIndependencePropertyTest {

    private static final RuleConfig CONFIG = RuleConfig.defaults();
    private static final LocalDate ENROLLED = LocalDate.parse("2025-01-10");
    private static final Instant AS_OF = Instant.parse("2028-06-01T00:00:00Z");
    private static final Instant PROGRAMME_END = Instant.parse("2030-01-10T00:00:00Z");
    private static final String[] UNITS = {"ng/mL", "ug/L", "µg/L", "mcg/L", "ng/L", "mg/L"};
    private static final double[] UNIT_FACTOR = {1, 1, 1, 1, 1000, 0.001};
    private static final String[] METHODS = {null, "Roche Elecsys", "Abbott Architect"};
    private static final String[] SEGMENTS = {"VII", "VIII", "IVa", "IVb", "IV", "II", "V"};

    @Property(tries = 150)
    @StatisticsReport(StatisticsReport.StatisticsReportMode.OFF) // coverage is still checked, just not printed
    void anyArrivalOrderEndsInTheSameRaisedAndFulfilledAlerts(@ForAll("histories") List<ClinicalEvent> events,
            @ForAll long seed) {
        List<ClinicalEvent> shuffled = shuffled(events, seed);
        List<Alert> inShuffledOrder = Replay.run(shuffled, asOf(events), CONFIG).alerts();
        assertThat(standing(inShuffledOrder)).isEqualTo(standing(Replay.run(events, asOf(events), CONFIG).alerts()));
        collectCoverage(inShuffledOrder);
    }

    /** Guards the generator: the property is only worth something if the histories raise real alerts. */
    private static void collectCoverage(List<Alert> alerts) {
        java.util.EnumSet<org.dlmwatch.rules.alert.AlertType> types = java.util.EnumSet.noneOf(
                org.dlmwatch.rules.alert.AlertType.class);
        boolean retracted = false;
        for (Alert a : alerts) {
            if (a.status() == AlertStatus.RETRACTED) {
                retracted = true;
            } else {
                types.add(a.type());
            }
        }
        boolean highCea = types.stream().anyMatch(org.dlmwatch.rules.alert.AlertType::isHighCea);
        boolean highImaging = types.stream().anyMatch(org.dlmwatch.rules.alert.AlertType::isHighImaging);
        boolean rescue = types.contains(org.dlmwatch.rules.alert.AlertType.RESCUE_EVALUATION);
        boolean finalRetraction = retracted;
        boolean afterYearFive = alerts.stream().anyMatch(a -> a.status() != AlertStatus.RETRACTED
                && a.type() != org.dlmwatch.rules.alert.AlertType.SURVEILLANCE_OVERDUE
                && !a.eventTime().isBefore(PROGRAMME_END));
        boolean overdueAfterYearFive = alerts.stream().anyMatch(a -> a.status() != AlertStatus.RETRACTED
                && a.type() == org.dlmwatch.rules.alert.AlertType.SURVEILLANCE_OVERDUE
                && !a.eventTime().isBefore(PROGRAMME_END));
        assertThat(overdueAfterYearFive).as("no overdue alert after year 5 (§3.4)").isFalse();
        net.jqwik.api.statistics.Statistics.label("high CEA").collect(highCea);
        net.jqwik.api.statistics.Statistics.label("high imaging").collect(highImaging);
        net.jqwik.api.statistics.Statistics.label("rescue").collect(rescue);
        net.jqwik.api.statistics.Statistics.label("retraction on the way").collect(finalRetraction);
        net.jqwik.api.statistics.Statistics.label("alert after year 5").collect(afterYearFive);
        net.jqwik.api.statistics.Statistics.label("high CEA").coverage(c -> c.check(true).percentage(p -> p > 20));
        net.jqwik.api.statistics.Statistics.label("high imaging").coverage(c -> c.check(true).percentage(p -> p > 20));
        net.jqwik.api.statistics.Statistics.label("rescue").coverage(c -> c.check(true).percentage(p -> p > 3));
        net.jqwik.api.statistics.Statistics.label("retraction on the way").coverage(c -> c.check(true).percentage(p -> p > 10));
        net.jqwik.api.statistics.Statistics.label("alert after year 5").coverage(c -> c.check(true).percentage(p -> p > 5));
    }

    @Property(tries = 100)
    void withoutAsOfTheFinalClockIsTheLatestClinicalTimeWhateverTheOrder(
            @ForAll("histories") List<ClinicalEvent> events, @ForAll long seed) {
        assertThat(standing(Replay.run(shuffled(events, seed), null, CONFIG).alerts()))
                .isEqualTo(standing(Replay.run(events, null, CONFIG).alerts()));
    }

    /**
     * A patient kept in memory between events reuses the rule families whose inputs did not change
     * since its previous evaluation; a patient restored from its stored state at every event (as after
     * a restart) evaluates everything afresh. Both must emit the same changes at every step.
     */
    @Property(tries = 100)
    void aPatientKeptInMemoryEmitsWhatAPatientRestoredAtEveryEventEmits(
            @ForAll("histories") List<ClinicalEvent> events, @ForAll long seed) {
        SurveillanceRules rules = new SurveillanceRules(CONFIG);
        PatientSurveillance kept = PatientSurveillance.create("P1", rules);
        PatientSurveillance restored = PatientSurveillance.create("P1", rules);
        Instant clock = Instant.EPOCH;
        for (ClinicalEvent e : shuffled(events, seed)) {
            clock = e.clinicalTime().isAfter(clock) ? e.clinicalTime() : clock;
            restored = PatientSurveillance.fromState(restored.state(), rules);
            assertThat(versions(kept.onEvent(e, clock))).isEqualTo(versions(restored.onEvent(e, clock)));
        }
        restored = PatientSurveillance.fromState(restored.state(), rules);
        assertThat(versions(kept.onClock(asOf(events)))).isEqualTo(versions(restored.onClock(asOf(events))));
        assertThat(kept.state()).isEqualTo(restored.state());
    }

    private static List<String> versions(List<Alert> changes) {
        return changes.stream().map(a -> a.alertId() + " " + a.status() + " " + a.fingerprint()).toList();
    }

    /** The emitted end state is exactly the rules' evaluation of the corrected history: nothing sticks. */
    @Property(tries = 100)
    void theEmittedEndStateIsTheEvaluationOfTheCorrectedHistory(@ForAll("histories") List<ClinicalEvent> events,
            @ForAll long seed) {
        List<ClinicalEvent> shuffled = shuffled(events, seed);
        PatientHistory history = new PatientHistory("P1", CONFIG);
        for (ClinicalEvent e : shuffled) {
            if (e instanceof Enrollment en) {
                history.apply(en);
            } else if (e instanceof LabResult r) {
                history.apply(r);
            } else {
                history.apply((ImagingReport) e);
            }
        }
        Set<String> evaluated = new TreeSet<>();
        for (Alert a : new SurveillanceRules(CONFIG).evaluate(history, asOf(events))) {
            evaluated.add(a.alertId() + " " + a.status());
        }
        assertThat(standing(Replay.run(shuffled, asOf(events), CONFIG).alerts())).isEqualTo(evaluated);
    }

    /**
     * The as-of time: {@link #AS_OF}, or the latest clinical time when the history runs past it (a replay
     * never judges before its latest clinical time, so the evaluation must use the same clock).
     */
    private static Instant asOf(List<ClinicalEvent> events) {
        Instant latest = AS_OF;
        for (ClinicalEvent e : events) {
            if (e.clinicalTime().isAfter(latest)) {
                latest = e.clinicalTime();
            }
        }
        return latest;
    }

    private static Set<String> standing(List<Alert> alerts) {
        Set<String> out = new TreeSet<>();
        for (Alert a : alerts) {
            if (a.status() != AlertStatus.RETRACTED) {
                out.add(a.alertId() + " " + a.status());
            }
        }
        return out;
    }

    private static List<ClinicalEvent> shuffled(List<ClinicalEvent> events, long seed) {
        List<ClinicalEvent> copy = new ArrayList<>(events);
        Collections.shuffle(copy, new Random(seed));
        return copy;
    }

    // ---- generators ---------------------------------------------------------------------------------------

    record CeaSpec(int gapDays, double value, int unit, boolean censored, int method, int fix, double fixValue,
            int fixDelayDays) {
    }

    record FindingSpec(String segment, FindingStatus status, String trackingId, double size) {
    }

    record ReportSpec(int gapDays, Modality modality, List<FindingSpec> findings, int fix,
            List<FindingSpec> amended, int fixDelayDays) {
    }

    /**
     * @param endAfterDays 0 (ACTIVE) or days from the first result and report to the end of the enrollment
     * @param startAfterDays days from enrollment to the first result and report: 0, or about 4.7 years (then
     *     an end falls in year 5 or 6, after the 5-year schedule)
     */
    record EnrollmentSpec(List<String> lesionSegments, List<Modality> establishedBy, boolean recentChemo,
            boolean smoker, int endAfterDays, int startAfterDays) {
    }

    @Provide
    Arbitrary<List<ClinicalEvent>> histories() {
        Arbitrary<CeaSpec> cea = Combinators.combine(
                Arbitraries.integers().between(7, 75),
                Arbitraries.doubles().between(0.3, 30).ofScale(1),
                Arbitraries.integers().between(0, UNITS.length - 1),
                Arbitraries.of(false, false, false, false, true),
                Arbitraries.of(0, 0, 0, 1, 2),
                Arbitraries.of(0, 0, 0, 0, 0, 1, 2, 3),
                Arbitraries.doubles().between(0.3, 30).ofScale(1),
                Arbitraries.integers().between(1, 40)).as(CeaSpec::new);
        Arbitrary<FindingSpec> finding = Combinators.combine(
                Arbitraries.of(SEGMENTS),
                Arbitraries.of(FindingStatus.ABSENT, FindingStatus.ABSENT, FindingStatus.PRESENT, FindingStatus.EQUIVOCAL),
                Arbitraries.of("", "", "L1", "L2", "N1"),
                Arbitraries.doubles().between(3, 20).ofScale(0)).as(FindingSpec::new);
        Arbitrary<ReportSpec> report = Combinators.combine(
                Arbitraries.integers().between(20, 150),
                Arbitraries.of(Modality.MRI_HBP_DWI, Modality.MRI_HBP_DWI, Modality.MRI_HBP, Modality.CT, Modality.PET_CT),
                finding.list().ofMaxSize(2),
                Arbitraries.of(0, 0, 0, 1, 2),
                finding.list().ofMaxSize(2),
                Arbitraries.integers().between(1, 20)).as(ReportSpec::new);
        Arbitrary<EnrollmentSpec> enrollment = Combinators.combine(
                Arbitraries.of(SEGMENTS).list().ofMinSize(1).ofMaxSize(3),
                Arbitraries.of(Modality.MRI_HBP_DWI, Modality.MRI_HBP, Modality.CT).list().ofSize(3),
                Arbitraries.of(false, true),
                Arbitraries.of(false, true),
                Arbitraries.of(0, 0, 0, 200, 500),
                Arbitraries.of(0, 0, 0, 1700)).as(EnrollmentSpec::new);
        return Combinators.combine(enrollment, cea.list().ofMinSize(2).ofMaxSize(14), report.list().ofMaxSize(5))
                .as(OrderIndependencePropertyTest::materialise);
    }

    private static List<ClinicalEvent> materialise(EnrollmentSpec es, List<CeaSpec> ceas, List<ReportSpec> reports) {
        List<ClinicalEvent> events = new ArrayList<>();
        List<DlmLesion> lesions = new ArrayList<>();
        for (int i = 0; i < es.lesionSegments().size(); i++) {
            lesions.add(new DlmLesion("L" + (i + 1), Segment.parse(es.lesionSegments().get(i)), 12.0,
                    LocalDate.parse("2024-12-20"), es.establishedBy().get(i)));
        }
        Instant enrolledAt = Instant.parse("2025-01-10T12:00:00Z");
        Enrollment active = new Enrollment("P1", ENROLLED,
                es.recentChemo() ? LocalDate.parse("2025-01-05") : LocalDate.parse("2024-11-15"), lesions, es.smoker(),
                false, EnrollmentStatus.ACTIVE, null, enrolledAt);
        events.add(active);
        if (es.endAfterDays() > 0) {
            events.add(new Enrollment("P1", ENROLLED, active.lastChemoDoseOn(), lesions, es.smoker(), false,
                    EnrollmentStatus.ENDED, EndReason.RESECTED,
                    enrolledAt.plus(Duration.ofDays(es.startAfterDays() + es.endAfterDays()))));
        }
        Instant at = Instant.parse("2025-01-12T08:00:00Z").plus(Duration.ofDays(es.startAfterDays()));
        for (int i = 0; i < ceas.size(); i++) {
            CeaSpec c = ceas.get(i);
            at = at.plus(Duration.ofDays(c.gapDays()));
            String id = "R" + (i + 1);
            LabResult first = lab(id, at, c.censored() ? 0.5 : c.value(), c.unit(), c.censored(), METHODS[c.method()],
                    ResultStatus.FINAL, at.plus(Duration.ofHours(6)));
            events.add(first);
            Instant later = at.plus(Duration.ofDays(c.fixDelayDays()));
            switch (c.fix()) {
                case 1 -> events.add(lab(id, at, c.fixValue(), c.unit(), false, METHODS[c.method()],
                        ResultStatus.CORRECTED, later));
                case 2 -> events.add(new LabResult(id, "P1", "2039-6", null, null, null, null, ResultStatus.CANCELLED, at,
                        later, null, null, "lab-a"));
                case 3 -> events.add(first); // delivered twice
                default -> { }
            }
        }
        Instant study = Instant.parse("2025-01-20T10:00:00Z").plus(Duration.ofDays(es.startAfterDays()));
        for (int i = 0; i < reports.size(); i++) {
            ReportSpec r = reports.get(i);
            study = study.plus(Duration.ofDays(r.gapDays()));
            String id = "I" + (i + 1);
            events.add(new ImagingReport(id, "P1", study, r.modality(), ReportStatus.FINAL, findings(r.findings()),
                    study.plus(Duration.ofHours(6)), "ris-a"));
            Instant later = study.plus(Duration.ofDays(r.fixDelayDays()));
            if (r.fix() == 1) {
                events.add(new ImagingReport(id, "P1", study, r.modality(), ReportStatus.AMENDED, findings(r.amended()),
                        later, "ris-a"));
            } else if (r.fix() == 2) {
                events.add(new ImagingReport(id, "P1", study, r.modality(), ReportStatus.CANCELLED, List.of(), later,
                        "ris-a"));
            }
        }
        return events;
    }

    private static LabResult lab(String id, Instant at, double ugL, int unit, boolean censored, String method,
            ResultStatus status, Instant resulted) {
        return new LabResult(id, "P1", "2039-6", ugL * UNIT_FACTOR[unit], censored ? "<" : null, UNITS[unit], null, status,
                at, resulted, method, null, "lab-a");
    }

    private static List<LesionFinding> findings(List<FindingSpec> specs) {
        List<LesionFinding> out = new ArrayList<>();
        for (FindingSpec f : specs) {
            out.add(new LesionFinding(f.trackingId().isEmpty() ? null : f.trackingId(), Segment.parse(f.segment()),
                    f.size(), f.status()));
        }
        return out;
    }
}
