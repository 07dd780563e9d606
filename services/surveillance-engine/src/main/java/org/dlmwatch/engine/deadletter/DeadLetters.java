package org.dlmwatch.engine.deadletter;

import io.micrometer.core.instrument.MeterRegistry;
import java.nio.ByteBuffer;
import java.time.Instant;
import org.dlmwatch.engine.intake.IntakeEvent.SourceRecord;
import org.dlmwatch.events.v1.DeadLetter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds the DeadLetter for input that could not be used, counts it per error code and source
 * topic, and logs where it came from (topic, partition, offset, code): never the payload, the
 * key or anything else that could identify a patient.
 */
public final class DeadLetters {

    public static final String COUNTER = "dlmwatch.engine.dead.letters";
    private static final Logger LOG = LoggerFactory.getLogger(DeadLetters.class);

    private final MeterRegistry meters;

    public DeadLetters(MeterRegistry meters) {
        this.meters = meters;
    }

    public DeadLetter create(SourceRecord source, String errorCode, String message, Instant failedAt) {
        meters.counter(COUNTER, "errorCode", errorCode, "topic", source.topic()).increment();
        LOG.atWarn().setMessage("dead letter")
                .addKeyValue("topic", source.topic())
                .addKeyValue("partition", source.partition())
                .addKeyValue("offset", source.offset())
                .addKeyValue("errorCode", errorCode)
                .addKeyValue("reason", message)
                .log();
        return DeadLetter.newBuilder()
                .setSourceTopic(source.topic())
                .setPartition(source.partition())
                .setOffset(source.offset())
                .setKey(source.key() == null ? null : ByteBuffer.wrap(source.key()))
                .setValue(source.value() == null ? null : ByteBuffer.wrap(source.value()))
                .setErrorCode(errorCode)
                .setErrorMessage(message)
                .setFailedAt(failedAt)
                .build();
    }
}
