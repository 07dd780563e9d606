package org.dlmwatch.rules.imaging;

import java.util.HashMap;
import java.util.Map;

import org.dlmwatch.rules.alert.AlertTexts;
import org.dlmwatch.rules.alert.Evidence;
import org.dlmwatch.rules.alert.EvidenceKind;
import org.dlmwatch.rules.model.DlmLesion;
import org.dlmwatch.rules.model.ImagingReport;
import org.dlmwatch.rules.model.LesionFinding;

/**
 * "ABSENT findings are good news: they record the date each DLM was last confirmed absent" and "an
 * ABSENT finding on PET_CT does not count as confirmation" (§3.2). Only explicit ABSENT findings count
 * (a report that lists no finding says nothing about a DLM); the disappearance itself is shown from the
 * enrollment. Shown as evidence on a DLM_REAPPEARANCE, so the team sees the interval in which the lesion
 * came back, and on DLM_NOT_HBP_CONFIRMED once a hepatobiliary MRI confirms the absence.
 */
final class AbsenceLedger {

    /** One confirmation of absence; described as evidence only when an alert shows it. */
    private record Absence(ImagingReport report, LesionFinding finding, String lesionId) {

        Evidence evidence() {
            return new Evidence(EvidenceKind.IMAGING_FINDING, report.reportId(), report.studyAt(), null, null,
                    report.modality(), finding.segment().label(), null, lesionId + " last confirmed absent on "
                            + AlertTexts.date(report.studyAt()) + " (" + report.modality() + ")");
        }
    }

    private final Map<String, Absence> lastAbsent = new HashMap<>();
    private final Map<String, Absence> firstHbpAbsent = new HashMap<>();

    /** Records an ABSENT finding for every DLM it matches, unless the modality cannot confirm absence. */
    void record(ImagingReport r, LesionFinding f, LesionMatcher.Match match) {
        if (!r.modality().canConfirmAbsence()) {
            return;
        }
        for (DlmLesion l : match.candidates()) {
            Absence absence = new Absence(r, f, l.lesionId());
            Absence prev = lastAbsent.get(l.lesionId());
            if (prev == null || !prev.report().studyAt().isAfter(r.studyAt())) {
                lastAbsent.put(l.lesionId(), absence);
            }
            if (r.modality().isHepatobiliaryMri()) {
                firstHbpAbsent.putIfAbsent(l.lesionId(), absence);
            }
        }
    }

    /** The last confirmation of absence so far, or null. */
    Evidence lastAbsent(String lesionId) {
        Absence a = lastAbsent.get(lesionId);
        return a == null ? null : a.evidence();
    }

    /** The first hepatobiliary-MRI confirmation of absence so far, or null. */
    Evidence firstHepatobiliaryConfirmation(String lesionId) {
        Absence a = firstHbpAbsent.get(lesionId);
        return a == null ? null : a.evidence();
    }
}
