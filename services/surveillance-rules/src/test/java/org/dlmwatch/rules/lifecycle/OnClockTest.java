package org.dlmwatch.rules.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.statistics.Statistics;
import net.jqwik.api.statistics.StatisticsReport;

import org.dlmwatch.rules.Fx;
import org.dlmwatch.rules.RuleConfig;
import org.dlmwatch.rules.SurveillanceRules;
import org.dlmwatch.rules.alert.Alert;
import org.dlmwatch.rules.alert.AlertStatus;
import org.dlmwatch.rules.alert.AlertType;
import org.dlmwatch.rules.history.PatientHistory;
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
import org.junit.jupiter.api.Test;

/**
 * {@link PatientSurveillance#onClock}: the engine's wall-clock punctuation restores every patient from its
 * stored state and calls it. Its result must be exactly what a full re-evaluation of the stored history at
 * the new clock, compared with the stored memory of emitted alerts, gives, also when that memory was not
 * written by these rules (half the random states miss one emitted alert). That is why onClock does not
 * return early when no overdue due date lies between the previous clock and the new one: the stored
 * memory may have been written by earlier rules or another configuration, and the punctuation is what
 * brings such a change to a patient who sends no new event (see the two unit tests below).
 */
class OnClockTest {

    private static final SurveillanceRules RULES = new SurveillanceRules(RuleConfig.defaults());
    private static final LocalDate ENROLLED = LocalDate.parse("2025-01-10");

    @Property(tries = 200)
    @StatisticsReport(StatisticsReport.StatisticsReportMode.OFF) // coverage is still checked, just not printed
    void onClockEqualsAFullReEvaluationForRandomClocks(@ForAll long seed) {
        Random rnd = new Random(seed);
        PatientSurveillance live = PatientSurveillance.create("P1", RULES);
        for (ClinicalEvent e : randomHistory(rnd)) {
            live.onEvent(e, e.clinicalTime().plus(Duration.ofHours(rnd.nextInt(48))));
        }
        PatientState stored = live.state(); // what the engine's store holds
        if (rnd.nextBoolean() && !stored.emitted().isEmpty()) {
            // a memory written by earlier rules or thresholds: one alert was never emitted
            List<EmittedAlert> memory = new ArrayList<>(stored.emitted());
            memory.remove(rnd.nextInt(memory.size()));
            stored = new PatientState(stored.patientId(), stored.enrollment(), stored.labResults(), stored.reports(),
                    memory, stored.clock());
            live = PatientSurveillance.fromState(stored, RULES);
        }
        // start a little before the stored clock (a tick that does not move it), then mostly forward
        Instant clock = stored.clock().minus(Duration.ofDays(rnd.nextInt(60)));
        boolean changed = false;
        for (int i = 0; i < 8; i++) {
            // by minutes, by days, by up to three years, or back
            long step = switch (rnd.nextInt(4)) {
                case 0 -> rnd.nextInt(120) * 60L;
                case 1 -> rnd.nextInt(120) * 86_400L;
                case 2 -> rnd.nextInt(3 * 365) * 86_400L;
                default -> -rnd.nextInt(60) * 86_400L;
            };
            clock = clock.plusSeconds(step);

            List<Alert> expected = fullReEvaluation(stored, clock);
            // the engine's path: restore, onClock, store only when something changed
            PatientSurveillance restored = PatientSurveillance.fromState(stored, RULES);
            List<Alert> changes = restored.onClock(clock);
            assertThat(keys(changes)).as("restored onClock at %s", clock).isEqualTo(keys(expected));
            changed |= !changes.isEmpty();
            // the live path of a replay
            assertThat(keys(live.onClock(clock))).as("live onClock at %s", clock).isEqualTo(keys(expected));
            if (!changes.isEmpty()) {
                stored = restored.state();
            }
            assertThat(restored.state().emitted()).isEqualTo(live.state().emitted());
        }
        // guards the generator: the ticks must really change something in many histories
        Statistics.label("a clock tick changed something").collect(changed);
        Statistics.label("a clock tick changed something").coverage(c -> c.check(true).percentage(p -> p > 40));
    }

