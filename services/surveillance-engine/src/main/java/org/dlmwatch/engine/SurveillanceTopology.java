package org.dlmwatch.engine;

import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.function.Supplier;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.state.Stores;
import org.dlmwatch.engine.deadletter.DeadLetters;
import org.dlmwatch.engine.intake.InputIntake;
import org.dlmwatch.engine.intake.IntakeRule;
import org.dlmwatch.engine.intake.Intakes;
import org.dlmwatch.engine.patient.PatientProcessor;
import org.dlmwatch.engine.patient.PatientStateSerde;
import org.dlmwatch.engine.patient.SurveillanceClock;
import org.dlmwatch.events.v1.DeadLetter;
import org.dlmwatch.events.v1.Enrollment;
import org.dlmwatch.events.v1.ImagingReport;
import org.dlmwatch.events.v1.LabResult;
import org.dlmwatch.events.v1.SurveillanceAlert;
import org.dlmwatch.platform.topics.Topic;
import org.dlmwatch.platform.topics.Topics;
import org.dlmwatch.registry.AvroFieldPeek;
import org.dlmwatch.rules.RuleConfig;
import org.dlmwatch.rules.SurveillanceRules;
import org.dlmwatch.rules.validation.InputValidator;

/**
 * The surveillance engine's topology:
 *
 * <pre>
 *  surveillance.enrollments.v1 ─► enrollment-intake ──┐
 *  lab.results.v1 ──────────────► lab-result-intake ──┼─► patients (state store) ─► surveillance.alerts.v1
 *  imaging.reports.v1 ──────────► imaging-intake ─────┘         │
 *                 (each intake and the patients node) ─────────┴─► surveillance.dlq.v1
 * </pre>
 *
 * Intakes read bytes, drop what is not relevant (non-CEA lab results) without touching state,
 * validate, and dead-letter what cannot be used. The patients node holds each patient's history
 * in a persistent store keyed by patient id and applies the rules.
 */
public final class SurveillanceTopology {

    public static final String PATIENT_STORE = "patient-surveillance";
    static final String PATIENTS = "patients";
    static final String ALERTS = "alerts";
    static final String DEAD_LETTERS = "dead-letters";

    /**
     * How the topology tells time: live (clinical time at events, the wall clock at each overdue
     * check; see {@link SurveillanceClock#live()}) or replay (clinical time, then as-of).
     *
     * @param rejectFutureTimestamps live: dead-letter records stamped later than the wall clock
     *     (plus the tolerance); replay: off, a file is history and its corrections are resulted
     *     after the replay's clinical clock
     */
    public record Timekeeping(
            Supplier<SurveillanceClock> clock, boolean rejectFutureTimestamps, Duration punctuationInterval) {

        public static Timekeeping live(Duration punctuationInterval) {
            return new Timekeeping(SurveillanceClock::live, true, punctuationInterval);
        }

        public static Timekeeping replay(Duration finalTick) {
            return new Timekeeping(SurveillanceClock::latestClinicalTime, false, finalTick);
        }
    }

    private SurveillanceTopology() {}

    public static Topology build(Topics topics, RuleConfig config, Timekeeping time, MeterRegistry meters) {
        SurveillanceRules rules = new SurveillanceRules(config);
        InputValidator validator = new InputValidator(config);
        DeadLetters deadLetters = new DeadLetters(meters);
        Topology topology = new Topology();

        addIntake(topology, "enrollment", topics.enrollments, topics, Enrollment.class,
                Intakes.enrollments(validator), deadLetters, meters, time);
        addIntake(topology, "lab-result", topics.labResults, topics, LabResult.class,
                Intakes.labResults(validator, new AvroFieldPeek(topics.registry(), LabResult.getClassSchema(), "loinc")),
                deadLetters, meters, time);
        addIntake(topology, "imaging-report", topics.imagingReports, topics, ImagingReport.class,
                Intakes.imagingReports(validator), deadLetters, meters, time);

        // one clock per topology instance: replay keeps the latest clinical time across patients
        SurveillanceClock clock = time.clock().get();
        topology.addProcessor(PATIENTS,
                () -> new PatientProcessor(PATIENT_STORE, rules, clock, time.punctuationInterval(), deadLetters,
                        meters, ALERTS, DEAD_LETTERS),
                "enrollment-intake", "lab-result-intake", "imaging-report-intake");
        // cached: a patient's several updates within one commit reach RocksDB and the changelog once
        topology.addStateStore(Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(PATIENT_STORE), Serdes.String(), new PatientStateSerde())
                .withCachingEnabled(), PATIENTS);

        topology.addSink(ALERTS, topics.alerts.name(), new StringSerializer(),
                topics.valueSerde(SurveillanceAlert.class).serializer(), PATIENTS);
        topology.addSink(DEAD_LETTERS, topics.deadLetters.name(), new StringSerializer(),
                topics.valueSerde(DeadLetter.class).serializer(),
                "enrollment-intake", "lab-result-intake", "imaging-report-intake", PATIENTS);
        return topology;
    }

    private static <A extends org.apache.avro.specific.SpecificRecord> void addIntake(Topology topology, String name,
            Topic<String, A> topic, Topics topics, Class<A> type, IntakeRule<A> rule, DeadLetters deadLetters,
            MeterRegistry meters, Timekeeping time) {
        String source = name + "-source";
        topology.addSource(source, new ByteArrayDeserializer(), new ByteArrayDeserializer(), topic.name());
        topology.addProcessor(name + "-intake",
                () -> new InputIntake<>(topics.valueSerde(type).deserializer(), rule, deadLetters, meters,
                        time.rejectFutureTimestamps(), PATIENTS, DEAD_LETTERS),
                source);
    }
}
