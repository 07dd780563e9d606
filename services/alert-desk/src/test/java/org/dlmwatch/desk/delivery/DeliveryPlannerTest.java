package org.dlmwatch.desk.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.dlmwatch.desk.delivery.DeliveryPlanner.Job;
import org.dlmwatch.desk.support.Fixtures;
import org.dlmwatch.desk.support.TestClock;
import org.dlmwatch.desk.view.AlertEntry;
import org.dlmwatch.desk.view.Lifecycle;
import org.dlmwatch.events.v1.ActionType;
import org.dlmwatch.events.v1.AlertAction;
import org.dlmwatch.events.v1.AlertStatus;
import org.dlmwatch.events.v1.AlertType;
import org.dlmwatch.events.v1.DeliveryStep;
import org.dlmwatch.events.v1.Severity;
import org.dlmwatch.events.v1.SurveillanceAlert;
import org.junit.jupiter.api.Test;

/** What is due when: pure, with a controllable clock. */
class DeliveryPlannerTest {

    private static final Instant T0 = Instant.parse("2026-02-01T08:00:00Z");
    private static final Channel HOOK = new Channel.Webhook("hook", URI.create("http://127.0.0.1:1/"), Map.of(), null, null);
    private static final Channel PAGER = new Channel.Webhook("pager", URI.create("http://127.0.0.1:1/p"), Map.of(), null, null);
    private static final DeliveryConfig CONFIG = new DeliveryConfig(Severity.HIGH, Map.of("hook", HOOK, "pager", PAGER),
            List.of("hook"), "pager", DeliveryConfig.DEFAULT_ESCALATION, Backoff.DEFAULT, Duration.ofSeconds(1));

    private final DeliveryPlanner planner = new DeliveryPlanner(CONFIG);
    private final TestClock clock = new TestClock(T0);
    private final Set<String> delivered = new HashSet<>();

    @Test
    void aNewAlertAtOrAboveTheThresholdIsDueOncePerChannel() {
        AlertEntry high = entry("A1", Severity.HIGH, AlertStatus.RAISED);
        AlertEntry critical = entry("A2", Severity.CRITICAL, AlertStatus.RAISED);
        AlertEntry medium = entry("A3", Severity.MEDIUM, AlertStatus.RAISED);
        List<Job> due = planner.due(List.of(high, critical, medium), delivered::contains, clock.instant());
        assertThat(due).extracting(Job::deliveryId).containsExactly("A1:RAISED:hook", "A2:RAISED:hook");
        delivered.add("A1:RAISED:hook");
        assertThat(planner.due(List.of(high), delivered::contains, clock.instant())).isEmpty();
    }

    @Test
    void retractedOrFulfilledAlertsAreNotSent() {
        assertThat(planner.due(List.of(entry("A1", Severity.HIGH, AlertStatus.RETRACTED),
                entry("A2", Severity.CRITICAL, AlertStatus.FULFILLED)), delivered::contains, clock.instant())).isEmpty();
    }

    @Test
    void criticalEscalatesAfterFourHoursHighAfterTwentyFourNotBefore() {
        delivered.addAll(Set.of("A1:RAISED:hook", "A2:RAISED:hook"));
        AlertEntry high = entry("A1", Severity.HIGH, AlertStatus.RAISED);
        AlertEntry critical = entry("A2", Severity.CRITICAL, AlertStatus.RAISED);
        List<AlertEntry> alerts = List.of(high, critical);

        clock.set(T0.plus(Duration.ofHours(4)).minusMillis(1));
        assertThat(planner.due(alerts, delivered::contains, clock.instant())).isEmpty();
        clock.advance(Duration.ofMillis(1));
        assertThat(planner.due(alerts, delivered::contains, clock.instant())).extracting(Job::deliveryId)
                .containsExactly("A2:ESCALATION:pager");
        delivered.add("A2:ESCALATION:pager");

        clock.set(T0.plus(Duration.ofHours(24)).minusSeconds(1));
        assertThat(planner.due(alerts, delivered::contains, clock.instant())).isEmpty();
        clock.advance(Duration.ofSeconds(1));
        assertThat(planner.due(alerts, delivered::contains, clock.instant())).extracting(Job::deliveryId)
                .containsExactly("A1:ESCALATION:pager");
        delivered.add("A1:ESCALATION:pager");
        clock.advance(Duration.ofDays(30));
        assertThat(planner.due(alerts, delivered::contains, clock.instant())).isEmpty();
        assertThat(planner.escalationDueAt(critical)).contains(T0.plus(Duration.ofHours(4)));
    }

