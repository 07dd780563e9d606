package org.dlmwatch.rules.lifecycle;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

import org.dlmwatch.rules.alert.Alert;
import org.dlmwatch.rules.alert.AlertStatus;
import org.dlmwatch.rules.alert.AlertType;

/**
 * What was last emitted for one alert id: enough to tell whether the next evaluation changes
 * anything, and to emit a meaningful RETRACTED alert when the alert no longer exists.
 *
 * @param fingerprint {@link Alert#fingerprint()} of the last emitted version
 */
public record EmittedAlert(
        String alertId,
        AlertType type,
        AlertStatus status,
        String fingerprint,
        Instant eventTime,
        List<String> lesionIds,
        String title,
        String ruleId) {

    public EmittedAlert {
        Objects.requireNonNull(alertId, "alertId");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(status, "status");
        lesionIds = lesionIds == null ? List.of() : List.copyOf(lesionIds);
    }

    static EmittedAlert of(Alert a) {
        return of(a, a.fingerprint());
    }

    static EmittedAlert of(Alert a, String fingerprint) {
        return new EmittedAlert(a.alertId(), a.type(), a.status(), fingerprint, a.eventTime(), a.lesionIds(),
                a.title(), a.ruleId());
    }
}
