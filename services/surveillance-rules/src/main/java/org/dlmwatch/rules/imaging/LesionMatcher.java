package org.dlmwatch.rules.imaging;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.dlmwatch.rules.model.DlmLesion;
import org.dlmwatch.rules.model.LesionFinding;
import org.dlmwatch.rules.validation.InputValidator;

/**
 * Matches a finding to the registered DLM, clinical-spec §3.2: "by tracking id, or, without a tracking
 * id, by the same Couinaud segment (IV matches IVa and IVb). When several DLM share the segment, the
 * finding matches each of them ambiguously."
 *
 * <p>Tracking ids are compared trimmed and without regard to letter case. A finding whose tracking id
 * names no registered DLM matches none (the spec matches by segment only "without a tracking id"):
 * a tracked lesion that is not a DLM is a new lesion.
 */
final class LesionMatcher {

    /** The candidates for one finding; {@code byTrackingId} when a tracking id settled it. */
    record Match(List<DlmLesion> candidates, boolean byTrackingId) {

        boolean isEmpty() {
            return candidates.isEmpty();
        }

        List<String> lesionIds() {
            List<String> ids = new ArrayList<>(candidates.size());
            for (DlmLesion l : candidates) {
                ids.add(l.lesionId());
            }
            return ids;
        }
    }

    private final List<DlmLesion> lesions;
    private final Map<String, DlmLesion> byId = new HashMap<>();

    LesionMatcher(List<DlmLesion> lesions) {
        this.lesions = lesions;
        for (DlmLesion l : lesions) {
            byId.putIfAbsent(InputValidator.normalisedLesionId(l.lesionId()), l);
        }
    }

    Match match(LesionFinding f) {
        if (f.trackingId() != null) {
            DlmLesion l = byId.get(InputValidator.normalisedLesionId(f.trackingId()));
            return new Match(l == null ? List.of() : List.of(l), true);
        }
        List<DlmLesion> candidates = new ArrayList<>(2);
        for (DlmLesion l : lesions) {
            if (l.segment().matches(f.segment())) {
                candidates.add(l);
            }
        }
        return new Match(candidates, false);
    }
}
