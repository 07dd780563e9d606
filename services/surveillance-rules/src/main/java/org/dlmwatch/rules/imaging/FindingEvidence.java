package org.dlmwatch.rules.imaging;

import org.dlmwatch.rules.ProgrammeWindow;
import org.dlmwatch.rules.alert.AlertTexts;
import org.dlmwatch.rules.alert.Evidence;
import org.dlmwatch.rules.alert.EvidenceKind;
import org.dlmwatch.rules.model.DlmLesion;
import org.dlmwatch.rules.model.ImagingReport;
import org.dlmwatch.rules.model.LesionFinding;

/** Evidence items for imaging alerts. */
final class FindingEvidence {

    private FindingEvidence() {
    }

    static Evidence of(ImagingReport r, LesionFinding f, String note) {
        String tracking = f.trackingId() == null ? "" : ", tracking id " + f.trackingId();
        return new Evidence(EvidenceKind.IMAGING_FINDING, r.reportId(), r.studyAt(), null, null, r.modality(),
                f.segment().label(), f.sizeMm(), f.status() + " in segment " + f.segment().label() + tracking
                        + (note == null ? "" : "; " + note));
    }

    static Evidence registered(DlmLesion l) {
        String size = l.baselineSizeMm() == null ? "" : ", " + AlertTexts.num(l.baselineSizeMm()) + " mm before chemotherapy";
        return new Evidence(EvidenceKind.ENROLLMENT, l.lesionId(), ProgrammeWindow.startOfDay(l.disappearedOn()), null,
                null, l.establishedBy(), l.segment().label(), l.baselineSizeMm(),
                "registered DLM " + l.lesionId() + size + "; disappeared on " + l.disappearedOn() + " ("
                        + l.establishedBy() + ")");
    }

    static String size(LesionFinding f) {
        return f.sizeMm() == null ? "size not given" : AlertTexts.num(f.sizeMm()) + " mm";
    }
}
