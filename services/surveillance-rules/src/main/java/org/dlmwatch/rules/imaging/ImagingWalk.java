package org.dlmwatch.rules.imaging;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.dlmwatch.rules.RuleConfig;
import org.dlmwatch.rules.alert.AlertBuilder;
import org.dlmwatch.rules.model.DlmLesion;
import org.dlmwatch.rules.model.Enrollment;
import org.dlmwatch.rules.model.ImagingReport;
import org.dlmwatch.rules.model.LesionFinding;

/**
 * Walks the non-cancelled reports in study-time order and feeds each finding to the imaging rules of
 * §3.2. PRESENT and EQUIVOCAL findings count from the enrollment date on (before it the MDT had not yet
 * decided to watch); ABSENT findings count from any date, since they only document absence.
 */
public final class ImagingWalk {

    private final RuleConfig config;

    public ImagingWalk(RuleConfig config) {
        this.config = config;
    }

    /** DLM_REAPPEARANCE, NEW_LIVER_LESION, LESION_EQUIVOCAL and DLM_NOT_HBP_CONFIRMED alerts. */
    public List<AlertBuilder> walk(String patientId, Enrollment enrollment, Instant programmeStart,
            List<ImagingReport> reports) {
        List<DlmLesion> lesions = enrollment.lesions();
        Map<String, DlmLesion> byId = new HashMap<>();
        for (DlmLesion l : lesions) {
            byId.putIfAbsent(l.lesionId(), l);
        }
        LesionMatcher matcher = new LesionMatcher(lesions);
        AbsenceLedger ledger = new AbsenceLedger();
        DlmReappearanceRule reappearance = new DlmReappearanceRule(patientId, byId);
        NewLiverLesionRule newLesion = new NewLiverLesionRule(patientId);
        LesionEquivocalRule equivocal = new LesionEquivocalRule(patientId, config);

        for (ImagingReport r : reports) {
            boolean inProgramme = !r.studyAt().isBefore(programmeStart);
            if (inProgramme) {
                equivocal.onReport(r);
            }
            for (LesionFinding f : r.findings()) {
                LesionMatcher.Match match = matcher.match(f);
                switch (f.status()) {
                    case ABSENT:
                        ledger.record(r, f, match);
                        break;
                    case PRESENT:
                        if (inProgramme) {
                            if (match.isEmpty()) {
                                newLesion.onPresent(r, f);
                            } else {
                                reappearance.onPresent(r, f, match, ledger);
                            }
                        }
                        break;
                    case EQUIVOCAL:
                        if (inProgramme) {
                            equivocal.onEquivocal(r, f, match);
                        }
                        break;
                    default:
                        throw new IllegalStateException("unhandled finding status " + f.status());
                }
            }
        }
        List<AlertBuilder> out = new ArrayList<>();
        out.addAll(DlmNotHbpConfirmedRule.alerts(patientId, enrollment, ledger));
        out.addAll(reappearance.alerts());
        out.addAll(newLesion.alerts());
        out.addAll(equivocal.alerts());
        return out;
    }
}
