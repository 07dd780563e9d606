package org.dlmwatch.rules.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.dlmwatch.rules.RuleConfig;
import org.dlmwatch.rules.alert.Alert;
import org.dlmwatch.rules.alert.AlertStatus;
import org.dlmwatch.rules.alert.AlertTexts;
import org.dlmwatch.rules.model.ClinicalEvent;
import org.dlmwatch.rules.replay.Replay;
import org.dlmwatch.rules.validation.RejectedInputException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Properties every emitted alert must have (§4), checked on every change of every scenario. */
class AlertInvariantsTest {

    static Stream<Scenario> scenarios() {
        return Scenario.all().stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("scenarios")
    void everyEmittedAlertIsWellFormedAndTheReplayIsDeterministic(Scenario s) {
        List<ClinicalEvent> events = new ArrayList<>();
        for (String line : s.eventLines()) {
            try {
                events.add(EventJson.parseEvent(line));
            } catch (RejectedInputException e) {
                // dead-lettered
            }
        }
        List<Alert> changes = Replay.run(events, s.asOf(), RuleConfig.defaults()).changes();
        assertThat(Replay.run(events, s.asOf(), RuleConfig.defaults()).changes()).as("deterministic").isEqualTo(changes);
        for (Alert a : changes) {
            assertThat(a.alertId()).matches("A-[0-9a-f]{32}").doesNotContain(a.patientId());
            assertThat(a.severity()).isEqualTo(a.type().severity());
            assertThat(a.title()).isNotBlank().doesNotContain("\n");
            assertThat(a.recommendation()).endsWith(AlertTexts.DECISION_SUPPORT);
            assertThat(a.lesionIds()).isSorted();
            assertThat(a.ruleId()).isNotBlank();
            if (a.status() != AlertStatus.RETRACTED) {
                assertThat(a.evidence()).as(a.type() + " evidence").isNotEmpty();
            }
            if (a.status() == AlertStatus.FULFILLED) {
                assertThat(a.type().isRequest()).as(a.type() + " is a request").isTrue();
            }
        }
    }
}
