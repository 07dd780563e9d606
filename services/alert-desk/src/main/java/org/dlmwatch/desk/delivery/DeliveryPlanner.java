package org.dlmwatch.desk.delivery;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import org.dlmwatch.desk.view.AlertEntry;
import org.dlmwatch.events.v1.AlertStatus;
import org.dlmwatch.events.v1.DeliveryStep;

/**
 * Decides, purely from the alerts and the clock, which deliveries are due:
 * <ul>
 *   <li><b>RAISED</b>: an alert the engine holds RAISED, at or above the configured severity, goes to
 *       each configured channel once. An alert that is RETRACTED or FULFILLED before it could be
 *       delivered is not sent (nothing stale reaches a pager).</li>
 *   <li><b>ESCALATION</b>: an alert still RAISED whose severity has an escalation time, not
 *       acknowledged, overridden or resolved by then (comments do not count), counted from its
 *       first RAISED detection, goes once to the escalation channel.</li>
 * </ul>
 * "Once" is the caller's set of delivery ids already delivered, built from
 * {@code surveillance.alert-deliveries.v1}.
 */
public final class DeliveryPlanner {

    /** One delivery to make: one step of one alert to one channel. */
    public record Job(String alertId, DeliveryStep step, String channel, int partition) {

        public String deliveryId() {
            return deliveryId(alertId, step, channel);
        }

        public static String deliveryId(String alertId, DeliveryStep step, String channel) {
            return alertId + ":" + step.name() + ":" + channel;
        }
    }

    private final DeliveryConfig config;

    public DeliveryPlanner(DeliveryConfig config) {
        this.config = config;
    }

    public List<Job> due(Collection<AlertEntry> alerts, Predicate<String> delivered, Instant now) {
        List<Job> jobs = new ArrayList<>();
        for (AlertEntry e : alerts) {
            if (e.engineStatus() != AlertStatus.RAISED) {
                continue;
            }
            if (e.alert().getSeverity().compareTo(config.minSeverity()) >= 0) {
                for (String channel : config.raisedChannels()) {
                    add(jobs, new Job(e.alertId(), DeliveryStep.RAISED, channel, e.partition()), delivered);
                }
            }
            if (config.escalationChannel() != null && escalationDueAt(e).map(t -> !now.isBefore(t)).orElse(false)) {
                add(jobs, new Job(e.alertId(), DeliveryStep.ESCALATION, config.escalationChannel(), e.partition()),
                        delivered);
            }
        }
        return jobs;
    }

    /** Whether a job is still due at all (the alert may have changed while it waited to be retried). */
    public boolean stillDue(Job job, AlertEntry e, Instant now) {
        if (e == null || e.engineStatus() != AlertStatus.RAISED) {
            return false;
        }
        if (job.step() == DeliveryStep.ESCALATION) {
            return escalationDueAt(e).map(t -> !now.isBefore(t)).orElse(false);
        }
        return true;
    }

    /**
     * When the alert escalates if nobody acknowledges it: first RAISED detection + the severity's
     * escalation time. Empty when it never will (severity without escalation, already seen by the
     * team, not RAISED).
     */
    public Optional<Instant> escalationDueAt(AlertEntry e) {
        Duration after = config.escalateAfter().get(e.alert().getSeverity());
        if (after == null || e.firstRaisedAt() == null || e.teamStatus().seen()
                || e.engineStatus() != AlertStatus.RAISED) {
            return Optional.empty();
        }
        return Optional.of(e.firstRaisedAt().plus(after));
    }

    private static void add(List<Job> jobs, Job job, Predicate<String> delivered) {
        if (!delivered.test(job.deliveryId())) {
            jobs.add(job);
        }
    }
}
