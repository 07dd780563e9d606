package org.dlmwatch.rules;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import org.dlmwatch.rules.alert.Alert;
import org.dlmwatch.rules.alert.AlertBuilder;
import org.dlmwatch.rules.alert.AlertTexts;
import org.dlmwatch.rules.alert.Evidence;
import org.dlmwatch.rules.alert.EvidenceKind;
import org.dlmwatch.rules.cea.CeaEpisodeWalk;
import org.dlmwatch.rules.cea.CeaPoint;
import org.dlmwatch.rules.cea.CeaSeries;
import org.dlmwatch.rules.cea.ContextFlags;
import org.dlmwatch.rules.escalation.RescueEvaluationRule;
import org.dlmwatch.rules.history.PatientHistory;
import org.dlmwatch.rules.imaging.ImagingWalk;
import org.dlmwatch.rules.model.Enrollment;
import org.dlmwatch.rules.model.ImagingReport;
import org.dlmwatch.rules.model.LabResult;
import org.dlmwatch.rules.schedule.Exam;
import org.dlmwatch.rules.schedule.ExamKind;
import org.dlmwatch.rules.schedule.SurveillanceOverdueRule;
import org.dlmwatch.rules.validation.CeaUnits;

/**
 * All rules of clinical-spec §3 over one patient's corrected history. "Alerts are a function of the
 * patient's corrected history, not of arrival order. Walk the history in clinical-time order ...: an
 * alert exists for every condition that holds at some point of that walk."
 *
 * <p>{@link #evaluate} is a pure function of the history and the as-of time; it returns every alert
 * that exists, RAISED or FULFILLED. RETRACTED is not its business: {@code PatientSurveillance} compares
 * with what was emitted before.
 *
 * <p>"Nothing alerts unless there is an enrollment and it is (or was, at the clinical time) ACTIVE":
 * every alert must have its clinical time inside the {@link ProgrammeWindow}, that is on or after the
 * enrollment date and not after the end of an ENDED enrollment. The 5-year programme length limits
 * SURVEILLANCE_OVERDUE only (§3.4 "no overdue alerts"); every other rule keeps alerting after year 5
 * while the enrollment is ACTIVE.
 */
public final class SurveillanceRules {

    /** Output order: clinical time, then type, then id, so that the same history lists the same way. */
    public static final Comparator<Alert> ORDER = Comparator.comparing(Alert::eventTime)
            .thenComparing(Alert::type)
            .thenComparing(Alert::alertId);

    private final RuleConfig config;
    private final CeaEpisodeWalk ceaWalk;
    private final ImagingWalk imagingWalk;
    private final SurveillanceOverdueRule overdue;
    private final RescueEvaluationRule rescue;

    public SurveillanceRules(RuleConfig config) {
        this.config = config;
        this.ceaWalk = new CeaEpisodeWalk(config);
        this.imagingWalk = new ImagingWalk(config);
        this.overdue = new SurveillanceOverdueRule(config);
        this.rescue = new RescueEvaluationRule(config);
    }

    public RuleConfig config() {
        return config;
    }

    /**
     * @param asOf the clock for overdue checks (§3.4); null judges nothing overdue
     * @return every existing alert (RAISED or FULFILLED), in {@link #ORDER}
     */
    public List<Alert> evaluate(PatientHistory history, Instant asOf) {
        Enrollment enrollment = history.enrollment().orElse(null);
        if (enrollment == null) {
            return List.of();
        }
        String patientId = history.patientId();
        ProgrammeWindow window = ProgrammeWindow.of(enrollment, config);
        List<AlertBuilder> builders = new ArrayList<>();

        // §3.1 CEA
        List<CeaPoint> series = CeaSeries.eligible(history.ceaResults(),
                CeaSeries.eligibleFrom(enrollment, window, config), config);
        builders.addAll(ceaWalk.walk(patientId, series, ContextFlags.of(enrollment)));

        // §3.2 imaging
        builders.addAll(imagingWalk.walk(patientId, enrollment, window.start(), history.activeReports()));

        // §3.4 schedule
        builders.addAll(overdue.evaluate(patientId, ExamKind.MRI, mriExams(history, window), window, asOf));
        builders.addAll(overdue.evaluate(patientId, ExamKind.CEA, ceaExams(history, window), window, asOf));

        List<Alert> alerts = new ArrayList<>(builders.size() + 2);
        for (AlertBuilder b : builders) {
            if (window.admits(b.eventTime())) {
                alerts.add(b.build());
            }
        }

        // §3.3 escalation, from the alerts that exist
        for (AlertBuilder b : rescue.evaluate(patientId, alerts)) {
            if (window.admits(b.eventTime())) {
                alerts.add(b.build());
            }
        }
        alerts.sort(ORDER);
        return alerts;
    }

    /** "Only those MRI modalities reset the imaging clock" (§3.4). */
    private static List<Exam> mriExams(PatientHistory history, ProgrammeWindow window) {
        List<Exam> exams = new ArrayList<>();
        for (ImagingReport r : history.activeReports()) {
            if (r.modality().isHepatobiliaryMri() && !r.studyAt().isBefore(window.start())) {
                exams.add(new Exam(r.reportId(), r.studyAt(), new Evidence(EvidenceKind.IMAGING_FINDING, r.reportId(),
                        r.studyAt(), null, null, r.modality(), null, null,
                        "liver MRI with hepatobiliary phase on " + AlertTexts.date(r.studyAt()))));
            }
        }
        return exams;
    }

    /**
     * Every counting CEA mass result from the enrollment date on is a CEA exam, also one drawn inside
     * the chemotherapy window: the test was done, it just cannot trigger. Dead-lettered results never
     * reach the history, so they are not exams (§3.4).
     */
    private static List<Exam> ceaExams(PatientHistory history, ProgrammeWindow window) {
        List<Exam> exams = new ArrayList<>();
        for (LabResult r : history.ceaResults()) {
            if (!r.collectedAt().isBefore(window.start()) && r.value() != null && CeaUnits.isKnown(r.unit())) {
                double v = CeaUnits.toUgL(r.value(), r.unit());
                exams.add(new Exam(r.resultId(), r.collectedAt(), new Evidence(EvidenceKind.LAB_RESULT, r.resultId(),
                        r.collectedAt(), v, CeaUnits.UG_PER_L, null, null, null,
                        "CEA drawn on " + AlertTexts.date(r.collectedAt()))));
            }
        }
        return exams;
    }
}
