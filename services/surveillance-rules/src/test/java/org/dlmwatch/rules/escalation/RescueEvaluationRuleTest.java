package org.dlmwatch.rules.escalation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.dlmwatch.rules.Fx.cea;
import static org.dlmwatch.rules.Fx.enrollment;
import static org.dlmwatch.rules.Fx.evaluate;
import static org.dlmwatch.rules.Fx.mri;
import static org.dlmwatch.rules.Fx.ofType;
import static org.dlmwatch.rules.Fx.only;
import static org.dlmwatch.rules.Fx.present;
import static org.dlmwatch.rules.Fx.t;
import static org.dlmwatch.rules.alert.AlertType.RESCUE_EVALUATION;

import java.util.List;

import org.dlmwatch.rules.alert.Alert;
import org.dlmwatch.rules.alert.AlertType;
import org.dlmwatch.rules.alert.Severity;
import org.junit.jupiter.api.Test;

/** Clinical-spec §3.3 RESCUE_EVALUATION. */
class RescueEvaluationRuleTest {

    /** CEA_RISE_ABOVE_BASELINE (high) on 2025-02-15 08:00, and whatever imaging is given. */
    private static List<Alert> withCeaRise(Object... more) {
        Object[] events = new Object[3 + more.length];
        events[0] = enrollment();
        events[1] = cea("R1", "2025-01-15", 1.0);
        events[2] = cea("R2", "2025-02-15", 8.0);
        System.arraycopy(more, 0, events, 3, more.length);
        return evaluate(events);
    }

    @Test
    void highCeaAndHighImagingWithinNinetyDaysInclusive() {
        Alert r = only(withCeaRise(mri("I1", "2025-05-16T08:00:00Z", present("VII", "L1", 8.0))), RESCUE_EVALUATION);
        assertThat(r.severity()).isEqualTo(Severity.CRITICAL);
        assertThat(r.lesionIds()).containsExactly("L1");
        assertThat(r.eventTime()).isEqualTo(t("2025-05-16T08:00:00Z"));
        assertThat(r.title()).contains("90 days apart");
        assertThat(r.ruleParameters()).containsKeys("ceaAlertId", "imagingAlertId", "escalation.windowDays");
    }

    @Test
    void ninetyDaysAndOneSecondIsTooFar() {
        assertThat(ofType(withCeaRise(mri("I1", "2025-05-16T08:00:01Z", present("VII", "L1", 8.0))), RESCUE_EVALUATION))
                .isEmpty();
    }

    @Test
    void imagingBeforeCeaCountsToo() {
        Alert r = only(withCeaRise(mri("I1", "2024-12-01T00:00:00Z"), mri("I2", "2025-01-20", present("V", null, 8.0))),
                RESCUE_EVALUATION);
        assertThat(r.eventTime()).isEqualTo(t("2025-02-15"));
    }

    @Test
    void mediumOrLowAlertsDoNotEscalate() {
        // a repeat request (low) and an equivocal finding (medium) are not rescue evidence
        List<Alert> alerts = evaluate(enrollment(), cea("R1", "2025-01-15", 2.0), cea("R2", "2025-02-15", 6.0),
                mri("I1", "2025-02-20", org.dlmwatch.rules.Fx.equivocal("VII", null)));
        assertThat(ofType(alerts, RESCUE_EVALUATION)).isEmpty();
    }

    @Test
    void oneEscalationPerImagingAlertNamingTheEarliestCompletingCeaAlert() {
        // rise above baseline and consecutive rise on the same day, then a reappearance: one escalation
        List<Alert> alerts = evaluate(enrollment(), cea("R1", "2025-01-15", 1.0), cea("R2", "2025-02-01", 1.5),
                cea("R3", "2025-02-15", 8.5), mri("I1", "2025-03-01", present("VII", "L1", 8.0), present("V", null, 6.0)));
        assertThat(ofType(alerts, AlertType.CEA_CONSECUTIVE_RISE)).hasSize(1);
        assertThat(ofType(alerts, RESCUE_EVALUATION)).hasSize(2); // one for L1, one for the new lesion
    }
}
