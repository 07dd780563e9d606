package org.dlmwatch.engine.patient;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.dlmwatch.engine.deadletter.DeadLetters;
import org.dlmwatch.engine.intake.IntakeEvent;
import org.dlmwatch.engine.mapping.ContractMapping;
import org.dlmwatch.rules.SurveillanceRules;
import org.dlmwatch.rules.alert.Alert;
import org.dlmwatch.rules.lifecycle.PatientState;
import org.dlmwatch.rules.lifecycle.PatientSurveillance;
import org.dlmwatch.rules.model.ClinicalEvent;
import org.dlmwatch.rules.model.Enrollment;
import org.dlmwatch.rules.model.ImagingReport;
import org.dlmwatch.rules.model.LabResult;
import org.dlmwatch.rules.validation.RejectedInputException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps every patient's surveillance in a persistent state store keyed by patient id, hands each
 * validated event to it, and forwards every alert change. A wall-clock punctuation re-judges every
 * patient against the clock, for overdue surveillance. Whatever the rules throw dead-letters the
 * input (RULE_FAILURE) and leaves the patient's state as it was.
 */
public final class PatientProcessor implements Processor<String, IntakeEvent, String, Object> {

    public static final String ALERTS_EMITTED = "dlmwatch.engine.alerts.emitted";
    /** From the clinical record's resultedAt / reportedAt / updatedAt to the alert change emitted. */
    public static final String ALERT_LATENCY = "dlmwatch.engine.alert.latency";
    private static final Logger LOG = LoggerFactory.getLogger(PatientProcessor.class);

    private final String storeName;
    private final SurveillanceRules rules;
    private final SurveillanceClock clock;
    private final Duration punctuationInterval;
    private final DeadLetters deadLetters;
    private final MeterRegistry meters;
    private final String alertsNode;
    private final String deadLettersNode;
    private ProcessorContext<String, Object> context;
    private KeyValueStore<String, PatientState> store;
    private Timer latencyTimer;

