package org.dlmwatch.rules.alert;

import java.time.Instant;
import java.util.Objects;

import org.dlmwatch.rules.model.Modality;

/**
 * One contributing result, finding, enrollment entry or schedule step (event-contract: Evidence).
 * Lab values are given normalised to ug/L.
 */
public record Evidence(
        EvidenceKind kind,
        String refId,
        Instant at,
        Double value,
        String unit,
        Modality modality,
        String segment,
        Double sizeMm,
        String note) {

    public Evidence {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(refId, "refId");
        Objects.requireNonNull(at, "at");
    }
}
