package org.dlmwatch.rules.history;

import java.util.Comparator;

import org.dlmwatch.rules.model.Enrollment;
import org.dlmwatch.rules.model.EnrollmentStatus;
import org.dlmwatch.rules.model.ImagingReport;
import org.dlmwatch.rules.model.LabResult;
import org.dlmwatch.rules.model.ReportStatus;
import org.dlmwatch.rules.model.ResultStatus;

/**
 * Which of two versions of one record wins. §2.2: "When several versions of one result arrive, the one
 * with the latest resultedAt wins (a CORRECTED that arrives before its FINAL still wins); likewise
 * reportedAt for reports and updatedAt for enrollments."
 *
 * <p>The spec does not say what happens when two different versions carry the same timestamp. So that
 * the winner never depends on arrival order, ties go to the removing status (a cancellation is the
 * safer reading of a conflict), then to the correcting one, then to a fixed order of the content.
 */
final class VersionOrder {

    static final Comparator<LabResult> LAB = Comparator
            .comparing(LabResult::resultedAt)
            .thenComparingInt(r -> rank(r.status()))
            .thenComparing(LabResult::toString);

    static final Comparator<ImagingReport> REPORT = Comparator
            .comparing(ImagingReport::reportedAt)
            .thenComparingInt(r -> rank(r.status()))
            .thenComparing(ImagingReport::toString);

    static final Comparator<Enrollment> ENROLLMENT = Comparator
            .comparing(Enrollment::updatedAt)
            .thenComparingInt(e -> e.status() == EnrollmentStatus.ENDED ? 1 : 0)
            .thenComparing(Enrollment::toString);

    private VersionOrder() {
    }

    private static int rank(ResultStatus s) {
        switch (s) {
            case CANCELLED:
            case ENTERED_IN_ERROR:
                return 3;
            case CORRECTED:
                return 2;
            default:
                return 1;
        }
    }

    private static int rank(ReportStatus s) {
        switch (s) {
            case CANCELLED:
                return 3;
            case AMENDED:
                return 2;
            default:
                return 1;
        }
    }
}
