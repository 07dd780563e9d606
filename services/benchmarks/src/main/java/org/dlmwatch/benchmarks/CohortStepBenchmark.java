package org.dlmwatch.benchmarks;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.dlmwatch.cohort.CohortGenerator;
import org.dlmwatch.cohort.CohortProfile;
import org.dlmwatch.engine.mapping.ContractMapping;
import org.dlmwatch.engine.patient.PatientStateSerde;
import org.dlmwatch.platform.json.ContractJson;
import org.dlmwatch.rules.RuleConfig;
import org.dlmwatch.rules.SurveillanceRules;
import org.dlmwatch.rules.lifecycle.PatientSurveillance;
import org.dlmwatch.rules.model.ClinicalEvent;
import org.dlmwatch.rules.validation.LabCodes;
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
 * The engine's patients node over a whole generated cohort, without Kafka: every clinical event of
 * a cohort over 5 years (the bench's cohort, in arrival order) applied to its patient, kept
 * decoded between events as the engine keeps busy patients, and the patient's state encoded for
 * the store after each. One operation is the whole cohort: divide by {@link #CLINICAL_EVENTS} (printed
 * at setup) for the cost per clinical event.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xmx1g"})
@Warmup(iterations = 4, time = 3)
@Measurement(iterations = 5, time = 3)
public class CohortStepBenchmark {

    static int CLINICAL_EVENTS;

    /** Patients of the cohort (the bench's default is 2,000). */
    @Param({"200", "2000"})
    int patients;

    private final SurveillanceRules rules = new SurveillanceRules(RuleConfig.defaults());
    private final PatientStateSerde stateSerde = new PatientStateSerde();
    private List<ClinicalEvent> events;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        events = new ArrayList<>();
        for (String line : new CohortGenerator(CohortProfile.defaults()).generate(patients, 5, 42, "jmh").lines()) {
            Object record = ContractJson.parseEvent(line).record();
            if (record instanceof org.dlmwatch.events.v1.Enrollment e) {
                events.add(ContractMapping.toDomain(e));
            } else if (record instanceof org.dlmwatch.events.v1.ImagingReport r) {
                events.add(ContractMapping.toDomain(r));
            } else if (record instanceof org.dlmwatch.events.v1.LabResult r && LabCodes.isCeaMass(r.getLoinc())) {
                events.add(ContractMapping.toDomain(r));
            }
        }
        CLINICAL_EVENTS = events.size();
        System.out.printf("%n%,d clinical events of %,d patients over 5 years%n", CLINICAL_EVENTS, patients);
    }

    /** Every clinical event of the cohort, as the patients node handles it (rules, then state encoding). */
    @Benchmark
    public long cohort() {
        Map<String, PatientSurveillance> patients = new HashMap<>();
        long bytes = 0;
        for (ClinicalEvent event : events) {
            PatientSurveillance patient = patients.computeIfAbsent(event.patientId(),
                    id -> PatientSurveillance.create(id, rules));
            patient.onEvent(event, event.clinicalTime());
            bytes += stateSerde.encode(patient.state()).length;
        }
        return bytes;
    }
}
