package org.dlmwatch.desk.action;

import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.dlmwatch.desk.auth.Principal;
import org.dlmwatch.desk.view.AlertEntry;
import org.dlmwatch.desk.view.DeskView;
import org.dlmwatch.events.v1.AlertAction;
import org.dlmwatch.platform.topics.Topics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records a clinician's action: validates it against the alert's current state, writes an
 * {@link AlertAction} (actor = the signed-in user, at = the desk's clock) to
 * {@code surveillance.alert-actions.v1} keyed by alert id, and waits until this instance's view has
 * read it back, so that the answer (and the next page load) already shows it.
 */
public final class ActionService implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ActionService.class);
    private static final Duration WRITE_TIMEOUT = Duration.ofSeconds(15);
    private static final Duration READ_BACK_TIMEOUT = Duration.ofSeconds(10);

    /** The outcome: the action written and the alert as the view shows it afterwards. */
    public record Recorded(AlertAction action, AlertEntry alert) {}

    private final DeskView view;
    private final Clock clock;
    private final String topic;
    private final KafkaProducer<String, AlertAction> producer;
    private final MeterRegistry meters;

    public ActionService(Map<String, Object> kafka, Topics topics, DeskView view, Clock clock, MeterRegistry meters) {
        this.view = view;
        this.clock = clock;
        this.meters = meters;
        this.topic = topics.alertActions.name();
        Map<String, Object> config = new HashMap<>(kafka);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.CLIENT_ID_CONFIG, "dlm-watch-alert-desk-actions-" + ProcessHandle.current().pid());
        Serializer<AlertAction> values = topics.alertActions.valueSerde().serializer();
        this.producer = new KafkaProducer<>(config, new StringSerializer(), values);
    }

    /**
     * @throws ActionRejected 400 or 409
     * @return empty when the alert is unknown
     */
    public Optional<Recorded> act(String alertId, String action, String reason, Principal user) {
        if (user == null || user.name() == null || user.name().isBlank()) {
            throw new IllegalStateException("nobody acts anonymously");
        }
        Optional<AlertEntry> current = view.alert(alertId);
        if (current.isEmpty()) {
            return Optional.empty();
        }
        ActionValidator.Valid valid = ActionValidator.validate(action, reason, current.get().teamStatus());
        AlertAction record = AlertAction.newBuilder()
                .setAlertId(alertId)
                .setAction(valid.action())
                .setReason(valid.reason())
                .setActor(user.name())
                .setAt(clock.instant())
                .build();
        RecordMetadata written;
        try {
            written = producer.send(new ProducerRecord<>(topic, alertId, record))
                    .get(WRITE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while recording the action", e);
        } catch (ExecutionException | TimeoutException e) {
            LOG.error("could not record action: alertId={} action={} error={}", alertId, valid.action(),
                    (e instanceof ExecutionException ? e.getCause() : e).getClass().getName());
            throw new IllegalStateException("the action could not be recorded; try again", e);
        }
        meters.counter("dlmwatch.desk.actions", "action", valid.action().name()).increment();
        LOG.info("action recorded: alertId={} action={} partition={} offset={}", alertId, valid.action(),
                written.partition(), written.offset());
        try {
            if (!view.awaitRead(new TopicPartition(written.topic(), written.partition()), written.offset(),
                    READ_BACK_TIMEOUT)) {
                LOG.warn("action not yet read back: alertId={} offset={}", alertId, written.offset());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return Optional.of(new Recorded(record, view.alert(alertId).orElseThrow()));
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(5));
    }
}
