package org.dlmwatch.rules.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.dlmwatch.rules.Fx.cea;
import static org.dlmwatch.rules.Fx.enrollment;
import static org.dlmwatch.rules.Fx.mri;
import static org.dlmwatch.rules.Fx.ofType;
import static org.dlmwatch.rules.Fx.report;
import static org.dlmwatch.rules.Fx.t;
import static org.dlmwatch.rules.alert.AlertType.SURVEILLANCE_OVERDUE;

import java.util.ArrayList;
import java.util.List;

import org.dlmwatch.rules.Fx;
import org.dlmwatch.rules.alert.Alert;
import org.dlmwatch.rules.alert.AlertStatus;
import org.dlmwatch.rules.model.Modality;
import org.junit.jupiter.api.Test;

/** Clinical-spec §3.4 SURVEILLANCE_OVERDUE. MRI is studied at 10:00 UTC, CEA drawn at 08:00 UTC. */
class SurveillanceOverdueRuleTest {

    /** Overdue alerts with monthly CEA (so only the MRI can be overdue), judged at {@code asOf}. */
    private static List<Alert> mriOverdue(String asOf, Object... reports) {
        List<Object> events = new ArrayList<>(List.of(enrollment()));
        for (int m = 0; m < 12; m++) {
            events.add(cea("C" + m, Fx.ENROLLED.plusDays(5).plusMonths(m).toString(), 2.0));
        }
        events.addAll(List.of(reports));
        return ofType(Fx.evaluate(Fx.CONFIG, asOf, events.toArray()), SURVEILLANCE_OVERDUE).stream()
                .filter(a -> a.title().contains("MRI")).toList();
    }

    @Test
    void dueOneIntervalAfterEnrollmentOverdueOnlyMoreThanThirtyDaysLater() {
        // enrolled 2025-01-10: MRI due 2025-04-10 00:00, overdue after 2025-05-10 00:00
        assertThat(mriOverdue("2025-05-10T00:00:00Z")).isEmpty();
        List<Alert> late = mriOverdue("2025-05-10T00:00:01Z");
        assertThat(late).singleElement().satisfies(a -> {
            assertThat(a.status()).isEqualTo(AlertStatus.RAISED);
            assertThat(a.eventTime()).isEqualTo(t("2025-05-10T00:00:00Z"));
            assertThat(a.title()).contains("due 2025-04-10");
        });
    }

    @Test
    void anExamWithinTheGraceIsInTime() {
        assertThat(mriOverdue("2025-09-01T00:00:00Z", mri("I1", "2025-05-09"), mri("I2", "2025-08-01"))).isEmpty();
    }

    @Test
    void aLateExamFulfilsTheAlertAndRestartsTheClock() {
        List<Alert> alerts = mriOverdue("2025-08-01T00:00:00Z", mri("I1", "2025-06-01"));
        assertThat(alerts).singleElement().satisfies(a -> {
            assertThat(a.status()).isEqualTo(AlertStatus.FULFILLED);
            assertThat(a.evidence()).extracting(e -> e.refId()).contains("I1");
        });
    }

    @Test
    void oneAlertPerMissedExamNotPerMissedDueDate() {
        assertThat(mriOverdue("2025-12-01T00:00:00Z")).hasSize(1);
        assertThat(mriOverdue("2025-12-01T00:00:00Z", mri("I1", "2025-06-01"))).extracting(Alert::status)
                .containsExactly(AlertStatus.FULFILLED, AlertStatus.RAISED);
    }

    @Test
    void onlyHepatobiliaryMriResetsTheImagingClock() {
        assertThat(mriOverdue("2025-06-01T00:00:00Z", report("X1", "2025-04-01", Modality.CT),
                report("X2", "2025-04-02", Modality.MRI_ECA), report("X3", "2025-04-03", Modality.PET_CT))).hasSize(1);
        assertThat(mriOverdue("2025-06-01T00:00:00Z", report("X1", "2025-04-01", Modality.MRI_HBP))).isEmpty();
    }

    @Test
    void aCancelledMriIsNotAnExam() {
        var r = mri("I1", "2025-04-01");
        assertThat(mriOverdue("2025-06-01T00:00:00Z", r,
                Fx.amend(r, org.dlmwatch.rules.model.ReportStatus.CANCELLED, "2025-04-02T00:00:00Z"))).hasSize(1);
    }

