package org.dlmwatch.rules.imaging;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import org.dlmwatch.rules.alert.AlertBuilder;
import org.dlmwatch.rules.alert.AlertTexts;
import org.dlmwatch.rules.alert.AlertType;
import org.dlmwatch.rules.alert.Evidence;
import org.dlmwatch.rules.model.DlmLesion;
import org.dlmwatch.rules.model.ImagingReport;
import org.dlmwatch.rules.model.LesionFinding;

/**
 * <b>DLM_REAPPEARANCE</b> (high), clinical-spec §3.2: "a PRESENT finding that matches a registered
 * DLM, by tracking id, or, without a tracking id, by the same Couinaud segment (IV matches IVa and
 * IVb). When several DLM share the segment, the finding matches each of them ambiguously: raise one
 * alert naming all candidates. Recommendation: HPB MDT review for rescue therapy (resection or thermal
 * ablation), with restaging (CT chest/abdomen/pelvis, FDG-PET for extrahepatic disease) first."
 * Identity: "one DLM_REAPPEARANCE per registered lesion ... a later report of the same finding adds
 * evidence to the same alert, never a second alert. An alert's clinical time is the study time of the
 * report that first raised it."
 *
 * <p>How findings become alerts (walked in study-time order):
 * <ul>
 *   <li>A finding whose candidates share no DLM with an existing alert raises a new alert naming all
 *       its candidates; its id derives from those lesion ids.
 *   <li>A finding whose candidates overlap exactly one existing alert adds its evidence there, and
 *       that alert names its other candidates too (so every candidate is named, and no lesion is named
 *       by two alerts).
 *   <li>A finding that overlaps several alerts (an unspecified "IV" finding after IVa and IVb each
 *       reappeared) adds its evidence to each of them and creates nothing.
 * </ul>
 */
final class DlmReappearanceRule {

    static final String RULE_ID = "DlmReappearanceRule";

    private final String patientId;
    private final Map<String, DlmLesion> lesionsById;
    private final List<Group> groups = new ArrayList<>();

    private static final class Group {
        final AlertBuilder alert;
        final TreeSet<String> lesions = new TreeSet<>();
        final ImagingReport firstReport;
        final LesionFinding firstFinding;

        Group(AlertBuilder alert, ImagingReport firstReport, LesionFinding firstFinding) {
            this.alert = alert;
            this.firstReport = firstReport;
            this.firstFinding = firstFinding;
        }
    }

    DlmReappearanceRule(String patientId, Map<String, DlmLesion> lesionsById) {
        this.patientId = patientId;
        this.lesionsById = lesionsById;
    }

    void onPresent(ImagingReport r, LesionFinding f, LesionMatcher.Match match, AbsenceLedger ledger) {
        List<String> candidates = match.lesionIds();
        List<Group> overlapping = new ArrayList<>(1);
        for (Group g : groups) {
            for (String id : candidates) {
                if (g.lesions.contains(id)) {
                    overlapping.add(g);
                    break;
                }
            }
        }
        String note = candidates.size() > 1
                ? "ambiguous: could be " + String.join(" or ", new TreeSet<>(candidates))
                : "matches DLM " + candidates.get(0) + (match.byTrackingId() ? " by tracking id" : " by segment");
        if (overlapping.isEmpty()) {
            TreeSet<String> sorted = new TreeSet<>(candidates);
            AlertBuilder b = new AlertBuilder(patientId, AlertType.DLM_REAPPEARANCE, "dlm:" + String.join("+", sorted),
                    RULE_ID)
                    .eventTime(r.studyAt())
                    .recommendation(AlertTexts.recommendation(AlertTexts.RESCUE_REVIEW))
                    .evidence(FindingEvidence.of(r, f, note));
            Group g = new Group(b, r, f);
            groups.add(g);
            addLesions(g, sorted, ledger);
            return;
        }
        for (Group g : overlapping) {
            g.alert.evidence(FindingEvidence.of(r, f, note));
        }
        if (overlapping.size() == 1) {
            addLesions(overlapping.get(0), candidates, ledger);
        }
    }

    private void addLesions(Group g, Iterable<String> ids, AbsenceLedger ledger) {
        for (String id : ids) {
            if (g.lesions.add(id)) {
                g.alert.evidence(FindingEvidence.registered(lesionsById.get(id)));
                Evidence absent = ledger.lastAbsent(id);
                if (absent != null) {
                    g.alert.evidence(absent);
                }
            }
        }
    }

    List<AlertBuilder> alerts() {
        List<AlertBuilder> out = new ArrayList<>(groups.size());
        for (Group g : groups) {
            g.alert.lesions(g.lesions).title(title(g));
            out.add(g.alert);
        }
        return out;
    }

    private static String title(Group g) {
        String seen = g.firstReport.modality() + ", " + FindingEvidence.size(g.firstFinding);
        if (g.lesions.size() == 1) {
            String id = g.lesions.first();
            return "DLM " + id + " has reappeared in segment " + g.firstFinding.segment().label() + " (" + seen + ")";
        }
        return "Lesion in segment " + g.firstFinding.segment().label() + " may be a reappearing DLM: "
                + String.join(" or ", g.lesions) + " (ambiguous; " + seen + ")";
    }
}
