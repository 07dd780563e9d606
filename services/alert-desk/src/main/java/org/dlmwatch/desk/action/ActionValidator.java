package org.dlmwatch.desk.action;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;
import org.dlmwatch.desk.action.ActionRejected.Kind;
import org.dlmwatch.desk.view.TeamStatus;
import org.dlmwatch.events.v1.ActionType;

/**
 * Checks an action before it is written (pure). Rules:
 * <ul>
 *   <li>the action is one of ACKNOWLEDGE, OVERRIDE, RESOLVE, COMMENT;</li>
 *   <li>OVERRIDE needs a reason, COMMENT a text (both in {@code reason}); at most
 *       {@value #MAX_REASON} characters; ACKNOWLEDGE and RESOLVE may carry an optional note;</li>
 *   <li>a RESOLVED alert takes only comments; an alert already acknowledged or overridden cannot be
 *       acknowledged again, one already overridden cannot be overridden again (409).</li>
 * </ul>
 */
public final class ActionValidator {

    public static final int MAX_REASON = 2000;

    /** A valid request, normalised: the action, and the reason trimmed (null when blank). */
    public record Valid(ActionType action, String reason) {}

    private ActionValidator() {}

    public static Valid validate(String action, String reason, TeamStatus current) {
        if (action == null || action.isBlank()) {
            throw bad("field 'action' is required: one of " + actionNames());
        }
        ActionType type;
        try {
            type = ActionType.valueOf(action.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw bad("field 'action' must be one of " + actionNames());
        }
        String text = reason == null || reason.isBlank() ? null : reason.strip();
        if (text != null && text.length() > MAX_REASON) {
            throw bad("field 'reason' is longer than " + MAX_REASON + " characters");
        }
        if (type == ActionType.OVERRIDE && text == null) {
            throw bad("an override needs a reason: field 'reason' is required for OVERRIDE");
        }
        if (type == ActionType.COMMENT && text == null) {
            throw bad("a comment needs a text: field 'reason' is required for COMMENT");
        }
        if (current == TeamStatus.RESOLVED && type != ActionType.COMMENT) {
            throw new ActionRejected(Kind.CONFLICT, "the alert is already resolved; only comments can be added");
        }
        if (type == ActionType.ACKNOWLEDGE && current != TeamStatus.OPEN) {
            throw new ActionRejected(Kind.CONFLICT, "the alert is already " + current.name().toLowerCase(Locale.ROOT));
        }
        if (type == ActionType.OVERRIDE && current == TeamStatus.OVERRIDDEN) {
            throw new ActionRejected(Kind.CONFLICT, "the alert is already overridden");
        }
        return new Valid(type, text);
    }

    private static String actionNames() {
        return Arrays.stream(ActionType.values()).map(Enum::name).collect(Collectors.joining(", "));
    }

    private static ActionRejected bad(String message) {
        return new ActionRejected(Kind.BAD_REQUEST, message);
    }
}
