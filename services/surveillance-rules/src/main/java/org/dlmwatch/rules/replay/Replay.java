package org.dlmwatch.rules.replay;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.dlmwatch.rules.RuleConfig;
import org.dlmwatch.rules.SurveillanceRules;
import org.dlmwatch.rules.alert.Alert;
import org.dlmwatch.rules.lifecycle.PatientSurveillance;
import org.dlmwatch.rules.model.ClinicalEvent;
import org.dlmwatch.rules.model.LabResult;
import org.dlmwatch.rules.validation.ErrorCode;
import org.dlmwatch.rules.validation.LabCodes;
import org.dlmwatch.rules.validation.RejectedInputException;

/**
 * Replays a file of events through {@link PatientSurveillance}, without Kafka. Clinical-spec §3.4: "In
 * replay, the clock at each event is the latest clinical time seen so far, and after the last event the
 * as-of time."
 *
 * <p>The clock is that of the whole file (all patients): a patient whose events stop early is judged
 * overdue at the end of the file like in real time. Only events that enter a patient's history move
 * the clock: dead-lettered events and non-CEA lab results do not. After the last event every patient
 * is evaluated at the as-of time, or at the final clock when no as-of time is given (an as-of time
 * before the final clock has no effect: the clock never goes back). Future timestamps are not checked:
 * a replay file is history.
 */
public final class Replay {

    private Replay() {
    }

    /** The final state of every alert, sorted by patient id then alert id, with the default configuration. */
    public static List<Alert> finalAlerts(List<? extends ClinicalEvent> events, Instant asOf) {
        return run(events, asOf, RuleConfig.defaults()).alerts();
    }

    /**
     * @param events in arrival order
     * @param asOf the time at which to judge the schedule after the last event; may be null
     */
    public static ReplayResult run(List<? extends ClinicalEvent> events, Instant asOf, RuleConfig config) {
        SurveillanceRules rules = new SurveillanceRules(config);
        Map<String, PatientSurveillance> patients = new LinkedHashMap<>();
        Map<String, Alert> last = new LinkedHashMap<>();
        List<Alert> changes = new ArrayList<>();
        Map<ErrorCode, Integer> rejected = new EnumMap<>(ErrorCode.class);
        int nonComparable = 0;
        int ignored = 0;
        Instant clock = null;

        for (ClinicalEvent e : events) {
            if (e instanceof LabResult r && !LabCodes.isCeaMass(r.loinc())) {
                if (LabCodes.classify(r.loinc()) == LabCodes.Kind.CEA_NON_COMPARABLE) {
                    nonComparable++;
                } else {
                    ignored++;
                }
                continue;
            }
            Instant t = e.clinicalTime();
            Instant eventClock = t != null && (clock == null || t.isAfter(clock)) ? t : clock;
            PatientSurveillance p = patients.computeIfAbsent(e.patientId(), id -> PatientSurveillance.create(id, rules));
            List<Alert> out;
            try {
                out = p.onEvent(e, eventClock);
            } catch (RejectedInputException ex) {
                rejected.merge(ex.rejection().code(), 1, Integer::sum);
                continue;
            }
            clock = eventClock;
            record(out, changes, last);
        }
        Instant end = asOf != null && (clock == null || asOf.isAfter(clock)) ? asOf : clock;
        if (end != null) {
            for (PatientSurveillance p : patients.values()) {
                record(p.onClock(end), changes, last);
            }
        }
        List<Alert> finals = new ArrayList<>(last.values());
        finals.sort(Comparator.comparing(Alert::patientId).thenComparing(Alert::alertId));
        return new ReplayResult(finals, changes, rejected, nonComparable, ignored);
    }

    private static void record(List<Alert> out, List<Alert> changes, Map<String, Alert> last) {
        for (Alert a : out) {
            changes.add(a);
            last.put(a.alertId(), a);
        }
    }
}
