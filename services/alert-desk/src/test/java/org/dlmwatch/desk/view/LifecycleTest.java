package org.dlmwatch.desk.view;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.dlmwatch.desk.support.Fixtures;
import org.dlmwatch.events.v1.ActionType;
import org.dlmwatch.events.v1.AlertAction;
import org.dlmwatch.events.v1.AlertStatus;
import org.dlmwatch.events.v1.AlertType;
import org.dlmwatch.events.v1.Severity;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LifecycleTest {

    @ParameterizedTest(name = "{0} + {1} -> {2}")
    @CsvSource({
        "OPEN, ACKNOWLEDGE, ACKNOWLEDGED",
        "OPEN, OVERRIDE, OVERRIDDEN",
        "OPEN, RESOLVE, RESOLVED",
        "OPEN, COMMENT, OPEN",
        "ACKNOWLEDGED, ACKNOWLEDGE, ACKNOWLEDGED",
        "ACKNOWLEDGED, OVERRIDE, OVERRIDDEN",
        "ACKNOWLEDGED, RESOLVE, RESOLVED",
        "ACKNOWLEDGED, COMMENT, ACKNOWLEDGED",
        "OVERRIDDEN, ACKNOWLEDGE, OVERRIDDEN",
        "OVERRIDDEN, OVERRIDE, OVERRIDDEN",
        "OVERRIDDEN, RESOLVE, RESOLVED",
        "RESOLVED, ACKNOWLEDGE, RESOLVED",
        "RESOLVED, OVERRIDE, RESOLVED",
        "RESOLVED, COMMENT, RESOLVED",
    })
    void everyActionInEveryStateGivesAState(TeamStatus from, ActionType action, TeamStatus to) {
        assertThat(Lifecycle.next(from, action)).isEqualTo(to);
    }

    @Test
    void foldsActionsInTopicOrder() {
        assertThat(Lifecycle.fold(List.of())).isEqualTo(TeamStatus.OPEN);
        assertThat(Lifecycle.fold(List.of(action(ActionType.COMMENT), action(ActionType.ACKNOWLEDGE),
                action(ActionType.COMMENT)))).isEqualTo(TeamStatus.ACKNOWLEDGED);
        // two clinicians acknowledging at once on two instances: the second is a no-op
        assertThat(Lifecycle.fold(List.of(action(ActionType.ACKNOWLEDGE), action(ActionType.ACKNOWLEDGE),
                action(ActionType.OVERRIDE)))).isEqualTo(TeamStatus.OVERRIDDEN);
        assertThat(Lifecycle.fold(List.of(action(ActionType.RESOLVE), action(ActionType.ACKNOWLEDGE))))
                .isEqualTo(TeamStatus.RESOLVED);
    }

    @Test
    void openMeansRaisedByTheEngineAndNotResolvedByTheTeam() {
        assertThat(Lifecycle.isOpen(AlertStatus.RAISED, TeamStatus.OPEN)).isTrue();
        assertThat(Lifecycle.isOpen(AlertStatus.RAISED, TeamStatus.OVERRIDDEN)).isTrue();
        assertThat(Lifecycle.isOpen(AlertStatus.RAISED, TeamStatus.RESOLVED)).isFalse();
        assertThat(Lifecycle.isOpen(AlertStatus.RETRACTED, TeamStatus.OPEN)).isFalse();
        assertThat(Lifecycle.isOpen(AlertStatus.FULFILLED, TeamStatus.ACKNOWLEDGED)).isFalse();
        assertThat(TeamStatus.OPEN.seen()).isFalse();
        assertThat(TeamStatus.OVERRIDDEN.seen()).isTrue();
    }

    @Test
    void viewKeepsActionsAcrossEngineChangesAndOrdersTheWorklist() {
        DeskView view = new DeskView(org.dlmwatch.rules.RuleConfig.defaults());
        Instant t0 = Instant.parse("2026-01-01T00:00:00Z");
        var high = Fixtures.alert("P1", "A1", AlertType.DLM_REAPPEARANCE, Severity.HIGH, AlertStatus.RAISED, t0, List.of());
        var critical = Fixtures.alert("P1", "A2", AlertType.RESCUE_EVALUATION, Severity.CRITICAL, AlertStatus.RAISED,
                t0.plusSeconds(60), List.of());
        var older = Fixtures.alert("P2", "A3", AlertType.NEW_LIVER_LESION, Severity.HIGH, AlertStatus.RAISED,
                t0.minusSeconds(60), List.of());
        view.update(() -> {
            view.applyAction(new AlertAction("A1", ActionType.ACKNOWLEDGE, null, "clara", t0.plusSeconds(5)));
            view.applyAlert(high, 2);
            view.applyAlert(critical, 2);
            view.applyAlert(older, 4);
        });
        var page = view.query(AlertQuery.openWorklist());
        assertThat(page.items()).extracting(AlertEntry::alertId).containsExactly("A2", "A3", "A1");

        // the engine retracts A1 after a correction: shown as such, the acknowledgement kept
        view.update(() -> view.applyAlert(Fixtures.withStatus(high, AlertStatus.RETRACTED, t0.plusSeconds(90)), 2));
        AlertEntry a1 = view.alert("A1").orElseThrow();
        assertThat(a1.engineStatus()).isEqualTo(AlertStatus.RETRACTED);
        assertThat(a1.teamStatus()).isEqualTo(TeamStatus.ACKNOWLEDGED);
        assertThat(a1.actions()).hasSize(1);
        assertThat(a1.open()).isFalse();
        assertThat(a1.firstRaisedAt()).isEqualTo(t0);
        assertThat(a1.statusHistory()).extracting(AlertEntry.StatusChange::status)
                .containsExactly(AlertStatus.RAISED, AlertStatus.RETRACTED);
        assertThat(view.query(AlertQuery.openWorklist()).items()).extracting(AlertEntry::alertId)
                .containsExactly("A2", "A3");
        assertThat(view.alertsOnPartitions(Set.of(4))).extracting(AlertEntry::alertId).containsExactly("A3");
    }

    private static AlertAction action(ActionType type) {
        return new AlertAction("A1", type, type == ActionType.OVERRIDE ? "reason" : null, "clara", Instant.EPOCH);
    }
}
