package org.dlmwatch.rules.imaging;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.dlmwatch.rules.RuleConfig;
import org.dlmwatch.rules.alert.AlertBuilder;
import org.dlmwatch.rules.alert.AlertStatus;
import org.dlmwatch.rules.alert.AlertTexts;
import org.dlmwatch.rules.alert.AlertType;
import org.dlmwatch.rules.alert.Evidence;
import org.dlmwatch.rules.alert.EvidenceKind;
import org.dlmwatch.rules.model.ImagingReport;
import org.dlmwatch.rules.model.LesionFinding;
import org.dlmwatch.rules.validation.InputValidator;

/**
 * <b>LESION_EQUIVOCAL</b> (medium), clinical-spec §3.2: "an EQUIVOCAL finding. Recommendation: early
 * repeat hepatobiliary MRI with DWI in 6-8 weeks, not MDT referral yet." A request alert: it "becomes
 * FULFILLED when the requested exam arrives" (§3).
 *
 * <p><b>The requested exam</b> is the next liver MRI with a hepatobiliary phase (MRI_HBP or
 * MRI_HBP_DWI) with a study time strictly after the equivocal report, whatever it shows: a
 * hepatobiliary MRI images every segment, so it answers the question whether or not the radiologist
 * mentions the focus. CT, US, CEUS, PET-CT and MRI without a hepatobiliary phase do not fulfil it.
 *
 * <p><b>Identity:</b> the focus (its tracking id, else its segment with IVa/IVb folded into IV) and
 * the report that first showed it. While the request is open, the same focus on another report adds
 * evidence. Once the requested MRI was done, an equivocal focus on that MRI or later is a new question
 * and raises a new alert. {@code lesionIds} names the DLM the focus could be (by tracking id or
 * segment), or the tracking id of a focus that is not a DLM.
 */
final class LesionEquivocalRule {

    static final String RULE_ID = "LesionEquivocalRule";

    private final String patientId;
    private final RuleConfig config;
    private final Map<String, AlertBuilder> open = new LinkedHashMap<>();
    private final List<AlertBuilder> all = new ArrayList<>();

    LesionEquivocalRule(String patientId, RuleConfig config) {
        this.patientId = patientId;
        this.config = config;
    }

    /** Called for every report before its findings: a hepatobiliary MRI fulfils earlier requests. */
    void onReport(ImagingReport r) {
        if (!r.modality().isHepatobiliaryMri()) {
            return;
        }
        for (Iterator<AlertBuilder> it = open.values().iterator(); it.hasNext(); ) {
            AlertBuilder b = it.next();
            if (r.studyAt().isAfter(b.eventTime())) {
                b.status(AlertStatus.FULFILLED).evidence(new Evidence(EvidenceKind.IMAGING_FINDING, r.reportId(),
                        r.studyAt(), null, null, r.modality(), null, null,
                        "requested hepatobiliary MRI performed (fulfils the request)"));
                it.remove();
            }
        }
    }

    void onEquivocal(ImagingReport r, LesionFinding f, LesionMatcher.Match match) {
        String focus = f.trackingId() != null
                ? "tid:" + InputValidator.normalisedLesionId(f.trackingId())
                : "seg:" + f.segment().family().label();
        AlertBuilder b = open.get(focus);
        if (b == null) {
            b = new AlertBuilder(patientId, AlertType.LESION_EQUIVOCAL, focus + "@" + r.reportId(), RULE_ID)
                    .eventTime(r.studyAt())
                    .title("Equivocal liver finding in segment " + f.segment().label()
                            + (match.isEmpty() ? "" : " (possible DLM " + String.join(" or ", match.lesionIds()) + ")")
                            + " on " + r.modality() + ": early repeat hepatobiliary MRI requested")
                    .recommendation(AlertTexts.recommendation("Early repeat liver MRI with hepatobiliary phase "
                            + "(gadoxetic acid) and DWI in " + config.equivocalRepeatMinWeeks() + "-"
                            + config.equivocalRepeatMaxWeeks() + " weeks; MDT referral is not needed yet."))
                    .parameter(RuleConfig.Key.EQUIVOCAL_REPEAT_MIN.property(),
                            Integer.toString(config.equivocalRepeatMinWeeks()))
                    .parameter(RuleConfig.Key.EQUIVOCAL_REPEAT_MAX.property(),
                            Integer.toString(config.equivocalRepeatMaxWeeks()));
            open.put(focus, b);
            all.add(b);
        }
        if (!match.isEmpty()) {
            b.lesions(match.lesionIds());
        } else if (f.trackingId() != null) {
            b.lesions(List.of(f.trackingId()));
        }
        b.evidence(FindingEvidence.of(r, f, null));
    }

    List<AlertBuilder> alerts() {
        return all;
    }
}
