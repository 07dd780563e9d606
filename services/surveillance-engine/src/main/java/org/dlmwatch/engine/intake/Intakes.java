package org.dlmwatch.engine.intake;

import java.time.Instant;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.function.Function;
import org.dlmwatch.engine.mapping.ContractMapping;
import org.dlmwatch.events.v1.Enrollment;
import org.dlmwatch.events.v1.ImagingReport;
import org.dlmwatch.events.v1.LabResult;
import org.dlmwatch.registry.AvroFieldPeek;
import org.dlmwatch.rules.model.ClinicalEvent;
import org.dlmwatch.rules.validation.InputValidator;
import org.dlmwatch.rules.validation.LabCodes;
import org.dlmwatch.rules.validation.RejectedInputException;
import org.dlmwatch.rules.validation.Rejection;
import org.dlmwatch.rules.validation.ValidationResult;

/** The intake rule of each input topic. */
public final class Intakes {

    private Intakes() {}

    /**
     * Lab results: the topic carries every lab test; everything but CEA is dropped here, on the
     * LOINC code alone, before any state access. Non-CEA-mass CEA (units or moles per volume) is
     * counted and kept out of the series. The code is read first from the encoded record alone
     * ({@code loinc}, an {@link AvroFieldPeek}), so that the 95% of the topic that is not CEA is
     * dropped without decoding the rest of each record; a record whose code cannot be read that way
     * is decoded in full (and dead-lettered if it is bad).
     */
    public static IntakeRule<LabResult> labResults(InputValidator validator, AvroFieldPeek loinc) {
        return new Mapped<>(bytes -> loinc.peek(bytes).flatMap(Intakes::ignoredLoinc), r -> ignoredLoinc(r.getLoinc()),
                LabResult::getPatientId, ContractMapping::toDomain, validator::validate);
    }

    private static Optional<String> ignoredLoinc(String loinc) {
        return switch (LabCodes.classify(loinc)) {
            case CEA_MASS -> Optional.empty();
            case CEA_NON_COMPARABLE -> Optional.of("cea-non-comparable");
            default -> Optional.of("not-cea");
        };
    }

    public static IntakeRule<ImagingReport> imagingReports(InputValidator validator) {
        return new Mapped<>(DECODE_EVERY_VALUE, r -> Optional.empty(), ImagingReport::getPatientId,
                ContractMapping::toDomain, validator::validate);
    }

    public static IntakeRule<Enrollment> enrollments(InputValidator validator) {
        return new Mapped<>(DECODE_EVERY_VALUE, e -> Optional.empty(), Enrollment::getPatientId,
                ContractMapping::toDomain, validator::validate);
    }

    private static final Function<byte[], Optional<String>> DECODE_EVERY_VALUE = bytes -> Optional.empty();

    /** An intake rule made of its parts: filters, patient id, mapping to the domain, validation. */
    private record Mapped<A, D extends ClinicalEvent>(
            Function<byte[], Optional<String>> ignoreEncoded,
            Function<A, Optional<String>> ignore,
            Function<A, String> patient,
            Function<A, D> toDomain,
            BiFunction<D, Instant, ValidationResult> validate) implements IntakeRule<A> {

        @Override
        public Optional<String> ignoredBeforeDecoding(byte[] value) {
            return ignoreEncoded.apply(value);
        }

        @Override
        public Optional<String> ignored(A record) {
            return ignore.apply(record);
        }

        @Override
        public String patientId(A record) {
            return patient.apply(record);
        }

        @Override
        public ClinicalEvent admit(A record, Instant now) {
            D event = toDomain.apply(record);
            if (validate.apply(event, now) instanceof Rejection rejection) {
                throw new RejectedInputException(rejection);
            }
            return event;
        }
    }
}
