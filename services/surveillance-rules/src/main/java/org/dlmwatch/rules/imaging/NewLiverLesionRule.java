package org.dlmwatch.rules.imaging;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.dlmwatch.rules.alert.AlertBuilder;
import org.dlmwatch.rules.alert.AlertTexts;
import org.dlmwatch.rules.alert.AlertType;
import org.dlmwatch.rules.model.ImagingReport;
import org.dlmwatch.rules.model.LesionFinding;
import org.dlmwatch.rules.validation.InputValidator;

/**
 * <b>NEW_LIVER_LESION</b> (high), clinical-spec §3.2: "a PRESENT finding that matches no registered
 * DLM. Also rescue-eligible: same recommendation." Identity: "one NEW_LIVER_LESION per segment (or per
 * tracking id when the finding has one); a later report of the same finding adds evidence to the same
 * alert, never a second alert."
 *
 * <p>The segment identity folds IVa and IVb into IV ({@code Segment.family()}), mirroring "IV matches
 * IVa and IVb": a lesion reported once as "IVa" and later as "IV" stays one alert. A tracked new lesion
 * names its tracking id in {@code lesionIds}; an untracked one names no lesion.
 */
final class NewLiverLesionRule {

    static final String RULE_ID = "NewLiverLesionRule";

    private final String patientId;
    private final Map<String, AlertBuilder> byKey = new LinkedHashMap<>();
    private final Map<String, ImagingReport> firstReport = new LinkedHashMap<>();
    private final Map<String, LesionFinding> firstFinding = new LinkedHashMap<>();

    NewLiverLesionRule(String patientId) {
        this.patientId = patientId;
    }

    void onPresent(ImagingReport r, LesionFinding f) {
        String key = f.trackingId() != null
                ? "tid:" + InputValidator.normalisedLesionId(f.trackingId())
                : "seg:" + f.segment().family().label();
        AlertBuilder b = byKey.get(key);
        if (b == null) {
            b = new AlertBuilder(patientId, AlertType.NEW_LIVER_LESION, key, RULE_ID)
                    .eventTime(r.studyAt())
                    .recommendation(AlertTexts.recommendation(AlertTexts.RESCUE_REVIEW));
            if (f.trackingId() != null) {
                b.lesions(List.of(f.trackingId()));
            }
            byKey.put(key, b);
            firstReport.put(key, r);
            firstFinding.put(key, f);
        }
        b.evidence(FindingEvidence.of(r, f, "matches no registered DLM"));
    }

    List<AlertBuilder> alerts() {
        List<AlertBuilder> out = new ArrayList<>(byKey.size());
        for (Map.Entry<String, AlertBuilder> e : byKey.entrySet()) {
            ImagingReport r = firstReport.get(e.getKey());
            LesionFinding f = firstFinding.get(e.getKey());
            String tracking = f.trackingId() == null ? "" : " (" + f.trackingId() + ")";
            e.getValue().title("New liver lesion" + tracking + " in segment " + f.segment().label() + " ("
                    + r.modality() + ", " + FindingEvidence.size(f) + ")");
            out.add(e.getValue());
        }
        return out;
    }
}
