package org.dlmwatch.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.dlmwatch.rules.Fx.cea;
import static org.dlmwatch.rules.Fx.enrollment;
import static org.dlmwatch.rules.Fx.equivocal;
import static org.dlmwatch.rules.Fx.mri;
import static org.dlmwatch.rules.Fx.ofType;
import static org.dlmwatch.rules.Fx.only;
import static org.dlmwatch.rules.Fx.present;
import static org.dlmwatch.rules.Fx.t;
import static org.dlmwatch.rules.Fx.types;

import java.time.Instant;
import java.util.List;

import org.dlmwatch.rules.alert.Alert;
import org.dlmwatch.rules.alert.AlertStatus;
import org.dlmwatch.rules.alert.AlertType;
import org.junit.jupiter.api.Test;

/**
 * §3.4 "After year 5 the patient leaves active surveillance; no overdue alerts" stops SURVEILLANCE_OVERDUE
 * only; §2.1 an ENDED enrollment is what stops every alert. Enrolled 2025-01-10: the 5-year schedule ends
 * 2030-01-10.
 */
class AfterProgrammeEndTest {

    private static final Instant PROGRAMME_END = t("2030-01-10T00:00:00Z");

    @Test
    void theWindowAdmitsAlertsAfterYearFiveWhileActiveAndNotAfterAnEnd() {
        ProgrammeWindow active = ProgrammeWindow.of(enrollment(), Fx.CONFIG);
        assertThat(active.programmeEnd()).isEqualTo(PROGRAMME_END);
        assertThat(active.admits(t("2030-07-10"))).isTrue();
        assertThat(active.admits(t("2040-01-01"))).isTrue();
        assertThat(active.admits(t("2025-01-09"))).isFalse();
        ProgrammeWindow ended = ProgrammeWindow.of(Fx.ended(enrollment(), "2030-06-01T00:00:00Z"), Fx.CONFIG);
        assertThat(ended.admits(t("2030-06-01T00:00:00Z"))).isTrue();
        assertThat(ended.admits(t("2030-06-01T00:00:01Z"))).isFalse();
    }

    @Test
    void aDlmReappearingAtYearFiveAndAHalfOfAnActivePatientAlerts() {
        List<Alert> alerts = Fx.evaluate(enrollment(), mri("I1", "2030-07-10", present("VII", "L1", 7.0)));
        Alert a = only(alerts, AlertType.DLM_REAPPEARANCE);
        assertThat(a.status()).isEqualTo(AlertStatus.RAISED);
        assertThat(a.lesionIds()).containsExactly("L1");
        assertThat(a.eventTime()).isEqualTo(t("2030-07-10T10:00:00Z"));
    }

    @Test
    void aNewLesionAndAnEquivocalFocusAfterYearFiveAlert() {
        List<Alert> alerts = Fx.evaluate(enrollment(), mri("I1", "2031-03-01", present("II", null, 9.0)),
                mri("I2", "2032-03-01", equivocal("V", null)));
        assertThat(types(alerts)).containsExactlyInAnyOrder(AlertType.NEW_LIVER_LESION, AlertType.LESION_EQUIVOCAL);
    }

    @Test
    void aCeaRiseInYearSixIsJudgedAgainstTheNadirFromTheProgrammeAndEscalates() {
        List<Alert> alerts = Fx.evaluate(enrollment(),
                cea("C1", "2026-01-15", 1.0), // the nadir, in year 2
                cea("C2", "2030-04-15", 2.0),
                cea("C3", "2030-07-15", 9.0), // 8.0 above the nadir
                cea("C4", "2030-08-15", 10.0),
                mri("I1", "2030-08-20", present("VII", "L1", 7.0)));
        Alert facs = only(alerts, AlertType.CEA_RISE_ABOVE_BASELINE);
        assertThat(facs.title()).contains("above the baseline of 1 ug/L");
        assertThat(types(alerts)).contains(AlertType.CEA_REPEAT_REQUESTED, AlertType.CEA_ELEVATED_CONFIRMED,
                AlertType.CEA_CONSECUTIVE_RISE, AlertType.DLM_REAPPEARANCE, AlertType.RESCUE_EVALUATION);
        assertThat(only(alerts, AlertType.CEA_REPEAT_REQUESTED).status()).isEqualTo(AlertStatus.FULFILLED);
    }

    @Test
    void overdueStaysSilentAfterYearFiveWhileTheOtherRulesAlert() {
        // exams stop in October of year 5; a reappearance at year 5.5; judged at year 7
        List<Alert> alerts = Fx.evaluate(Fx.CONFIG, "2032-01-01T00:00:00Z", enrollment(),
                cea("C1", "2029-10-01", 2.0), mri("I0", "2029-10-01"),
                mri("I1", "2030-07-10", present("VII", "L1", 7.0)));
        assertThat(ofType(alerts, AlertType.SURVEILLANCE_OVERDUE))
                .allSatisfy(a -> assertThat(a.eventTime()).isBefore(PROGRAMME_END));
        // the exams of 2029-10-01 were next due 2030-04-01, overdue 2030-05-01: after year 5, so silent;
        // only the exams missed in year 1 (fulfilled in 2029) are overdue alerts
        assertThat(ofType(alerts, AlertType.SURVEILLANCE_OVERDUE)).hasSize(2)
                .allSatisfy(a -> assertThat(a.status()).isEqualTo(AlertStatus.FULFILLED));
        assertThat(only(alerts, AlertType.DLM_REAPPEARANCE).status()).isEqualTo(AlertStatus.RAISED);
    }

    @Test
    void anEnrollmentEndedAfterYearFiveStopsAlertsAfterTheEndAndKeepsEarlierOnes() {
        List<Alert> alerts = Fx.evaluate(Fx.ended(enrollment(), "2030-06-01T00:00:00Z"),
                mri("I1", "2030-03-01", present("VII", "L1", 7.0)), // year 5.1, before the end: alerts
                mri("I2", "2030-07-10", present("II", null, 9.0)), // after the end: nothing
                cea("C1", "2030-05-01", 2.0), cea("C2", "2030-08-01", 12.0));
        assertThat(types(alerts)).containsExactly(AlertType.DLM_REAPPEARANCE);
    }
}
