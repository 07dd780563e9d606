package org.dlmwatch.rules.escalation;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.dlmwatch.rules.RuleConfig;
import org.dlmwatch.rules.alert.Alert;
import org.dlmwatch.rules.alert.AlertBuilder;
import org.dlmwatch.rules.alert.AlertTexts;
import org.dlmwatch.rules.alert.AlertType;
import org.dlmwatch.rules.alert.Evidence;
import org.dlmwatch.rules.alert.EvidenceKind;

/**
 * <b>RESCUE_EVALUATION</b> (critical), clinical-spec §3.3: "a high CEA alert and a high imaging alert
 * for the same patient within 90 days of each other by clinical time (a CEA alert's clinical time is
 * the collection time of the value that completed its condition). One alert naming both."
 *
 * <p>High CEA alerts: CEA_ELEVATED_CONFIRMED, CEA_RISE_ABOVE_BASELINE, CEA_CONSECUTIVE_RISE. High
 * imaging alerts: DLM_REAPPEARANCE, NEW_LIVER_LESION. The window is inclusive.
 *
 * <p>One escalation per high imaging alert (the imaging alert is the lesion to treat): it names the
 * high CEA alert with which the condition first held (the pair whose later clinical time is earliest;
 * ties to the earlier CEA alert, then to the smaller id). Its id derives from both alert ids, its
 * clinical time is the later of the two, and it names the imaging alert's lesions.
 */
public final class RescueEvaluationRule {

    static final String RULE_ID = "RescueEvaluationRule";

    private final RuleConfig config;

    public RescueEvaluationRule(RuleConfig config) {
        this.config = config;
    }

    /** @param alerts the patient's other alerts that exist (already limited to the programme) */
    public List<AlertBuilder> evaluate(String patientId, List<Alert> alerts) {
        List<Alert> cea = new ArrayList<>(2);
        List<Alert> imaging = new ArrayList<>(2);
        for (Alert a : alerts) {
            if (a.type().isHighCea()) {
                cea.add(a);
            } else if (a.type().isHighImaging()) {
                imaging.add(a);
            }
        }
        List<AlertBuilder> out = new ArrayList<>(0);
        if (cea.isEmpty() || imaging.isEmpty()) {
            return out;
        }
        Duration window = config.escalationWindow();
        for (Alert img : imaging) {
            Alert best = null;
            for (Alert c : cea) {
                Duration apart = Duration.between(c.eventTime(), img.eventTime()).abs();
                if (apart.compareTo(window) <= 0 && (best == null || better(c, best, img))) {
                    best = c;
                }
            }
            if (best != null) {
                out.add(escalation(patientId, best, img));
            }
        }
        return out;
    }

    private static boolean better(Alert candidate, Alert best, Alert img) {
        int byCompletion = later(candidate.eventTime(), img.eventTime()).compareTo(later(best.eventTime(), img.eventTime()));
        if (byCompletion != 0) {
            return byCompletion < 0;
        }
        int byTime = candidate.eventTime().compareTo(best.eventTime());
        return byTime != 0 ? byTime < 0 : candidate.alertId().compareTo(best.alertId()) < 0;
    }

    private static Instant later(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }

    private AlertBuilder escalation(String patientId, Alert cea, Alert img) {
        long days = Duration.between(cea.eventTime(), img.eventTime()).abs().toDays();
        AlertBuilder b = new AlertBuilder(patientId, AlertType.RESCUE_EVALUATION,
                "rescue:" + cea.alertId() + "+" + img.alertId(), RULE_ID)
                .eventTime(later(cea.eventTime(), img.eventTime()))
                .lesions(img.lesionIds())
                .title("Rescue evaluation: " + describe(cea.type()) + " and " + describe(img.type()) + " "
                        + days + " days apart")
                .recommendation(AlertTexts.recommendation("Prompt HPB MDT review for rescue therapy (resection or "
                        + "thermal ablation): a rising CEA and a liver lesion point the same way. "
                        + AlertTexts.RESTAGING_FIRST))
                .parameter(RuleConfig.Key.ESCALATION_WINDOW.property(), Integer.toString(config.escalationWindowDays()))
                .parameter("ceaAlertId", cea.alertId())
                .parameter("imagingAlertId", img.alertId())
                .contextFlags(cea.contextFlags())
                .evidence(link(cea))
                .evidence(link(img));
        return b;
    }

    /** The alert's decisive evidence: the completing value of a CEA alert, the first finding of an imaging alert. */
    private static Evidence link(Alert a) {
        Evidence decisive = null;
        for (Evidence e : a.evidence()) {
            if (a.type().isHighCea() && e.kind() == EvidenceKind.LAB_RESULT && e.at().equals(a.eventTime())) {
                decisive = e;
            } else if (!a.type().isHighCea() && e.kind() == EvidenceKind.IMAGING_FINDING && decisive == null) {
                decisive = e;
            }
        }
        String note = a.type() + " alert " + a.alertId() + ": " + a.title();
        if (decisive == null) { // not reached: every high CEA / imaging alert carries its value or finding
            decisive = a.evidence().get(0);
        }
        return new Evidence(decisive.kind(), decisive.refId(), decisive.at(), decisive.value(), decisive.unit(),
                decisive.modality(), decisive.segment(), decisive.sizeMm(), note);
    }

    private static String describe(AlertType t) {
        switch (t) {
            case CEA_ELEVATED_CONFIRMED: return "confirmed elevated CEA";
            case CEA_RISE_ABOVE_BASELINE: return "CEA rise above baseline";
            case CEA_CONSECUTIVE_RISE: return "consecutive CEA rise";
            case DLM_REAPPEARANCE: return "DLM reappearance";
            case NEW_LIVER_LESION: return "new liver lesion";
            default: return t.name();
        }
    }
}
