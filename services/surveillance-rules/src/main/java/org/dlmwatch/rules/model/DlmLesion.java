package org.dlmwatch.rules.model;

import java.time.LocalDate;
import java.util.Objects;

/**
 * One disappeared liver metastasis registered at enrollment (clinical-spec §2.1).
 *
 * @param lesionId tracking id from the baseline exam
 * @param segment Couinaud segment
 * @param baselineSizeMm size before chemotherapy, may be null
 * @param disappearedOn date it was found to have disappeared
 * @param establishedBy the modality that established the disappearance
 */
public record DlmLesion(
        String lesionId,
        Segment segment,
        Double baselineSizeMm,
        LocalDate disappearedOn,
        Modality establishedBy) {

    public DlmLesion {
        Objects.requireNonNull(lesionId, "lesionId");
        Objects.requireNonNull(segment, "segment");
    }
}