    @Test
    void aStateStoredByEarlierRulesGetsItsAlertAtTheNextClockTick() {
        // The rules before this version admitted no alert after year 5: a reappearance at year 5.5 was
        // stored in the history and nothing was emitted. The next punctuation, one hour later and with no
        // overdue due date in between, must raise it.
        PatientSurveillance p = PatientSurveillance.create("P1", RULES);
        p.onEnrollment(Fx.enrollment(), Fx.t("2025-01-10T12:00:00Z"));
        ImagingReport late = Fx.mri("I1", "2030-07-10", Fx.present("VII", "L1", 7.0));
        p.onImagingReport(late, late.studyAt());
        PatientState now = p.state();
        assertThat(now.emitted()).extracting(EmittedAlert::type).contains(AlertType.DLM_REAPPEARANCE);
        PatientState storedByEarlierRules = new PatientState(now.patientId(), now.enrollment(), now.labResults(),
                now.reports(), now.emitted().stream().filter(e -> e.type() != AlertType.DLM_REAPPEARANCE).toList(),
                now.clock());

        List<Alert> changes = PatientSurveillance.fromState(storedByEarlierRules, RULES)
                .onClock(now.clock().plus(Duration.ofHours(1)));
        assertThat(changes).extracting(Alert::type, Alert::status)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(AlertType.DLM_REAPPEARANCE, AlertStatus.RAISED));
    }

    @Test
    void aChangedThresholdTakesEffectAtTheNextClockTick() {
        PatientSurveillance p = PatientSurveillance.create("P1", RULES);
        p.onEnrollment(Fx.enrollment(), Fx.t("2025-01-10T12:00:00Z"));
        for (LabResult r : List.of(Fx.cea("C1", "2025-02-10", 1.0).build(), Fx.cea("C2", "2025-03-10", 7.0).build())) {
            p.onLabResult(r, r.collectedAt());
        }
        assertThat(p.state().emitted()).extracting(EmittedAlert::type).doesNotContain(AlertType.CEA_RISE_ABOVE_BASELINE);

        RuleConfig lower = RuleConfig.defaults().withEnvironment(Map.of("DLMWATCH_CEA_RISE_ABOVE_BASELINE_UGL", "5"));
        List<Alert> changes = PatientSurveillance.fromState(p.state(), lower).onClock(Fx.t("2025-03-10T09:00:00Z"));
        assertThat(changes).extracting(Alert::type).contains(AlertType.CEA_RISE_ABOVE_BASELINE);
    }

    // ---- reference ----------------------------------------------------------------------------------------

    /**
     * The specification of onClock written out independently: a clock that does not move past the stored
     * one changes nothing (the clock never goes back); otherwise evaluate the stored history at the new
     * clock, and every alert that is new or whose status or content differs from the memory is a change,
     * and every remembered alert (not already RETRACTED) that no longer exists is RETRACTED.
     */
    private static List<Alert> fullReEvaluation(PatientState state, Instant clock) {
        if (state.clock() != null && !clock.isAfter(state.clock())) {
            return List.of();
        }
        Instant at = clock;
        PatientHistory history = PatientHistory.restore(state.patientId(), RULES.config(), state.enrollment(),
                state.labResults(), state.reports());
        Map<String, EmittedAlert> memory = new HashMap<>();
        state.emitted().forEach(e -> memory.put(e.alertId(), e));
        List<Alert> changes = new ArrayList<>();
        Set<String> present = new HashSet<>();
        for (Alert a : RULES.evaluate(history, at)) {
            present.add(a.alertId());
            EmittedAlert before = memory.get(a.alertId());
            if (before == null || before.status() != a.status() || !before.fingerprint().equals(a.fingerprint())) {
                changes.add(a);
            }
        }
        for (EmittedAlert before : memory.values()) {
            if (before.status() != AlertStatus.RETRACTED && !present.contains(before.alertId())) {
                changes.add(new Alert(before.alertId(), state.patientId(), before.type(), before.type().severity(),
                        AlertStatus.RETRACTED, before.lesionIds(), "", "", List.of(), before.ruleId(), Map.of(),
                        List.of(), before.eventTime()));
            }
        }
        return changes;
    }

    /** Id, status and, unless RETRACTED (whose text the reference does not rebuild), the content. */
    private static Set<String> keys(List<Alert> alerts) {
        Set<String> out = new java.util.TreeSet<>();
        for (Alert a : alerts) {
            out.add(a.alertId() + " " + a.status() + (a.status() == AlertStatus.RETRACTED ? "" : " " + a.fingerprint()));
        }
        return out;
    }

    // ---- random histories -------------------------------------------------------------------------------

    /**
     * An enrollment (sometimes ended, also after year 5), CEA values and liver reports at irregular
     * intervals over up to eight years, with corrections and cancellations, in clinical-time order.
     */
    private static List<ClinicalEvent> randomHistory(Random rnd) {
        List<ClinicalEvent> events = new ArrayList<>();
        Instant enrolledAt = Instant.parse("2025-01-10T12:00:00Z");
        List<DlmLesion> lesions = List.of(
                new DlmLesion("L1", Segment.parse("VII"), 12.0, LocalDate.parse("2024-12-20"), Modality.MRI_HBP_DWI),
                new DlmLesion("L2", Segment.parse("IVa"), 9.0, LocalDate.parse("2024-12-20"), Modality.CT));
        Enrollment active = new Enrollment("P1", ENROLLED, LocalDate.parse("2024-11-15"), lesions, rnd.nextBoolean(),
                false, EnrollmentStatus.ACTIVE, null, enrolledAt);
        events.add(active);
        int endAfterDays = new int[] {0, 0, 0, 400, 1900}[rnd.nextInt(5)];
        if (endAfterDays > 0) {
            events.add(new Enrollment("P1", ENROLLED, active.lastChemoDoseOn(), lesions, active.smoker(), false,
                    EnrollmentStatus.ENDED, EndReason.WITHDRAWN, enrolledAt.plus(Duration.ofDays(endAfterDays))));
        }
        Instant at = Instant.parse("2025-01-12T08:00:00Z").plus(Duration.ofDays(rnd.nextInt(4) == 0 ? 1600L : 0L));
        int n = 2 + rnd.nextInt(14);
        for (int i = 0; i < n; i++) {
            at = at.plus(Duration.ofDays(20 + rnd.nextInt(200)));
            double v = Math.round((0.5 + rnd.nextDouble() * (rnd.nextInt(4) == 0 ? 25 : 5)) * 10) / 10.0;
            LabResult r = new LabResult("R" + i, "P1", "2039-6", v, null, "ng/mL", null, ResultStatus.FINAL, at,
                    at.plus(Duration.ofHours(6)), null, null, "lab-a");
            events.add(r);
            if (rnd.nextInt(6) == 0) {
                events.add(new LabResult("R" + i, "P1", "2039-6", null, null, null, null, ResultStatus.CANCELLED, at,
                        at.plus(Duration.ofDays(3)), null, null, "lab-a"));
            }
        }
        Instant study = Instant.parse("2025-01-20T10:00:00Z").plus(Duration.ofDays(rnd.nextInt(4) == 0 ? 1600L : 0L));
        int m = rnd.nextInt(8);
        String[] segments = {"VII", "IVb", "II", "V"};
        FindingStatus[] statuses = {FindingStatus.ABSENT, FindingStatus.ABSENT, FindingStatus.PRESENT, FindingStatus.EQUIVOCAL};
        for (int i = 0; i < m; i++) {
            study = study.plus(Duration.ofDays(30 + rnd.nextInt(250)));
            List<LesionFinding> findings = new ArrayList<>();
            for (int f = rnd.nextInt(3); f > 0; f--) {
                findings.add(new LesionFinding(null, Segment.parse(segments[rnd.nextInt(segments.length)]), 8.0,
                        statuses[rnd.nextInt(statuses.length)]));
            }
            Modality modality = rnd.nextInt(4) == 0 ? Modality.CT : Modality.MRI_HBP_DWI;
            events.add(new ImagingReport("I" + i, "P1", study, modality, ReportStatus.FINAL, findings,
                    study.plus(Duration.ofHours(6)), "ris-a"));
            if (rnd.nextInt(6) == 0) {
                events.add(new ImagingReport("I" + i, "P1", study, modality, ReportStatus.CANCELLED, List.of(),
                        study.plus(Duration.ofDays(2)), "ris-a"));
            }
        }
        events.sort(java.util.Comparator.comparing(ClinicalEvent::clinicalTime));
        return events;
    }
}
