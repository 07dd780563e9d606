package org.dlmwatch.rules.alert;

import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * An alert as the rules produce it (event-contract: SurveillanceAlert without {@code detectedAt},
 * which the engine stamps).
 *
 * @param alertId deterministic and opaque, see {@link AlertIds}
 * @param lesionIds sorted
 * @param ruleId the rule class that produced it, e.g. {@code CeaRiseAboveBaselineRule}
 * @param ruleParameters the configuration keys and values the rule used, sorted by key
 * @param eventTime the clinical time of the alert
 */
public record Alert(
        String alertId,
        String patientId,
        AlertType type,
        Severity severity,
        AlertStatus status,
        List<String> lesionIds,
        String title,
        String recommendation,
        List<Evidence> evidence,
        String ruleId,
        Map<String, String> ruleParameters,
        List<String> contextFlags,
        Instant eventTime) {

    public Alert {
        Objects.requireNonNull(alertId, "alertId");
        Objects.requireNonNull(patientId, "patientId");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(eventTime, "eventTime");
        lesionIds = lesionIds == null ? List.of() : List.copyOf(lesionIds);
        evidence = evidence == null ? List.of() : List.copyOf(evidence);
        ruleParameters = ruleParameters == null
                ? Collections.emptySortedMap()
                : Collections.unmodifiableSortedMap(new TreeMap<>(ruleParameters));
        contextFlags = contextFlags == null ? List.of() : List.copyOf(contextFlags);
    }

    public Alert withStatus(AlertStatus newStatus) {
        return newStatus == status ? this : new Alert(alertId, patientId, type, severity, newStatus, lesionIds, title,
                recommendation, evidence, ruleId, ruleParameters, contextFlags, eventTime);
    }

    /**
     * A short digest of everything the team sees (status included). Two alerts with the same id and
     * fingerprint need not be emitted twice.
     */
    public String fingerprint() {
        return ContentHash.of(this);
    }
}