    /**
     * Patients seen lately, already decoded, so that a busy patient (a catch-up, a replay) is not
     * decoded from the store at every event. The store stays the truth: every change is put there
     * at once, and the cache is emptied whenever Kafka Streams (re)initialises or closes the task,
     * as it does after an aborted transaction, and forgets a patient whenever a step fails.
     */
    private final Map<String, PatientSurveillance> recent = new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, PatientSurveillance> eldest) {
            return size() > RECENT_PATIENTS;
        }
    };
    private static final int RECENT_PATIENTS = 500;

    public PatientProcessor(String storeName, SurveillanceRules rules, SurveillanceClock clock,
            Duration punctuationInterval, DeadLetters deadLetters, MeterRegistry meters, String alertsNode,
            String deadLettersNode) {
        this.storeName = storeName;
        this.rules = rules;
        this.clock = clock;
        this.punctuationInterval = punctuationInterval;
        this.deadLetters = deadLetters;
        this.meters = meters;
        this.alertsNode = alertsNode;
        this.deadLettersNode = deadLettersNode;
    }

    @Override
    public void init(ProcessorContext<String, Object> context) {
        this.context = context;
        this.store = context.getStateStore(storeName);
        recent.clear();
        this.latencyTimer = Timer.builder(ALERT_LATENCY)
                .description("clinical record's resultedAt/reportedAt/updatedAt to alert emitted")
                .publishPercentileHistogram()
                // late lab results are real: keep buckets up to an hour rather than the default 30 s
                .minimumExpectedValue(Duration.ofMillis(5))
                .maximumExpectedValue(Duration.ofHours(1))
                .register(meters);
        context.schedule(punctuationInterval, PunctuationType.WALL_CLOCK_TIME, this::judgeEveryPatientAt);
    }

    @Override
    public void process(Record<String, IntakeEvent> record) {
        String patientId = record.key();
        IntakeEvent intake = record.value();
        Instant now = clock.atEvent(intake.event(), context.currentSystemTimeMs());
        PatientSurveillance patient;
        List<Alert> changes;
        try {
            patient = load(patientId);
            changes = patient.onEvent(intake.event(), now);
        } catch (RejectedInputException e) {
            recent.remove(patientId);
            deadLetter(intake, record.timestamp(), e.rejection().code().name(), e.rejection().message());
            return;
        } catch (RuntimeException e) {
            recent.remove(patientId);
            // the message of an unexpected exception may quote data: only its type goes out
            deadLetter(intake, record.timestamp(), "RULE_FAILURE",
                    "evaluating the rules failed (" + e.getClass().getSimpleName() + ")");
            return;
        }
        store.put(patientId, patient.state());
        emit(changes, now, record.timestamp());
        if (!changes.isEmpty()) {
            recordLatency(intake.event(), changes.size());
        }
    }

    private void recordLatency(ClinicalEvent event, int alerts) {
        Instant arrived = event instanceof LabResult r ? r.resultedAt()
                : event instanceof ImagingReport r ? r.reportedAt()
                : ((Enrollment) event).updatedAt();
        Duration latency = Duration.ofMillis(Math.max(0, context.currentSystemTimeMs() - arrived.toEpochMilli()));
        for (int i = 0; i < alerts; i++) {
            latencyTimer.record(latency);
        }
    }

    /** Re-judges every patient against the clock: overdue surveillance appears here. */
    private void judgeEveryPatientAt(long wallClockMs) {
        Instant now = Instant.ofEpochMilli(wallClockMs);
        try (KeyValueIterator<String, PatientState> patients = store.all()) {
            while (patients.hasNext()) {
                KeyValue<String, PatientState> entry = patients.next();
                recent.remove(entry.key);
                try {
                    PatientSurveillance patient = PatientSurveillance.fromState(entry.value, rules);
                    List<Alert> changes = patient.onClock(now);
                    if (!changes.isEmpty()) {
                        store.put(entry.key, patient.state());
                        emit(changes, now, wallClockMs);
                    }
                } catch (RuntimeException e) {
                    meters.counter(DeadLetters.COUNTER, "errorCode", "RULE_FAILURE", "topic", "punctuation").increment();
                    LOG.atError().setMessage("overdue check failed for one patient")
                            .addKeyValue("errorCode", "RULE_FAILURE")
                            .addKeyValue("exception", e.getClass().getSimpleName())
                            .log();
                }
            }
        }
    }

    private PatientSurveillance load(String patientId) {
        PatientSurveillance cached = recent.get(patientId);
        if (cached != null) {
            return cached;
        }
        PatientState state = store.get(patientId);
        PatientSurveillance patient = state == null
                ? PatientSurveillance.create(patientId, rules)
                : PatientSurveillance.fromState(state, rules);
        recent.put(patientId, patient);
        return patient;
    }

    @Override
    public void close() {
        recent.clear();
    }

    private void emit(List<Alert> changes, Instant detectedAt, long timestamp) {
        for (Alert alert : changes) {
            meters.counter(ALERTS_EMITTED, "type", alert.type().name(), "severity", alert.severity().name(),
                    "status", alert.status().name()).increment();
            LOG.atInfo().setMessage("alert change")
                    .addKeyValue("alertId", alert.alertId())
                    .addKeyValue("type", alert.type())
                    .addKeyValue("status", alert.status())
                    .log();
            context.forward(new Record<String, Object>(alert.patientId(), ContractMapping.toContract(alert, detectedAt),
                    timestamp), alertsNode);
        }
    }

    private void deadLetter(IntakeEvent intake, long timestamp, String errorCode, String message) {
        var letter = deadLetters.create(intake.source(), errorCode, message,
                Instant.ofEpochMilli(context.currentSystemTimeMs()));
        context.forward(new Record<String, Object>(intake.source().topic(), letter, timestamp), deadLettersNode);
    }
}
