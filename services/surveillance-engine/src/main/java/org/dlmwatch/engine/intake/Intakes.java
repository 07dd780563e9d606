package org.dlmwatch.engine.intake;

import java.time.Instant;
import java.util.Optional;
import org.dlmwatch.engine.mapping.ContractMapping;
import org.dlmwatch.events.v1.Enrollment;
import org.dlmwatch.events.v1.ImagingReport;
import org.dlmwatch.events.v1.LabResult;
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
     * LOINC code alone, before any state access. Non-comparable CEA (units or moles per volume) is
     * counted and kept out of the series.
     */
    public static IntakeRule<LabResult> labResults(InputValidator validator) {
        return new IntakeRule<>() {
            @Override
            public Optional<String> ignored(LabResult r) {
                return switch (LabCodes.classify(r.getLoinc())) {
                    case CEA_MASS -> Optional.empty();
                    case CEA_NON_COMPARABLE -> Optional.of("cea-non-comparable");
                    default -> Optional.of("not-cea");
                };
            }

            @Override
            public String patientId(LabResult r) {
                return r.getPatientId();
            }

            @Override
            public ClinicalEvent admit(LabResult r, Instant now) {
                var event = ContractMapping.toDomain(r);
                return checked(event, validator.validate(event, now));
            }
        };
    }

    public static IntakeRule<ImagingReport> imagingReports(InputValidator validator) {
        return new IntakeRule<>() {
            @Override
            public Optional<String> ignored(ImagingReport r) {
                return Optional.empty();
            }

            @Override
            public String patientId(ImagingReport r) {
                return r.getPatientId();
            }

            @Override
            public ClinicalEvent admit(ImagingReport r, Instant now) {
                var event = ContractMapping.toDomain(r);
                return checked(event, validator.validate(event, now));
            }
        };
    }

    public static IntakeRule<Enrollment> enrollments(InputValidator validator) {
        return new IntakeRule<>() {
            @Override
            public Optional<String> ignored(Enrollment e) {
                return Optional.empty();
            }

            @Override
            public String patientId(Enrollment e) {
                return e.getPatientId();
            }

            @Override
            public ClinicalEvent admit(Enrollment e, Instant now) {
                var event = ContractMapping.toDomain(e);
                return checked(event, validator.validate(event, now));
            }
        };
    }

    private static ClinicalEvent checked(ClinicalEvent event, ValidationResult result) {
        if (result instanceof Rejection rejection) {
            throw new RejectedInputException(rejection);
        }
        return event;
    }
}
