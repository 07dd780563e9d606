package org.dlmwatch.desk.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.dlmwatch.desk.support.Fixtures;
import org.dlmwatch.events.v1.AlertStatus;
import org.dlmwatch.events.v1.AlertType;
import org.dlmwatch.events.v1.DeliveryStep;
import org.dlmwatch.events.v1.Severity;
import org.dlmwatch.events.v1.SurveillanceAlert;
import org.junit.jupiter.api.Test;

/** No more patient data than the channel allows. */
class NotificationTest {

    private static final SurveillanceAlert ALERT = Fixtures.alert("patient-77", "A-123", AlertType.CEA_RISE_ABOVE_BASELINE,
            Severity.HIGH, AlertStatus.RAISED, Instant.parse("2026-01-01T00:00:00Z"), List.of("R1"));
    private static final String LINK = "https://desk.example.org/alerts/A-123";

    @Test
    void noneCarriesNoPatientData() {
        Notification n = new Notification(ALERT, DeliveryStep.RAISED, LINK, null, PatientData.NONE);
        assertThat(n.subject()).isEqualTo("[dlm-watch] HIGH alert: CEA rise above baseline");
        assertThat(n.text()).contains(LINK).contains("A-123").contains("not a diagnosis")
                .doesNotContain("patient-77").doesNotContain("9.8");
        assertThat(n.json().toString()).doesNotContain("patient-77").doesNotContain("9.8");
        assertThat(n.json().get("deliveryId").asText()).isEqualTo("A-123:RAISED");
        assertThat(n.idempotencyKey()).isEqualTo("A-123:RAISED");
    }

    @Test
    void patientIdAndSummaryLevels() {
        Notification id = new Notification(ALERT, DeliveryStep.RAISED, LINK, null, PatientData.PATIENT_ID);
        assertThat(id.text()).contains("patient-77").doesNotContain("9.8");
        assertThat(id.json().get("patientId").asText()).isEqualTo("patient-77");
        assertThat(id.json().has("title")).isFalse();
        Notification summary = new Notification(ALERT, DeliveryStep.RAISED, LINK, null, PatientData.SUMMARY);
        assertThat(summary.text()).contains("patient-77").contains(ALERT.getTitle());
        assertThat(summary.json().get("title").asText()).isEqualTo(ALERT.getTitle());
    }

    @Test
    void escalationSaysHowLongTheAlertWaited() {
        Notification n = new Notification(ALERT, DeliveryStep.ESCALATION, LINK, Duration.ofHours(24), PatientData.NONE);
        assertThat(n.subject()).isEqualTo("[dlm-watch] Escalation: HIGH alert not acknowledged (CEA rise above baseline)");
        assertThat(n.text()).startsWith("A high surveillance alert has not been acknowledged within 24 h.");
        assertThat(n.idempotencyKey()).isEqualTo("A-123:ESCALATION");
        assertThat(n.json().get("unacknowledgedFor").asText()).isEqualTo("PT24H");
    }
}
