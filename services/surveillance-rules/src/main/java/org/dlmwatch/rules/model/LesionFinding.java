package org.dlmwatch.rules.model;

import java.util.Objects;

/**
 * One lesion finding in an imaging report (clinical-spec §2.3).
 *
 * @param trackingId optional; when present it identifies the lesion across exams
 * @param sizeMm may be null
 */
public record LesionFinding(String trackingId, Segment segment, Double sizeMm, FindingStatus status) {

    public LesionFinding {
        Objects.requireNonNull(segment, "segment");
        Objects.requireNonNull(status, "status");
        if (trackingId != null && trackingId.isBlank()) {
            trackingId = null; // a blank tracking id carries no identity
        }
    }
}
