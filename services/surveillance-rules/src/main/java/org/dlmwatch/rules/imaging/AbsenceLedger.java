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

    private final Map<String, Evidence> lastAbsent = new HashMap<>();
    private final Map<String, Evidence> firstHbpAbsent = new HashMap<>();

    /** Records an ABSENT finding for every DLM it matches, unless the modality cannot confirm absence. */
    void record(ImagingReport r, LesionFinding f, LesionMatcher.Match match) {
        if (!r.modality().canConfirmAbsence()) {
            return;
        }
        for (DlmLesion l : match.candidates()) {
            Evidence e = new Evidence(EvidenceKind.IMAGING_FINDING, r.reportId(), r.studyAt(), null, null,
                    r.modality(), f.segment().label(), null,
                    l.lesionId() + " last confirmed absent on " + AlertTexts.date(r.studyAt()) + " (" + r.modality() + ")");
            Evidence prev = lastAbsent.get(l.lesionId());
            if (prev == null || !prev.at().isAfter(r.studyAt())) {
                lastAbsent.put(l.lesionId(), e);
            }
            if (r.modality().isHepatobiliaryMri()) {
                firstHbpAbsent.putIfAbsent(l.lesionId(), e);
            }
        }
    }

    /** The last confirmation of absence so far, or null. */
    Evidence lastAbsent(String lesionId) {
        return lastAbsent.get(lesionId);
    }

    /** The first hepatobiliary-MRI confirmation of absence so far, or null. */
    Evidence firstHepatobiliaryConfirmation(String lesionId) {
        return firstHbpAbsent.get(lesionId);
    }
}
