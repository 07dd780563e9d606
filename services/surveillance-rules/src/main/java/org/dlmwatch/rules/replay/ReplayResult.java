package org.dlmwatch.rules.replay;

import java.util.List;
import java.util.Map;

import org.dlmwatch.rules.alert.Alert;
import org.dlmwatch.rules.validation.ErrorCode;

/**
 * The outcome of a {@link Replay}.
 *
 * @param alerts the final state of every alert ever emitted (its last emitted version), sorted by
 *     patient id then alert id; RETRACTED ones included
 * @param changes every change in the order it was emitted
 * @param rejected how many events were dead-lettered, per error code
 * @param nonComparableCea CEA results in units or moles per volume, kept out of the series (§2.2)
 * @param ignoredLabResults lab results that are not CEA
 */
public record ReplayResult(
        List<Alert> alerts,
        List<Alert> changes,
        Map<ErrorCode, Integer> rejected,
        int nonComparableCea,
        int ignoredLabResults) {

    public ReplayResult {
        alerts = List.copyOf(alerts);
        changes = List.copyOf(changes);
        rejected = Map.copyOf(rejected);
    }
}
