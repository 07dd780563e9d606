package org.dlmwatch.engine.patient;

import java.time.Instant;
import org.dlmwatch.rules.model.ClinicalEvent;

/**
 * The clock the rules see at an event (clinical-spec §3.4; it matters only for SURVEILLANCE_OVERDUE).
 *
 * <p>Live, the wall clock reaches the patients through the overdue check (the punctuation), which
 * judges every patient against it. At an event the clock is the event's clinical time, never later
 * than the wall clock; a patient's clock never goes back, so it is the patient's latest clinical time
 * or the last overdue check, whichever is later. A feed that catches up on history (a new programme's
 * backlog, an outage, a replay from the topics) is thus judged as it happened, as in replay: it leaves
 * an overdue alert only for an exam that really came late or is still missing, instead of raising one
 * for every gap and retracting it a moment later when the next exam of the backlog arrives. An exam
 * that is overdue by the wall clock alone is raised at the next overdue check.
 *
 * <p>In replay, the clock is the latest clinical time seen so far, and the as-of time after the last
 * event.
 */
public interface SurveillanceClock {

    /** The clock when {@code event} is processed at wall-clock time {@code wallClockMs}. */
    Instant atEvent(ClinicalEvent event, long wallClockMs);

    /** Live surveillance: the event's clinical time, never later than the wall clock. */
    static SurveillanceClock live() {
        return (event, wallClockMs) -> {
            Instant wallClock = Instant.ofEpochMilli(wallClockMs);
            Instant clinicalTime = event.clinicalTime();
            return clinicalTime.isBefore(wallClock) ? clinicalTime : wallClock;
        };
    }

    /** Replay: the latest clinical time seen so far (one replay, one instance). */
    static SurveillanceClock latestClinicalTime() {
        return new SurveillanceClock() {
            private Instant latest = Instant.EPOCH;

            @Override
            public Instant atEvent(ClinicalEvent event, long wallClockMs) {
                if (event.clinicalTime().isAfter(latest)) {
                    latest = event.clinicalTime();
                }
                return latest;
            }
        };
    }
}
