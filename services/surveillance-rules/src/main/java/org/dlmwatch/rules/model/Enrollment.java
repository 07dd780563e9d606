package org.dlmwatch.rules.model;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Objects;

/**
 * The MDT decision to watch and wait (clinical-spec §2.1). The latest version by {@code updatedAt}
 * wins (§2.2).
 *
 * @param lastChemoDoseOn may be null (then no chemotherapy window applies)
 * @param endReason null unless {@code status} is ENDED
 * @param updatedAt for an ENDED enrollment, the end of the programme: "An ENDED patient raises no
 *     alert for clinical times after the end (the ENDED record's updatedAt)"
 */
public record Enrollment(
        String patientId,
        LocalDate enrolledOn,
        LocalDate lastChemoDoseOn,
        List<DlmLesion> lesions,
        boolean smoker,
        boolean chronicLiverDisease,
        EnrollmentStatus status,
        EndReason endReason,
        Instant updatedAt) implements ClinicalEvent {

    public Enrollment {
        Objects.requireNonNull(patientId, "patientId");
        lesions = lesions == null ? List.of() : List.copyOf(lesions);
    }

    /** Start of the programme: the enrollment date at 00:00 UTC. */
    @Override
    public Instant clinicalTime() {
        return enrolledOn.atStartOfDay(ZoneOffset.UTC).toInstant();
    }

    public boolean isEnded() {
        return status == EnrollmentStatus.ENDED;
    }
}
