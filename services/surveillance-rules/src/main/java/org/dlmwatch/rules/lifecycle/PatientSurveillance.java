package org.dlmwatch.rules.lifecycle;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.dlmwatch.rules.RuleConfig;
import org.dlmwatch.rules.SurveillanceRules;
import org.dlmwatch.rules.SurveillanceRules.Evaluation;
import org.dlmwatch.rules.alert.Alert;
import org.dlmwatch.rules.alert.AlertStatus;
import org.dlmwatch.rules.alert.AlertTexts;
import org.dlmwatch.rules.history.PatientHistory;
import org.dlmwatch.rules.model.ClinicalEvent;
import org.dlmwatch.rules.model.Enrollment;
import org.dlmwatch.rules.model.ImagingReport;
import org.dlmwatch.rules.model.LabResult;
import org.dlmwatch.rules.validation.InputValidator;
import org.dlmwatch.rules.validation.LabCodes;
import org.dlmwatch.rules.validation.Rejection;
import org.dlmwatch.rules.validation.RejectedInputException;
import org.dlmwatch.rules.validation.ValidationResult;

/**
 * One patient under surveillance: the corrected history plus the memory of what was emitted. This is
 * the unit the engine keeps per patient in its state store ({@link #state()} / {@link #fromState}).
 *
 * <p>Each {@code on...} call applies one input, re-evaluates the rules and returns the <b>changes</b>:
 * <ul>
 *   <li>alerts newly RAISED or FULFILLED;
 *   <li>alerts whose content changed (more evidence, a corrected value): re-emitted with the same id;
 *   <li>alerts emitted before that no longer exist in the evaluation, emitted as RETRACTED ("a
 *       correction, cancellation or amendment leaves a history in which its condition never held",
 *       §3); if the condition holds again later, the alert is RAISED again under the same id.
 * </ul>
 * An unchanged alert is not emitted again.
 *
 * <p><b>Clock.</b> Every call carries a clock: wall-clock time when live; in a replay, the latest
 * clinical time seen so far and finally the as-of time (§3.4). The clock never goes back: an earlier
 * clock than one already seen is ignored. It only matters for SURVEILLANCE_OVERDUE.
 *
 * <p>Inputs are checked with {@link InputValidator#validate} (content only; the engine checks future
 * timestamps against wall-clock time before calling): an input the rules cannot read throws
 * {@link RejectedInputException}, for the dead-letter topic, and leaves the state untouched. A lab
 * result that is not CEA mass (2039-6) is ignored.
 *
 * <p>Not thread-safe: one instance per patient, used by one thread at a time.
 */
public final class PatientSurveillance {

    private static final Comparator<Alert> CHANGE_ORDER = SurveillanceRules.ORDER;

    private final String patientId;
    private final SurveillanceRules rules;
    private final InputValidator validator;
    private final PatientHistory history;
    private final Map<String, EmittedAlert> emitted;
    private Instant clock;
    /** The previous evaluation, whose unchanged rule families the next one keeps (not stored). */
    private Evaluation lastEvaluation;

    private PatientSurveillance(String patientId, SurveillanceRules rules, PatientHistory history,
            Map<String, EmittedAlert> emitted, Instant clock) {
        this.patientId = patientId;
        this.rules = rules;
        this.validator = new InputValidator(rules.config());
        this.history = history;
        this.emitted = emitted;
        this.clock = clock;
    }

    /** A patient with no history yet. */
    public static PatientSurveillance create(String patientId, RuleConfig config) {
        return create(patientId, new SurveillanceRules(config));
    }

    /** As {@link #create(String, RuleConfig)}, sharing one (stateless) rules instance across patients. */
    public static PatientSurveillance create(String patientId, SurveillanceRules rules) {
        return new PatientSurveillance(patientId, rules, new PatientHistory(patientId, rules.config()),
                new HashMap<>(), null);
    }

    /** Rebuilds a patient from a stored state. */
    public static PatientSurveillance fromState(PatientState state, RuleConfig config) {
        return fromState(state, new SurveillanceRules(config));
    }

    public static PatientSurveillance fromState(PatientState state, SurveillanceRules rules) {
        PatientHistory history = PatientHistory.restore(state.patientId(), rules.config(), state.enrollment(),
                state.labResults(), state.reports());
        Map<String, EmittedAlert> emitted = new HashMap<>();
        for (EmittedAlert e : state.emitted()) {
            emitted.put(e.alertId(), e);
        }
        return new PatientSurveillance(state.patientId(), rules, history, emitted, state.clock());
    }

    /** The state as plain data, deterministic in its order. */
    public PatientState state() {
        List<EmittedAlert> memory = new ArrayList<>(emitted.values());
        memory.sort(Comparator.comparing(EmittedAlert::alertId));
        return new PatientState(patientId, history.enrollment().orElse(null), history.labResultVersions(),
                history.reportVersions(), memory, clock);
    }