    @Test
    void seenAlertsDoNotEscalateButACommentIsNotSeeing() {
        delivered.addAll(Set.of("A1:RAISED:hook", "A2:RAISED:hook", "A3:RAISED:hook", "A4:RAISED:hook"));
        clock.set(T0.plus(Duration.ofDays(2)));
        List<AlertEntry> alerts = List.of(
                entry("A1", Severity.CRITICAL, AlertStatus.RAISED, ActionType.ACKNOWLEDGE),
                entry("A2", Severity.CRITICAL, AlertStatus.RAISED, ActionType.OVERRIDE),
                entry("A3", Severity.CRITICAL, AlertStatus.RAISED, ActionType.RESOLVE),
                entry("A4", Severity.HIGH, AlertStatus.RAISED, ActionType.COMMENT));
        assertThat(planner.due(alerts, delivered::contains, clock.instant())).extracting(Job::deliveryId)
                .containsExactly("A4:ESCALATION:pager");
    }

    @Test
    void mediumAndLowNeverEscalateByDefaultAndAJobStopsBeingDueWhenTheAlertChanges() {
        AlertEntry medium = entry("A1", Severity.MEDIUM, AlertStatus.RAISED);
        assertThat(planner.escalationDueAt(medium)).isEmpty();
        Job escalation = new Job("A2", DeliveryStep.ESCALATION, "pager", 0);
        clock.set(T0.plus(Duration.ofHours(5)));
        assertThat(planner.stillDue(escalation, entry("A2", Severity.CRITICAL, AlertStatus.RAISED), clock.instant()))
                .isTrue();
        assertThat(planner.stillDue(escalation, entry("A2", Severity.CRITICAL, AlertStatus.RAISED,
                ActionType.ACKNOWLEDGE), clock.instant())).isFalse();
        assertThat(planner.stillDue(escalation, entry("A2", Severity.CRITICAL, AlertStatus.RETRACTED),
                clock.instant())).isFalse();
        assertThat(planner.stillDue(escalation, null, clock.instant())).isFalse();
    }

    @Test
    void withoutAnEscalationChannelNothingEscalates() {
        DeliveryPlanner noEscalation = new DeliveryPlanner(new DeliveryConfig(Severity.LOW, Map.of("hook", HOOK),
                List.of("hook"), null, DeliveryConfig.DEFAULT_ESCALATION, Backoff.DEFAULT, Duration.ofSeconds(1)));
        clock.set(T0.plus(Duration.ofDays(5)));
        assertThat(noEscalation.due(List.of(entry("A1", Severity.CRITICAL, AlertStatus.RAISED),
                entry("A2", Severity.LOW, AlertStatus.RAISED)), delivered::contains, clock.instant()))
                .extracting(Job::deliveryId).containsExactly("A1:RAISED:hook", "A2:RAISED:hook");
    }

    private static AlertEntry entry(String id, Severity severity, AlertStatus status, ActionType... actions) {
        SurveillanceAlert a = Fixtures.alert("P1", id, AlertType.NEW_LIVER_LESION, severity, status, T0, List.of());
        List<AlertAction> acts = java.util.Arrays.stream(actions)
                .map(t -> new AlertAction(id, t, "r", "clara", T0.plusSeconds(60))).toList();
        return new AlertEntry(a, 0, status == AlertStatus.RAISED ? T0 : T0,
                List.of(new AlertEntry.StatusChange(status, T0)), 1, acts, Lifecycle.fold(acts));
    }
}
