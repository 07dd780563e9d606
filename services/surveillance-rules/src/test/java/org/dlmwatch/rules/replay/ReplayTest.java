package org.dlmwatch.rules.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.dlmwatch.rules.Fx.cea;
import static org.dlmwatch.rules.Fx.enrollment;
import static org.dlmwatch.rules.Fx.events;
import static org.dlmwatch.rules.Fx.mri;
import static org.dlmwatch.rules.Fx.t;

import java.util.List;

import org.dlmwatch.rules.RuleConfig;
import org.dlmwatch.rules.alert.Alert;
import org.dlmwatch.rules.alert.AlertStatus;
import org.dlmwatch.rules.alert.AlertType;
import org.dlmwatch.rules.validation.ErrorCode;
import org.junit.jupiter.api.Test;

/** Replay semantics of clinical-spec §3.4. */
class ReplayTest {

    @Test
    void theClockAfterTheLastEventIsTheAsOfTime() {
        var events = events(enrollment(), cea("C1", "2025-01-15", 2.0), mri("I1", "2025-04-08"));
        assertThat(Replay.finalAlerts(events, null)).isEmpty();
        List<Alert> judged = Replay.finalAlerts(events, t("2025-09-01T00:00:00Z"));
        assertThat(judged).extracting(Alert::type).containsOnly(AlertType.SURVEILLANCE_OVERDUE).hasSize(2);
    }

    @Test
    void anAsOfBeforeTheLatestClinicalTimeHasNoEffect() {
        var events = events(enrollment(), cea("C1", "2025-01-15", 2.0), cea("C2", "2025-06-20", 2.1));
        assertThat(Replay.finalAlerts(events, t("2025-02-01T00:00:00Z")))
                .isEqualTo(Replay.finalAlerts(events, null));
    }

    @Test
    void anOverdueExamThatArrivedLeavesAFulfilledAlert() {
        var events = events(enrollment(), cea("C1", "2025-01-15", 2.0), cea("C2", "2025-04-01", 2.0),
                cea("C3", "2025-05-15", 2.0), mri("I1", "2025-06-01"));
        assertThat(Replay.finalAlerts(events, null)).singleElement().satisfies(a -> {
            assertThat(a.type()).isEqualTo(AlertType.SURVEILLANCE_OVERDUE);
            assertThat(a.status()).isEqualTo(AlertStatus.FULFILLED);
        });
    }

    @Test
    void rejectedAndIgnoredInputsAreCountedAndDoNotMoveTheClock() {
        var events = events(enrollment(), cea("C1", "2025-01-15", 2.0), cea("C2", "2025-02-15", 9.0).unit("IU/L"),
                cea("X1", "2025-12-01", 50).loinc("19166-8").unit("U/mL"), cea("X2", "2025-12-01", 5).loinc("2345-7"),
                cea("X3", "2025-12-01", 5).unit(null));
        ReplayResult r = Replay.run(events, null, RuleConfig.defaults());
        assertThat(r.rejected()).containsEntry(ErrorCode.UNKNOWN_UNIT, 1).containsEntry(ErrorCode.MISSING_UNIT, 1);
        assertThat(r.nonComparableCea()).isEqualTo(1);
        assertThat(r.ignoredLabResults()).isEqualTo(1);
        assertThat(r.alerts()).isEmpty(); // the clock stayed at 15 January: nothing overdue
    }

    @Test
    void finalAlertsAreSortedByPatientThenIdAndKeepRetractions() {
        var events = events(enrollment(), cea("C1", "2025-01-15", 2.0), cea("C2", "2025-02-15", 6.0),
                cea("C2", "2025-02-15", 2.0).status(org.dlmwatch.rules.model.ResultStatus.CORRECTED).resulted("2025-02-16"));
        ReplayResult r = Replay.run(events, null, RuleConfig.defaults());
        assertThat(r.alerts()).singleElement().extracting(Alert::status).isEqualTo(AlertStatus.RETRACTED);
        assertThat(r.changes()).extracting(Alert::status).containsExactly(AlertStatus.RAISED, AlertStatus.RETRACTED);
    }
}