    @Test
    void ceaIsOnTheSameSchedule() {
        List<Alert> alerts = Fx.evaluate(Fx.CONFIG, "2025-08-20T00:00:00Z", enrollment(), cea("C1", "2025-04-15", 2.0),
                mri("I1", "2025-04-15"), mri("I2", "2025-07-10"));
        assertThat(ofType(alerts, SURVEILLANCE_OVERDUE)).singleElement().satisfies(a -> {
            assertThat(a.title()).contains("CEA").contains("due 2025-07-15");
            assertThat(a.eventTime()).isEqualTo(t("2025-08-14T08:00:00Z"));
        });
    }

    @Test
    void aCeaInsideTheChemotherapyWindowIsStillAnExam() {
        List<Alert> alerts = Fx.evaluate(Fx.CONFIG, "2025-05-20T00:00:00Z", Fx.withChemo(enrollment(), "2025-01-05"),
                cea("C1", "2025-02-10", 2.0), mri("I1", "2025-04-08"));
        assertThat(ofType(alerts, SURVEILLANCE_OVERDUE)).isEmpty();
    }

    @Test
    void theIntervalIsThatOfTheProgrammeYearOfTheLastExam() {
        // last MRI 2026-12-20 in year 2: 3 months; 2027-02-01 in year 3: 6 months
        List<Alert> year2 = mriOverdueLong("2027-05-01T00:00:00Z", mri("I1", "2026-12-20"));
        assertThat(year2).singleElement().satisfies(a -> assertThat(a.title()).contains("due 2027-03-20"));
        List<Alert> year3 = mriOverdueLong("2027-08-20T00:00:00Z", mri("I1", "2026-12-20"), mri("I2", "2027-02-01"));
        assertThat(year3).isEmpty();
        assertThat(mriOverdueLong("2027-09-02T00:00:00Z", mri("I1", "2026-12-20"), mri("I2", "2027-02-01")))
                .singleElement().satisfies(a -> assertThat(a.title()).contains("due 2027-08-01").contains("6-monthly"));
    }

    @Test
    void noOverdueAlertAfterYearFive() {
        // last MRI 2029-10-01 (year 5): next due 2030-04-01, after the programme ends 2030-01-10
        assertThat(mriOverdueLong("2031-01-01T00:00:00Z", mri("I1", "2029-10-01"))).isEmpty();
        // last MRI 2029-06-01: due 2029-12-01, overdue 2029-12-31, still in the programme
        assertThat(mriOverdueLong("2031-01-01T00:00:00Z", mri("I1", "2029-06-01"))).singleElement()
                .satisfies(a -> assertThat(a.eventTime()).isEqualTo(t("2029-12-31T10:00:00Z")));
    }

    @Test
    void endedEnrollmentStopsOverdueAlertsAfterTheEnd() {
        List<Object> events = List.of(Fx.ended(enrollment(), "2025-05-01T00:00:00Z"), cea("C1", "2025-04-01", 2.0));
        assertThat(ofType(Fx.evaluate(Fx.CONFIG, "2025-12-01T00:00:00Z", events.toArray()), SURVEILLANCE_OVERDUE)).isEmpty();
        List<Object> later = List.of(Fx.ended(enrollment(), "2025-06-01T00:00:00Z"), cea("C1", "2025-04-01", 2.0));
        assertThat(ofType(Fx.evaluate(Fx.CONFIG, "2025-12-01T00:00:00Z", later.toArray()), SURVEILLANCE_OVERDUE))
                .singleElement().satisfies(a -> assertThat(a.title()).contains("MRI")); // overdue 10 May, before the end
    }

    @Test
    void withoutAClockNothingIsOverdue() {
        assertThat(ofType(Fx.evaluate(enrollment(), cea("C1", "2025-01-15", 2.0)), SURVEILLANCE_OVERDUE)).isEmpty();
    }

    /** Like {@link #mriOverdue} over several years: CEA every two months throughout. */
    private static List<Alert> mriOverdueLong(String asOf, Object... reports) {
        List<Object> events = new ArrayList<>(List.of(enrollment()));
        for (int m = 0; m < 72; m += 2) {
            events.add(cea("C" + m, Fx.ENROLLED.plusDays(5).plusMonths(m).toString(), 2.0));
        }
        // quarterly MRI until the first report given, so that only the tail matters
        java.time.LocalDate first = java.time.LocalDate.parse(((org.dlmwatch.rules.model.ImagingReport) reports[0])
                .studyAt().toString().substring(0, 10));
        for (java.time.LocalDate d = Fx.ENROLLED.plusMonths(3); d.isBefore(first.minusMonths(2)); d = d.plusMonths(3)) {
            events.add(mri("Q" + d, d.toString()));
        }
        events.addAll(List.of(reports));
        return ofType(Fx.evaluate(Fx.CONFIG, asOf, events.toArray()), SURVEILLANCE_OVERDUE).stream()
                .filter(a -> a.title().contains("MRI")).toList();
    }
}
