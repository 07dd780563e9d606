package org.dlmwatch.desk.view;

import java.time.Instant;
import java.util.List;
import org.dlmwatch.events.v1.AlertAction;
import org.dlmwatch.events.v1.AlertStatus;
import org.dlmwatch.events.v1.SurveillanceAlert;

/**
 * One alert as the desk shows it: the engine's latest version, the status changes it went through,
 * and the team's full action history. Immutable snapshot.
 *
 * @param partition the partition of {@code surveillance.alerts.v1} the alert lives on (by patient);
 *     the desk instance that owns it in the delivery group delivers it
 * @param firstRaisedAt detection time of the first RAISED version: the alert's age, and the start of
 *     the escalation clock; null if never seen RAISED
 * @param statusHistory each change of engine status, oldest first
 * @param versions how many versions the engine wrote (evidence updates included)
 */
public record AlertEntry(
        SurveillanceAlert alert,
        int partition,
        Instant firstRaisedAt,
        List<StatusChange> statusHistory,
        int versions,
        List<AlertAction> actions,
        TeamStatus teamStatus) {

    /** One engine status change, at the engine's detection time of that version. */
    public record StatusChange(AlertStatus status, Instant at) {}

    public String alertId() {
        return alert.getAlertId();
    }

    public String patientId() {
        return alert.getPatientId();
    }

    public AlertStatus engineStatus() {
        return alert.getStatus();
    }

    public boolean open() {
        return Lifecycle.isOpen(alert.getStatus(), teamStatus);
    }

    /** The alert's age reference: first raised, else first seen. */
    public Instant since() {
        return firstRaisedAt != null ? firstRaisedAt : statusHistory.get(0).at();
    }

    /** The latest change, engine or team. */
    public Instant lastChangedAt() {
        Instant last = statusHistory.get(statusHistory.size() - 1).at();
        for (AlertAction a : actions) {
            if (a.getAt().isAfter(last)) {
                last = a.getAt();
            }
        }
        return last;
    }
}
