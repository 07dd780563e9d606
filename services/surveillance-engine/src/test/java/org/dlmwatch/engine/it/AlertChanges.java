package org.dlmwatch.engine.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Collection;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.dlmwatch.events.v1.AlertStatus;
import org.dlmwatch.events.v1.AlertType;
import org.dlmwatch.events.v1.Evidence;
import org.dlmwatch.events.v1.SurveillanceAlert;

/** Views of a stream of alert changes, for comparing the live engine with the replay. */
final class AlertChanges {

    /** What identifies an alert state: the comparison key of the cohort test. */
    record Key(String patientId, AlertType type, String alertId, AlertStatus status) implements Comparable<Key> {
        static Key of(SurveillanceAlert a) {
            return new Key(a.getPatientId(), a.getType(), a.getAlertId(), a.getStatus());
        }

        @Override
        public int compareTo(Key o) {
            return toString().compareTo(o.toString());
        }
    }

    static final Set<AlertStatus> RAISED_OR_FULFILLED = EnumSet.of(AlertStatus.RAISED, AlertStatus.FULFILLED);

    private AlertChanges() {}

    /**
     * The alerts of the patients whose id starts with {@code prefix}, in the order read (one
     * patient's alerts share a partition, so their order is the engine's), checking on the way that
     * each is keyed by its patient id.
     */
    static List<SurveillanceAlert> ofPatients(List<TopicReader.Read<SurveillanceAlert>> reads, String prefix) {
        List<TopicReader.Read<SurveillanceAlert>> mine = reads.stream()
                .filter(r -> r.value().getPatientId().startsWith(prefix))
                .toList();
        mine.forEach(r -> assertThat(r.key()).as("key of alert %s", r.value().getAlertId())
                .isEqualTo(r.value().getPatientId()));
        return mine.stream().map(TopicReader.Read::value).toList();
    }

    /** The last version of every alert. */
    static Map<String, SurveillanceAlert> finalStates(List<SurveillanceAlert> changes) {
        Map<String, SurveillanceAlert> last = new LinkedHashMap<>();
        changes.forEach(a -> last.put(a.getAlertId(), a));
        return last;
    }

    /** Final RAISED or FULFILLED alerts, by (patient, type, id, status), leaving out the given types. */
    static Set<Key> raisedOrFulfilled(Collection<SurveillanceAlert> finals, Set<AlertType> leftOut) {
        return finals.stream()
                .filter(a -> RAISED_OR_FULFILLED.contains(a.getStatus()))
                .filter(a -> !leftOut.contains(a.getType()))
                .map(Key::of)
                .collect(Collectors.toCollection(TreeSet::new));
    }

    /**
     * The alert without its detection time: everything else (status, evidence, texts, rule
     * parameters, clinical time) is a function of the patient's history and must match the replay.
     */
    static SurveillanceAlert content(SurveillanceAlert a) {
        return SurveillanceAlert.newBuilder(a).setDetectedAt(Instant.EPOCH).build();
    }

    /** One line per alert change, for failure messages. */
    static String describe(Collection<SurveillanceAlert> alerts) {
        return alerts.stream().map(AlertChanges::describe).collect(Collectors.joining("\n  ", "\n  ", "\n"));
    }

    static String describe(SurveillanceAlert a) {
        return a.getPatientId() + " " + a.getType() + " " + a.getStatus() + " " + a.getAlertId() + " evidence "
                + a.getEvidence().stream().map(Evidence::getRefId).toList() + " at " + a.getEventTime();
    }
}
