package org.dlmwatch.desk.delivery;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.Locale;
import org.dlmwatch.desk.web.Labels;
import org.dlmwatch.events.v1.DeliveryStep;
import org.dlmwatch.events.v1.SurveillanceAlert;
import org.dlmwatch.platform.json.ContractJson;

/**
 * What a channel sends about one alert and step, with no more patient data than the channel's
 * {@link PatientData} level allows. Pure: the same alert, step and level give the same message.
 *
 * @param escalatedAfter for ESCALATION: the time the alert waited unacknowledged
 */
public record Notification(
        SurveillanceAlert alert, DeliveryStep step, String link, Duration escalatedAfter, PatientData level) {

    /** The receiver's deduplication key: the same for every attempt of this alert and step. */
    public String idempotencyKey() {
        return alert.getAlertId() + ":" + step.name();
    }

    public String subject() {
        String sev = alert.getSeverity().name();
        String type = Labels.type(alert.getType());
        return step == DeliveryStep.ESCALATION
                ? "[dlm-watch] Escalation: " + sev + " alert not acknowledged (" + type + ")"
                : "[dlm-watch] " + sev + " alert: " + type;
    }

    public String text() {
        StringBuilder sb = new StringBuilder();
        if (step == DeliveryStep.ESCALATION) {
            sb.append("A ").append(alert.getSeverity().name().toLowerCase(Locale.ROOT))
                    .append(" surveillance alert has not been acknowledged within ")
                    .append(Labels.duration(escalatedAfter)).append(".\n");
        } else {
            sb.append("A new ").append(alert.getSeverity().name().toLowerCase(Locale.ROOT))
                    .append(" surveillance alert needs review by the oncology team.\n");
        }
        sb.append('\n');
        sb.append("Type:     ").append(Labels.type(alert.getType())).append('\n');
        sb.append("Severity: ").append(alert.getSeverity().name()).append('\n');
        if (level != PatientData.NONE) {
            sb.append("Patient:  ").append(alert.getPatientId()).append('\n');
        }
        if (level == PatientData.SUMMARY) {
            sb.append("Summary:  ").append(alert.getTitle()).append('\n');
        }
        sb.append("Alert:    ").append(alert.getAlertId()).append('\n');
        sb.append('\n');
        sb.append("Open the alert (sign-in required): ").append(link).append('\n');
        sb.append('\n');
        sb.append("dlm-watch is decision support for the multidisciplinary team (MDT), not a diagnosis.\n");
        return sb.toString();
    }

    /** The webhook's JSON body. */
    public ObjectNode json() {
        ObjectNode n = ContractJson.mapper().createObjectNode();
        n.put("deliveryId", idempotencyKey());
        n.put("alertId", alert.getAlertId());
        n.put("step", step.name());
        n.put("type", alert.getType().name());
        n.put("severity", alert.getSeverity().name());
        n.put("status", alert.getStatus().name());
        n.put("link", link);
        if (escalatedAfter != null) {
            n.put("unacknowledgedFor", escalatedAfter.toString());
        }
        if (level != PatientData.NONE) {
            n.put("patientId", alert.getPatientId());
        }
        if (level == PatientData.SUMMARY) {
            n.put("title", alert.getTitle());
        }
        return n;
    }
}
