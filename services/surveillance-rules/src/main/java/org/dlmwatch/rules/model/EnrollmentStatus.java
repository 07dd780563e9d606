package org.dlmwatch.rules.model;

/** Programme status of an enrollment (event-contract: EnrollmentStatus). */
public enum EnrollmentStatus {
    ACTIVE,
    ENDED
}
