package org.dlmwatch.engine.patient;

import java.time.Instant;
import org.dlmwatch.rules.model.ClinicalEvent;

/**
 * The clock the rules see. Live, it is the wall clock. In replay (clinical-spec §3.4), it is the
 * latest clinical time seen so far, and the as-of time after the last event.
 */
public interface SurveillanceClock {

    /** The clock when {@code event} is processed at wall-clock time {@code wallClockMs}. */
    Instant atEvent(ClinicalEvent event, long wallClockMs);

    /** Live surveillance: the wall clock. */
    static SurveillanceClock wallClock() {
        return (event, wallClockMs) -> Instant.ofEpochMilli(wallClockMs);
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
