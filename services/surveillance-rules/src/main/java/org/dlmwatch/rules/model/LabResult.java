package org.dlmwatch.rules.model;

import java.time.Instant;
import java.util.Objects;

/**
 * A lab result as it arrives (clinical-spec §2.2). Only LOINC 2039-6 enters the CEA series.
 *
 * @param value may be null on CANCELLED / ENTERED_IN_ERROR / PRELIMINARY versions
 * @param comparator "<", "<=", ">", ">=" or null; {@code <0.5} is value 0.5 with comparator "<"
 * @param unit as typed by the lab; normalised by {@code CeaUnits}
 * @param referenceHigh upper reference limit in the result's unit, may be null
 * @param method assay method, may be null ("A missing method is not a change")
 */
public record LabResult(
        String resultId,
        String patientId,
        String loinc,
        Double value,
        String comparator,
        String unit,
        Double referenceHigh,
        ResultStatus status,
        Instant collectedAt,
        Instant resultedAt,
        String method,
        String performingLab,
        String sourceSystem) implements ClinicalEvent {

    public LabResult {
        Objects.requireNonNull(resultId, "resultId");
        Objects.requireNonNull(patientId, "patientId");
    }

    /** Collection time: "Order by specimen collection time, not arrival time" (§2.2). */
    @Override
    public Instant clinicalTime() {
        return collectedAt;
    }

    /** A "<" or "<=" result: the true value is at or below the stated limit. */
    public boolean isCensoredBelow() {
        return "<".equals(comparator) || "<=".equals(comparator);
    }
}
