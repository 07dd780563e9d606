package org.dlmwatch.engine.intake;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.dlmwatch.engine.deadletter.DeadLetters;
import org.dlmwatch.engine.intake.IntakeEvent.SourceRecord;
import org.dlmwatch.rules.model.ClinicalEvent;
import org.dlmwatch.registry.RegistryUnavailableException;
import org.dlmwatch.rules.validation.RejectedInputException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

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
    private static final Logger LOG = LoggerFactory.getLogger(InputIntake.class);
    /** How long a record waits for an unavailable registry before its task fails (and is retried). */
    private static final Duration REGISTRY_RETRY_BUDGET = Duration.ofSeconds(20);

    private final Deserializer<A> deserializer;
    private final IntakeRule<A> rule;
    private final DeadLetters deadLetters;
    private final MeterRegistry meters;
    private final boolean rejectFutureTimestamps;
    private final String patientsNode;
    private final String deadLettersNode;
    private ProcessorContext<String, Object> context;
    /**
     * Counters by outcome, looked up once rather than in the meter registry at every record (this
     * runs for every record of the lab topic). One intake reads one topic, so the topic is fixed.
     */
    private final Map<String, Counter> byOutcome = new HashMap<>();
    private final Map<String, Counter> byIgnoredReason = new HashMap<>();

    /**
     * @param rejectFutureTimestamps judge timestamps against the stream's wall clock (live), or not
     *     at all (replay of history)
     */
    public InputIntake(Deserializer<A> deserializer, IntakeRule<A> rule, DeadLetters deadLetters, MeterRegistry meters,
            boolean rejectFutureTimestamps, String patientsNode, String deadLettersNode) {
        this.deserializer = deserializer;
        this.rule = rule;
        this.deadLetters = deadLetters;
        this.meters = meters;
        this.rejectFutureTimestamps = rejectFutureTimestamps;
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
        Optional<String> ignoredUndecoded = rule.ignoredBeforeDecoding(record.value());
        if (ignoredUndecoded.isPresent()) {
            countIgnored(source, ignoredUndecoded.get());
            return;
        }
        A value;
        try {
            value = deserialize(record, source);
        } catch (BadInput e) {
            deadLetter(source, record.timestamp(), "DESERIALIZATION_FAILED",
                    "value is not a valid record of this topic in the registry wire format ("
                            + e.getMessage() + ")");
            return;
        }
        Optional<String> ignored = rule.ignored(value);
        if (ignored.isPresent()) {
            countIgnored(source, ignored.get());
            return;
        }
        ClinicalEvent event;
        try {
            Instant now = rejectFutureTimestamps ? Instant.ofEpochMilli(context.currentSystemTimeMs()) : null;
            event = rule.admit(value, now);
        } catch (RejectedInputException e) {
            deadLetter(source, record.timestamp(), e.rejection().code().name(), e.rejection().message());
            return;
        }
        String patientId = rule.patientId(value);
        // a patient's history lives in the task of the patient's partition: a record without the
        // patient id as its key landed elsewhere and would build a second, partial history
        if (record.key() == null || !patientId.equals(new String(record.key(), StandardCharsets.UTF_8))) {
            deadLetter(source, record.timestamp(), "KEY_MISMATCH",
                    "record key is missing or is not the record's patient id; producers must key by patient id");
            return;
        }
        count(source, "used");
        context.forward(new Record<String, Object>(patientId, new IntakeEvent(event, source), record.timestamp()),
                patientsNode);
    }

    /**
     * Decodes the value. A registry that does not answer is not bad input: the record is retried
     * for a while, then the task fails, its transaction aborts and the record is read again when
     * the stream thread is replaced; it is never dead-lettered for it.
     */
    private A deserialize(Record<byte[], byte[]> record, SourceRecord source) {
        long deadline = System.nanoTime() + REGISTRY_RETRY_BUDGET.toNanos();
        for (int attempt = 1; ; attempt++) {
            try {
                return deserializer.deserialize(source.topic(), record.headers(), record.value());
            } catch (RuntimeException e) {
                if (!registryUnavailable(e)) {
                    throw new BadInput(e);
                }
                LOG.atWarn().setMessage("schema registry unavailable, retrying the input")
                        .addKeyValue("topic", source.topic()).addKeyValue("partition", source.partition())
                        .addKeyValue("offset", source.offset()).addKeyValue("attempt", attempt).log();
                if (System.nanoTime() > deadline) {
                    throw e;
                }
                pause(Duration.ofMillis(Math.min(1_000, 100L * attempt)));
            }
        }
    }

    /** A value that does not decode, whatever the registry says. */
    private static final class BadInput extends RuntimeException {
        private static final long serialVersionUID = 1L;

        BadInput(RuntimeException cause) {
            super(cause.getClass().getSimpleName(), cause, false, false);
        }
    }

    private static boolean registryUnavailable(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof RegistryUnavailableException) {
                return true;
            }
        }
        return false;
    }

    private static void pause(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private void deadLetter(SourceRecord source, long timestamp, String errorCode, String message) {
        count(source, "dead-lettered");
        var letter = deadLetters.create(source, errorCode, message, Instant.ofEpochMilli(context.currentSystemTimeMs()));
        context.forward(new Record<String, Object>(source.topic(), letter, timestamp), deadLettersNode);
    }

    private void count(SourceRecord source, String outcome) {
        byOutcome.computeIfAbsent(outcome, o -> counter(source, o)).increment();
    }

    private void countIgnored(SourceRecord source, String reason) {
        byIgnoredReason.computeIfAbsent(reason, r -> counter(source, "ignored-" + r)).increment();
    }

    private Counter counter(SourceRecord source, String outcome) {
        return meters.counter(INPUT_RECORDS, "topic", source.topic(), "outcome", outcome);
    }
}
