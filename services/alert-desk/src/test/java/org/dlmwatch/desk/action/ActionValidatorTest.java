package org.dlmwatch.desk.action;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.dlmwatch.desk.action.ActionRejected.Kind;
import org.dlmwatch.desk.view.TeamStatus;
import org.dlmwatch.events.v1.ActionType;
import org.junit.jupiter.api.Test;

class ActionValidatorTest {

    @Test
    void acceptsEachActionAndNormalisesTheReason() {
        assertThat(ActionValidator.validate("ACKNOWLEDGE", null, TeamStatus.OPEN))
                .isEqualTo(new ActionValidator.Valid(ActionType.ACKNOWLEDGE, null));
        assertThat(ActionValidator.validate(" override ", "  benign cyst  ", TeamStatus.ACKNOWLEDGED))
                .isEqualTo(new ActionValidator.Valid(ActionType.OVERRIDE, "benign cyst"));
        assertThat(ActionValidator.validate("RESOLVE", "   ", TeamStatus.OVERRIDDEN).reason()).isNull();
        assertThat(ActionValidator.validate("COMMENT", "seen at MDT", TeamStatus.RESOLVED).action())
                .isEqualTo(ActionType.COMMENT);
    }

    @Test
    void badRequests() {
        rejected(null, null, TeamStatus.OPEN, Kind.BAD_REQUEST, "field 'action' is required");
        rejected("DELETE", null, TeamStatus.OPEN, Kind.BAD_REQUEST,
                "must be one of ACKNOWLEDGE, OVERRIDE, RESOLVE, COMMENT");
        rejected("OVERRIDE", null, TeamStatus.OPEN, Kind.BAD_REQUEST, "an override needs a reason");
        rejected("OVERRIDE", " \n ", TeamStatus.OPEN, Kind.BAD_REQUEST, "an override needs a reason");
        rejected("COMMENT", "", TeamStatus.OPEN, Kind.BAD_REQUEST, "a comment needs a text");
        rejected("COMMENT", "x".repeat(ActionValidator.MAX_REASON + 1), TeamStatus.OPEN, Kind.BAD_REQUEST,
                "longer than 2000");
    }

    @Test
    void conflictsWithTheCurrentState() {
        rejected("ACKNOWLEDGE", null, TeamStatus.ACKNOWLEDGED, Kind.CONFLICT, "already acknowledged");
        rejected("ACKNOWLEDGE", null, TeamStatus.OVERRIDDEN, Kind.CONFLICT, "already overridden");
        rejected("OVERRIDE", "why", TeamStatus.OVERRIDDEN, Kind.CONFLICT, "already overridden");
        rejected("RESOLVE", null, TeamStatus.RESOLVED, Kind.CONFLICT, "already resolved");
        rejected("ACKNOWLEDGE", null, TeamStatus.RESOLVED, Kind.CONFLICT, "only comments");
    }

    private static void rejected(String action, String reason, TeamStatus state, Kind kind, String message) {
        assertThatThrownBy(() -> ActionValidator.validate(action, reason, state))
                .isInstanceOfSatisfying(ActionRejected.class, e -> assertThat(e.kind()).isEqualTo(kind))
                .hasMessageContaining(message);
    }
}