    public String patientId() {
        return patientId;
    }

    /** Read-only use: the corrected history. */
    public PatientHistory history() {
        return history;
    }

    // ---- inputs ---------------------------------------------------------------------------------------

    /** Any input: the enrollment, lab result or imaging report it is. */
    public List<Alert> onEvent(ClinicalEvent event, Instant clock) {
        if (event instanceof Enrollment e) {
            return onEnrollment(e, clock);
        }
        if (event instanceof LabResult r) {
            return onLabResult(r, clock);
        }
        return onImagingReport((ImagingReport) event, clock);
    }

    public List<Alert> onEnrollment(Enrollment e, Instant clock) {
        requireOwn(e.patientId());
        reject(validator.validate(e));
        return afterInput(history.apply(e), clock);
    }

    public List<Alert> onLabResult(LabResult r, Instant clock) {
        requireOwn(r.patientId());
        if (!LabCodes.isCeaMass(r.loinc())) {
            return advanceClock(clock) ? reevaluate() : List.of();
        }
        reject(validator.validate(r));
        return afterInput(history.apply(r), clock);
    }

    public List<Alert> onImagingReport(ImagingReport r, Instant clock) {
        requireOwn(r.patientId());
        reject(validator.validate(r));
        return afterInput(history.apply(r), clock);
    }

    /**
     * Clock punctuation: overdue checks. Returns the changes (usually none).
     *
     * <p>When the clock moves it always re-evaluates the whole history; it does not return early when no
     * overdue due date lies between the previous clock and the new one. Such a shortcut would be
     * equivalent only if the stored memory of emitted alerts was computed by these rules with this
     * configuration. The engine restores every patient from its state store at each punctuation, and
     * after a deployment with changed rules or thresholds the punctuation is what brings the change to a
     * patient who sends no new event (for example a reappearance after year 5 that earlier rules left
     * unalerted). The re-evaluation costs about as much as the restore the engine does anyway.
     * {@code OnClockTest} checks that the result equals a full re-evaluation for random clocks.
     */
    public List<Alert> onClock(Instant clock) {
        return advanceClock(clock) ? reevaluate() : List.of();
    }

    // ---- evaluation and diff ------------------------------------------------------------------------------

    private List<Alert> afterInput(boolean historyChanged, Instant clock) {
        boolean clockMoved = advanceClock(clock);
        return historyChanged || clockMoved ? reevaluate() : List.of();
    }

    private boolean advanceClock(Instant c) {
        if (c != null && (clock == null || c.isAfter(clock))) {
            clock = c;
            return true;
        }
        return false;
    }

    private List<Alert> reevaluate() {
        Evaluation previous = lastEvaluation;
        Evaluation current = rules.evaluate(history, clock, previous);
        List<Alert> changes = new ArrayList<>(2);
        Set<String> present = new HashSet<>();
        for (int f = 0; f < current.families().size(); f++) {
            List<Alert> family = current.families().get(f);
            // a family kept from the previous evaluation was compared with the memory then
            boolean kept = previous != null && family == previous.families().get(f);
            for (Alert a : family) {
                present.add(a.alertId());
                if (!kept) {
                    remember(a, changes);
                }
            }
        }
        List<Alert> retractions = new ArrayList<>(0);
        for (EmittedAlert before : emitted.values()) {
            if (before.status() != AlertStatus.RETRACTED && !present.contains(before.alertId())) {
                retractions.add(retracted(before));
            }
        }
        for (Alert r : retractions) {
            emitted.put(r.alertId(), EmittedAlert.of(r));
        }
        changes.addAll(retractions);
        changes.sort(CHANGE_ORDER);
        lastEvaluation = current;
        return changes;
    }

    /** Records an alert of the evaluation, and adds it to the changes if it is new or changed. */
    private void remember(Alert a, List<Alert> changes) {
        EmittedAlert before = emitted.get(a.alertId());
        String fingerprint = a.fingerprint();
        if (before == null || before.status() != a.status() || !before.fingerprint().equals(fingerprint)) {
            changes.add(a);
            emitted.put(a.alertId(), EmittedAlert.of(a, fingerprint));
        }
    }

    private Alert retracted(EmittedAlert before) {
        return new Alert(before.alertId(), patientId, before.type(), before.type().severity(), AlertStatus.RETRACTED,
                before.lesionIds(), "Retracted: " + before.title(),
                AlertTexts.recommendation("No action needed for this alert: after a correction, cancellation or "
                        + "amendment the patient's history no longer meets its condition."),
                List.of(), before.ruleId(), Map.of(), List.of(), before.eventTime());
    }

    private void requireOwn(String otherPatientId) {
        if (!patientId.equals(otherPatientId)) {
            throw new IllegalArgumentException("record belongs to another patient");
        }
    }

    private static void reject(ValidationResult result) {
        if (result instanceof Rejection rejection) {
            throw new RejectedInputException(rejection);
        }
    }
}
