package org.dlmwatch.desk.view;

import java.util.List;
import org.dlmwatch.events.v1.ActionType;
import org.dlmwatch.events.v1.AlertAction;
import org.dlmwatch.events.v1.AlertStatus;

/**
 * The alert lifecycle as a pure fold over the team's actions, in the order of the actions topic
 * (all actions of one alert share a partition, so every desk instance folds the same sequence and
 * shows the same state). The fold is total: any action in any state gives a state, so that actions
 * written concurrently by two instances never break it; the desk's validation
 * ({@code ActionValidator}) is what refuses actions that make no sense before they are written.
 *
 * <pre>
 *   OPEN ──ACKNOWLEDGE──► ACKNOWLEDGED ──OVERRIDE──► OVERRIDDEN
 *     └────────────OVERRIDE────────────────────────────┘
 *   any ──RESOLVE──► RESOLVED          COMMENT changes nothing
 * </pre>
 */
public final class Lifecycle {

    private Lifecycle() {}

    public static TeamStatus next(TeamStatus current, ActionType action) {
        return switch (action) {
            case ACKNOWLEDGE -> current == TeamStatus.OPEN ? TeamStatus.ACKNOWLEDGED : current;
            case OVERRIDE -> current == TeamStatus.RESOLVED ? current : TeamStatus.OVERRIDDEN;
            case RESOLVE -> TeamStatus.RESOLVED;
            case COMMENT -> current;
        };
    }

    public static TeamStatus fold(List<AlertAction> actions) {
        TeamStatus status = TeamStatus.OPEN;
        for (AlertAction a : actions) {
            status = next(status, a.getAction());
        }
        return status;
    }

    /**
     * Open = still on the worklist: the engine still holds the alert RAISED and the team has not
     * resolved it. A RETRACTED or FULFILLED alert is closed whatever the team did.
     */
    public static boolean isOpen(AlertStatus engineStatus, TeamStatus team) {
        return engineStatus == AlertStatus.RAISED && team != TeamStatus.RESOLVED;
    }
}
