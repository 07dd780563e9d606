package org.dlmwatch.engine.intake;

import java.time.Instant;
import java.util.Optional;
import org.dlmwatch.rules.model.ClinicalEvent;
import org.dlmwatch.rules.validation.RejectedInputException;

/**
 * What the engine does with one input record type before it reaches a patient's history: a cheap
 * relevance filter (no state access), then validation and mapping to the domain event.
 *
 * @param <A> the contract record (Avro)
 */
public interface IntakeRule<A> {

    /**
     * Why an encoded value is of no interest, read from its bytes without decoding it; empty when the
     * value is to be decoded and judged by {@link #ignored}. By default every value is decoded.
     */
    default Optional<String> ignoredBeforeDecoding(byte[] value) {
        return Optional.empty();
    }

    /** Why the record is of no interest (e.g. "not-cea"), counted and dropped; empty if it is used. */
    Optional<String> ignored(A record);

    String patientId(A record);

    /**
     * The validated domain event.
     *
     * @param now the time against which future timestamps are judged; null: not judged
     * @throws RejectedInputException with an error code and a message free of patient data
     */
    ClinicalEvent admit(A record, Instant now);
}
