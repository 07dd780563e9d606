package org.dlmwatch.rules;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

import org.dlmwatch.rules.alert.Alert;
import org.dlmwatch.rules.alert.AlertBuilder;
import org.dlmwatch.rules.alert.AlertTexts;
import org.dlmwatch.rules.alert.Evidence;
import org.dlmwatch.rules.alert.EvidenceKind;
import org.dlmwatch.rules.cea.CeaEpisodeWalk;
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

    // rule families of an Evaluation
    private static final int CEA = 0;
    private static final int IMAGING = 1;
    private static final int MRI_OVERDUE = 2;
    private static final int CEA_OVERDUE = 3;
    private static final int ESCALATION = 4;
    private static final List<List<Alert>> NO_FAMILIES = List.of(List.of(), List.of(), List.of(), List.of(), List.of());

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
        return evaluate(history, asOf, null).alerts();
    }

    /**
     * As {@link #evaluate(PatientHistory, Instant)}, keeping from {@code previous} (an evaluation of the
     * same history object) every rule family whose inputs did not change since: the CEA rules read the
     * enrollment and the CEA results, the imaging rules the enrollment and the reports, each overdue
     * rule its exams, the enrollment and the clock. A kept family's list is the same object as in
     * {@code previous}. The result equals a fresh evaluation ({@code OrderIndependencePropertyTest}
     * compares a patient kept in memory with one restored from its state at every event).
     */
    public Evaluation evaluate(PatientHistory history, Instant asOf, Evaluation previous) {
        Enrollment enrollment = history.enrollment().orElse(null);
        Inputs inputs = new Inputs(history, asOf);
        if (enrollment == null) {
            return new Evaluation(this, inputs, false, NO_FAMILIES);
        }
        Evaluation before = previous != null && previous.rules == this && previous.enrolled
                && previous.inputs.history == history && previous.inputs.enrollmentVersion == inputs.enrollmentVersion
                ? previous : null;
        String patientId = history.patientId();
        ProgrammeWindow window = ProgrammeWindow.of(enrollment, config);
        boolean labsSame = before != null && before.inputs.labsVersion == inputs.labsVersion;
        boolean reportsSame = before != null && before.inputs.reportsVersion == inputs.reportsVersion;
        boolean clockSame = before != null && Objects.equals(before.inputs.asOf, asOf);

        // §3.1 CEA
        List<Alert> cea = labsSame ? before.family(CEA) : built(window, ceaWalk.walk(patientId,
                CeaSeries.eligible(history.ceaResults(), CeaSeries.eligibleFrom(enrollment, window, config), config),
                ContextFlags.of(enrollment)));
        // §3.2 imaging
        List<Alert> imaging = reportsSame ? before.family(IMAGING)
                : built(window, imagingWalk.walk(patientId, enrollment, window.start(), history.activeReports()));
        // §3.4 schedule
        List<Alert> mriOverdue = reportsSame && clockSame ? before.family(MRI_OVERDUE)
                : built(window, overdue.evaluate(patientId, ExamKind.MRI, mriExams(history, window), window, asOf));
        List<Alert> ceaOverdue = labsSame && clockSame ? before.family(CEA_OVERDUE)
                : built(window, overdue.evaluate(patientId, ExamKind.CEA, ceaExams(history, window), window, asOf));
        // §3.3 escalation, from the CEA and imaging alerts that exist
        List<Alert> escalations = labsSame && reportsSame ? before.family(ESCALATION) : escalations(patientId, window, cea, imaging);
        return new Evaluation(this, inputs, true, List.of(cea, imaging, mriOverdue, ceaOverdue, escalations));
    }

    private List<Alert> escalations(String patientId, ProgrammeWindow window, List<Alert> cea, List<Alert> imaging) {
        List<Alert> highs = new ArrayList<>(cea.size() + imaging.size());
        highs.addAll(cea);
        highs.addAll(imaging);
        return built(window, rescue.evaluate(patientId, highs));
    }

    /** The alerts of the builders whose clinical time the programme admits. */
    private static List<Alert> built(ProgrammeWindow window, List<AlertBuilder> builders) {
        List<Alert> alerts = new ArrayList<>(builders.size());
        for (AlertBuilder b : builders) {
            if (window.admits(b.eventTime())) {
                alerts.add(b.build());
            }
        }
        return Collections.unmodifiableList(alerts);
    }

    /** What one evaluation read: the history's versions and the clock. */
    private record Inputs(PatientHistory history, long enrollmentVersion, long labsVersion, long reportsVersion,
            Instant asOf) {

        Inputs(PatientHistory history, Instant asOf) {
            this(history, history.enrollmentVersion(), history.labsVersion(), history.reportsVersion(), asOf);
        }
    }

    /**
     * The alerts of one evaluation, by rule family: CEA, imaging, MRI overdue, CEA overdue,
     * escalation.
     */
    public static final class Evaluation {

        private final SurveillanceRules rules;
        private final Inputs inputs;
        private final boolean enrolled;
        private final List<List<Alert>> families;

        private Evaluation(SurveillanceRules rules, Inputs inputs, boolean enrolled, List<List<Alert>> families) {
            this.rules = rules;
            this.inputs = inputs;
            this.enrolled = enrolled;
            this.families = families;
        }

        /** The alert lists of the families, in a fixed order; a kept family is the previous list object. */
        public List<List<Alert>> families() {
            return families;
        }

        /** Every existing alert (RAISED or FULFILLED), in {@link #ORDER}. */
        public List<Alert> alerts() {
            List<Alert> all = new ArrayList<>();
            families.forEach(all::addAll);
            all.sort(ORDER);
            return all;
        }

        private List<Alert> family(int index) {
            return families.get(index);
        }
    }

    /** "Only those MRI modalities reset the imaging clock" (§3.4). */
    private static List<Exam> mriExams(PatientHistory history, ProgrammeWindow window) {
        List<Exam> exams = new ArrayList<>();
        for (ImagingReport r : history.activeReports()) {
            if (r.modality().isHepatobiliaryMri() && !r.studyAt().isBefore(window.start())) {
                exams.add(new Exam(r.reportId(), r.studyAt(), () -> new Evidence(EvidenceKind.IMAGING_FINDING, r.reportId(),
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
                exams.add(new Exam(r.resultId(), r.collectedAt(), () -> new Evidence(EvidenceKind.LAB_RESULT, r.resultId(),
                        r.collectedAt(), CeaUnits.toUgL(r.value(), r.unit()), CeaUnits.UG_PER_L, null, null, null,
                        "CEA drawn on " + AlertTexts.date(r.collectedAt()))));
            }
        }
        return exams;
    }
}
