package org.dlmwatch.benchmarks;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.dlmwatch.rules.model.ClinicalEvent;
import org.dlmwatch.rules.model.DlmLesion;
import org.dlmwatch.rules.model.Enrollment;
import org.dlmwatch.rules.model.EnrollmentStatus;
import org.dlmwatch.rules.model.FindingStatus;
import org.dlmwatch.rules.model.ImagingReport;
import org.dlmwatch.rules.model.LabResult;
import org.dlmwatch.rules.model.LesionFinding;
import org.dlmwatch.rules.model.Modality;
import org.dlmwatch.rules.model.ReportStatus;
import org.dlmwatch.rules.model.ResultStatus;
import org.dlmwatch.rules.model.Segment;

/**
 * A long, busy patient history: three DLM, a CEA every month and a hepatobiliary MRI every three
 * months for {@code years} years (denser than the programme's schedule, so the figures are an
 * upper bound), with noise around the baseline and a late rise.
 */
final class LongHistory {

    static final String PATIENT = "P-BENCH";
    static final LocalDate ENROLLED = LocalDate.parse("2021-01-10");

    private LongHistory() {}

    static List<ClinicalEvent> events(int years) {
        List<ClinicalEvent> events = new ArrayList<>();
        events.add(new Enrollment(PATIENT, ENROLLED, ENROLLED.minusWeeks(8), List.of(
                new DlmLesion("L1", Segment.VII, 14.0, ENROLLED.minusWeeks(4), Modality.MRI_HBP_DWI),
                new DlmLesion("L2", Segment.IVa, 9.0, ENROLLED.minusWeeks(4), Modality.MRI_HBP_DWI),
                new DlmLesion("L3", Segment.II, 11.0, ENROLLED.minusWeeks(4), Modality.CT)),
                false, false, EnrollmentStatus.ACTIVE, null, at(ENROLLED)));
        int months = years * 12;
        for (int m = 1; m <= months; m++) {
            double value = m < months - 4 ? 2.0 + 0.3 * Math.sin(m) : 2.0 * Math.pow(1.5, m - (months - 4));
            events.add(cea("R" + m, value, at(ENROLLED.plusMonths(m))));
            if (m % 3 == 0) {
                FindingStatus l1 = m > months - 3 ? FindingStatus.PRESENT : FindingStatus.ABSENT;
                events.add(new ImagingReport("I" + m, PATIENT, at(ENROLLED.plusMonths(m)).plus(Duration.ofHours(2)),
                        Modality.MRI_HBP_DWI, ReportStatus.FINAL, List.of(
                                new LesionFinding("L1", Segment.VII, l1 == FindingStatus.PRESENT ? 7.0 : null, l1),
                                new LesionFinding("L2", Segment.IVa, null, FindingStatus.ABSENT)),
                        at(ENROLLED.plusMonths(m)).plus(Duration.ofHours(8)), "ris-bench"));
            }
        }
        return events;
    }

    static LabResult cea(String id, double value, Instant collectedAt) {
        return new LabResult(id, PATIENT, "2039-6", Math.round(value * 10) / 10.0, null, "ng/mL", 5.0,
                ResultStatus.FINAL, collectedAt, collectedAt.plus(Duration.ofHours(6)), "Roche Elecsys", "lab-a", "lab-bench");
    }

    static Instant end(int years) {
        return at(ENROLLED.plusMonths(years * 12L + 1));
    }

    static Instant at(LocalDate day) {
        return day.atTime(8, 0).toInstant(ZoneOffset.UTC);
    }
}
