package org.dlmwatch.engine.intake;

import org.dlmwatch.rules.model.ClinicalEvent;

/**
 * A validated input event on its way to the patient's surveillance, with where it came from and
 * its original bytes, so that a failure further on can still dead-letter the input as it arrived.
 */
public record IntakeEvent(ClinicalEvent event, SourceRecord source) {

    /** The input record as it was read. */
    public record SourceRecord(String topic, int partition, long offset, byte[] key, byte[] value) {}
}
