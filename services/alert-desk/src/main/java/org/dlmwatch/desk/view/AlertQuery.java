package org.dlmwatch.desk.view;

import java.util.Comparator;
import java.util.Set;
import org.dlmwatch.events.v1.AlertStatus;
import org.dlmwatch.events.v1.AlertType;
import org.dlmwatch.events.v1.Severity;

/**
 * A worklist query: filters (an empty set or null means any) and one page.
 *
 * @param state OPEN, CLOSED or ALL (see {@link AlertEntry#open()})
 * @param page 1-based
 */
public record AlertQuery(
        Set<AlertStatus> statuses,
        Set<Severity> severities,
        Set<AlertType> types,
        Set<TeamStatus> teamStatuses,
        String patientId,
        State state,
        int page,
        int size) {

    public static final int DEFAULT_SIZE = 50;
    public static final int MAX_SIZE = 200;

    public enum State { OPEN, CLOSED, ALL }

    /**
     * Worklist order: most severe first, then oldest first (the alert waiting longest on top), then
     * by id so that paging is stable.
     */
    public static final Comparator<AlertEntry> WORKLIST_ORDER = Comparator
            .comparing((AlertEntry e) -> e.alert().getSeverity().ordinal()).reversed()
            .thenComparing(AlertEntry::since)
            .thenComparing(AlertEntry::alertId);

    public AlertQuery {
        statuses = statuses == null ? Set.of() : Set.copyOf(statuses);
        severities = severities == null ? Set.of() : Set.copyOf(severities);
        types = types == null ? Set.of() : Set.copyOf(types);
        teamStatuses = teamStatuses == null ? Set.of() : Set.copyOf(teamStatuses);
        state = state == null ? State.ALL : state;
        if (page < 1) {
            throw new IllegalArgumentException("page must be 1 or more");
        }
        if (size < 1 || size > MAX_SIZE) {
            throw new IllegalArgumentException("size must be between 1 and " + MAX_SIZE);
        }
    }

    public static AlertQuery openWorklist() {
        return new AlertQuery(null, null, null, null, null, State.OPEN, 1, MAX_SIZE);
    }

    public boolean matches(AlertEntry e) {
        SurveillanceAlertView a = new SurveillanceAlertView(e);
        return (statuses.isEmpty() || statuses.contains(a.status()))
                && (severities.isEmpty() || severities.contains(a.severity()))
                && (types.isEmpty() || types.contains(a.type()))
                && (teamStatuses.isEmpty() || teamStatuses.contains(e.teamStatus()))
                && (patientId == null || patientId.equals(e.patientId()))
                && (state == State.ALL || (state == State.OPEN) == e.open());
    }

    private record SurveillanceAlertView(AlertEntry e) {
        AlertStatus status() {
            return e.alert().getStatus();
        }

        Severity severity() {
            return e.alert().getSeverity();
        }

        AlertType type() {
            return e.alert().getType();
        }
    }
}
