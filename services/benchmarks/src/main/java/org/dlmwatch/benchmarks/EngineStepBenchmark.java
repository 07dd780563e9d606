package org.dlmwatch.benchmarks;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.avro.specific.SpecificRecord;
import org.dlmwatch.engine.intake.IntakeRule;
import org.dlmwatch.engine.intake.Intakes;
import org.dlmwatch.engine.mapping.ContractMapping;
import org.dlmwatch.engine.patient.PatientStateSerde;
import org.dlmwatch.events.v1.LabResult;
import org.dlmwatch.events.v1.ResultStatus;
import org.dlmwatch.registry.AvroFieldPeek;
import org.dlmwatch.registry.InMemorySchemaRegistry;
import org.dlmwatch.registry.SerdeSettings;
import org.dlmwatch.registry.SpecificAvroDeserializer;
import org.dlmwatch.registry.SpecificAvroSerializer;
import org.dlmwatch.rules.RuleConfig;
import org.dlmwatch.rules.SurveillanceRules;
import org.dlmwatch.rules.alert.Alert;
import org.dlmwatch.rules.lifecycle.PatientSurveillance;
import org.dlmwatch.rules.model.ClinicalEvent;
import org.dlmwatch.rules.validation.InputValidator;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What the engine does per input event, without Kafka: for a CEA result, decode the patient's
 * state from the store's bytes, apply the result and re-run the rules over the whole history, and
 * encode the new state; for a non-CEA lab result (95% of the lab topic), decode the Avro value and
 * drop it on its LOINC code, with no state access at all. Run with {@code -prof gc} for
 * allocation per event.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xmx1g"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class EngineStepBenchmark {

    /** Years of monthly CEA and quarterly MRI in the patient's history. */
    @Param({"1", "5"})
    int years;

    private final RuleConfig config = RuleConfig.defaults();
    private final SurveillanceRules rules = new SurveillanceRules(config);
    private final PatientStateSerde stateSerde = new PatientStateSerde();
    private byte[] stateBytes;
    private org.dlmwatch.rules.lifecycle.PatientState decodedState;
    private org.dlmwatch.rules.model.LabResult nextCea;
    private Instant clock;
    private PatientSurveillance patient;

    private IntakeRule<LabResult> labIntake;
    private SpecificAvroDeserializer<LabResult> labDeserializer;
    private byte[] haemoglobinBytes;

    @Setup(Level.Trial)
    public void setUp() {
        List<ClinicalEvent> history = LongHistory.events(years);
        clock = LongHistory.end(years);
        PatientSurveillance built = PatientSurveillance.create(LongHistory.PATIENT, rules);
        for (ClinicalEvent event : history) {
            built.onEvent(event, event.clinicalTime());
        }
        stateBytes = stateSerde.encode(built.state());
        decodedState = stateSerde.decode(stateBytes);
        patient = built;
        nextCea = LongHistory.cea("R-next", 3.1, clock);

        var registry = new InMemorySchemaRegistry();
        var serializer = new SpecificAvroSerializer<SpecificRecord>(registry, SerdeSettings.defaults());
        labDeserializer = new SpecificAvroDeserializer<>(LabResult.class, registry, SerdeSettings.defaults());
        labIntake = Intakes.labResults(new InputValidator(config),
                new AvroFieldPeek(registry, LabResult.getClassSchema(), "loinc"));
        LabResult haemoglobin = ContractMapping.toContract(new org.dlmwatch.rules.model.LabResult("H1", LongHistory.PATIENT,
                "718-7", 13.2, null, "g/dL", 17.5, org.dlmwatch.rules.model.ResultStatus.FINAL, clock, clock, null, "lab-a",
                "lab-bench"));
        haemoglobin.setStatus(ResultStatus.FINAL);
        haemoglobinBytes = serializer.serialize("lab.results.v1", haemoglobin);
    }

    /** The rules alone over the whole history. */
    @Benchmark
    public List<Alert> evaluateHistory() {
        return rules.evaluate(patient.history(), clock);
    }

    /** One CEA result, as the engine's patients node handles it (state decode, rules, encode). */
    @Benchmark
    public byte[] ceaResult() {
        PatientSurveillance loaded = PatientSurveillance.fromState(stateSerde.decode(stateBytes), rules);
        loaded.onLabResult(nextCea, clock);
        return stateSerde.encode(loaded.state());
    }

    /** Part of {@link #ceaResult}: the state store's bytes into the patient's state. */
    @Benchmark
    public Object decodeState() {
        return stateSerde.decode(stateBytes);
    }

    /** Part of {@link #ceaResult}: the patient's state into the state store's bytes. */
    @Benchmark
    public byte[] encodeState() {
        return stateSerde.encode(patient.state());
    }

    /** Part of {@link #ceaResult}: rebuild the patient from its state and apply one CEA result. */
    @Benchmark
    public List<Alert> applyCea() {
        return PatientSurveillance.fromState(decodedState, rules).onLabResult(nextCea, clock);
    }

    /** One non-CEA lab result, as the engine's lab intake handles it: its LOINC code read, dropped, no state. */
    @Benchmark
    public Object nonCeaLabResult() {
        return labIntake.ignoredBeforeDecoding(haemoglobinBytes).orElseThrow();
    }

    /** The same, decoding the whole record first (as the intake does for a record it keeps). */
    @Benchmark
    public Object nonCeaLabResultDecoded() {
        LabResult result = labDeserializer.deserialize("lab.results.v1", haemoglobinBytes);
        return labIntake.ignored(result).orElseThrow();
    }

}
