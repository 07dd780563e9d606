package org.dlmwatch.engine.intake;

import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Supplier;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.dlmwatch.engine.deadletter.DeadLetters;
import org.dlmwatch.engine.intake.IntakeEvent.SourceRecord;
import org.dlmwatch.rules.model.ClinicalEvent;
import org.dlmwatch.rules.validation.RejectedInputException;

/**
 * Turns the raw bytes of one input topic into validated domain events keyed by patient, or into
 * dead letters. Reading bytes (rather than letting Kafka Streams deserialize) keeps the original
 * key and value for the dead letter, and means bad input never stops the stream.
 *
 * @param <A> the contract record of the topic
 */
public final class InputIntake<A> implements Processor<byte[], byte[], String, Object> {

    /** Counter of input records by topic and outcome (used, ignored-..., dead-lettered). */
    public static final String INPUT_RECORDS = "dlmwatch.engine.input.records";

    private final Deserializer<A> deserializer;
    private final IntakeRule<A> rule;
    private final DeadLetters deadLetters;
    private final MeterRegistry meters;
    private final Supplier<Instant> validationClock;
    private final String patientsNode;
    private final String deadLettersNode;
    private ProcessorContext<String, Object> context;

    /**
     * @param validationClock "now" for the future-timestamp check: the wall clock when live, the
     *     replay's as-of time in replay
     */
    public InputIntake(Deserializer<A> deserializer, IntakeRule<A> rule, DeadLetters deadLetters, MeterRegistry meters,
            Supplier<Instant> validationClock, String patientsNode, String deadLettersNode) {
        this.deserializer = deserializer;
        this.rule = rule;
        this.deadLetters = deadLetters;
        this.meters = meters;
        this.validationClock = validationClock;
        this.patientsNode = patientsNode;
        this.deadLettersNode = deadLettersNode;
    }

    @Override
    public void init(ProcessorContext<String, Object> context) {
        this.context = context;
    }

    @Override
    public void process(Record<byte[], byte[]> record) {
        RecordMetadata meta = context.recordMetadata().orElseThrow();
        SourceRecord source = new SourceRecord(meta.topic(), meta.partition(), meta.offset(), record.key(), record.value());
        if (record.value() == null) {
            count(source, "ignored-empty");
            return;
        }
        A value;
        try {
            value = deserializer.deserialize(source.topic(), record.headers(), record.value());
        } catch (RuntimeException e) {
            deadLetter(source, record.timestamp(), "DESERIALIZATION_FAILED",
                    "value is not a valid record of this topic in the registry wire format ("
                            + e.getClass().getSimpleName() + ")");
            return;
        }
        Optional<String> ignored = rule.ignored(value);
        if (ignored.isPresent()) {
            count(source, "ignored-" + ignored.get());
            return;
        }
        ClinicalEvent event;
        try {
            event = rule.admit(value, validationClock.get());
        } catch (RejectedInputException e) {
            deadLetter(source, record.timestamp(), e.rejection().code().name(), e.rejection().message());
            return;
        }
        String patientId = rule.patientId(value);
        if (record.key() != null && !patientId.equals(new String(record.key(), StandardCharsets.UTF_8))) {
            deadLetter(source, record.timestamp(), "KEY_MISMATCH",
                    "record key is not the record's patient id; producers must key by patient id");
            return;
        }
        count(source, "used");
        context.forward(new Record<String, Object>(patientId, new IntakeEvent(event, source), record.timestamp()),
                patientsNode);
    }

    private void deadLetter(SourceRecord source, long timestamp, String errorCode, String message) {
        count(source, "dead-lettered");
        var letter = deadLetters.create(source, errorCode, message, Instant.ofEpochMilli(context.currentSystemTimeMs()));
        context.forward(new Record<String, Object>(source.topic(), letter, timestamp), deadLettersNode);
    }

    private void count(SourceRecord source, String outcome) {
        meters.counter(INPUT_RECORDS, "topic", source.topic(), "outcome", outcome).increment();
    }
}
