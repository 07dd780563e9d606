package org.dlmwatch.desk.view;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.dlmwatch.events.v1.AlertAction;
import org.dlmwatch.events.v1.AlertDelivery;
import org.dlmwatch.events.v1.Enrollment;
import org.dlmwatch.events.v1.ImagingReport;
import org.dlmwatch.events.v1.LabResult;
import org.dlmwatch.events.v1.SurveillanceAlert;
import org.dlmwatch.platform.topics.Topics;
import org.dlmwatch.registry.AvroFieldPeek;
import org.dlmwatch.rules.validation.LabCodes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Feeds the {@link DeskView}: one consumer, no consumer group, that assigns itself every partition of
 * the topics the desk shows and reads them from the beginning, {@code read_committed} (the engine
 * writes alerts in transactions). {@link #start} returns once everything that was on the topics at
 * start has been read, so a restarted or second instance answers with the full state from its first
 * request.
 *
 * <p>A record that cannot be read is skipped and counted ({@code dlmwatch.desk.view.skipped}); the log
 * names topic, partition, offset and the error type, never the content.
 */
public final class ViewFeed implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ViewFeed.class);

    private final Map<String, Object> kafka;
    private final Topics topics;
    private final DeskView view;
    private final MeterRegistry meters;
    private final Map<String, Deserializer<?>> values = new HashMap<>();
    /** Records read, by topic: looked up once, not at every record of the lab topic. */
    private final Map<String, Counter> read = new HashMap<>();
    /** The lab topic is mostly not CEA: its LOINC code is read first, and only CEA is decoded. */
    private final AvroFieldPeek labLoinc;
    private final CompletableFuture<Void> ready = new CompletableFuture<>();
    private volatile boolean running = true;
    private volatile KafkaConsumer<String, byte[]> consumer;
    private Thread thread;

    public ViewFeed(Map<String, Object> kafka, Topics topics, DeskView view, MeterRegistry meters) {
        this.kafka = kafka;
        this.topics = topics;
        this.view = view;
        this.meters = meters;
        values.put(topics.alerts.name(), topics.valueSerde(SurveillanceAlert.class).deserializer());
        values.put(topics.alertActions.name(), topics.valueSerde(AlertAction.class).deserializer());
        values.put(topics.alertDeliveries.name(), topics.valueSerde(AlertDelivery.class).deserializer());
        values.put(topics.enrollments.name(), topics.valueSerde(Enrollment.class).deserializer());
        values.put(topics.labResults.name(), topics.valueSerde(LabResult.class).deserializer());
        values.put(topics.imagingReports.name(), topics.valueSerde(ImagingReport.class).deserializer());
        values.keySet().forEach(topic -> read.put(topic, meters.counter("dlmwatch.desk.view.records", "topic", topic)));
        this.labLoinc = new AvroFieldPeek(topics.registry(), LabResult.getClassSchema(), "loinc");
    }

    /** Starts reading and waits until the view holds everything that was on the topics. */
    public void start(Duration timeout) {
        thread = new Thread(this::run, "desk-view-feed");
        thread.setDaemon(true);
        thread.start();
        try {
            ready.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while reading the topics", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("the alert desk could not read its topics: " + e.getCause().getMessage(),
                    e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("the alert desk did not read its topics to the end within " + timeout);
        }
    }

    public boolean caughtUp() {
        return ready.isDone() && !ready.isCompletedExceptionally();
    }

    public boolean alive() {
        return thread != null && thread.isAlive();
    }

    private void run() {
        Map<String, Object> config = new HashMap<>(kafka);
        config.remove(ConsumerConfig.GROUP_ID_CONFIG);
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.put(ConsumerConfig.CLIENT_ID_CONFIG, "dlm-watch-alert-desk-view-" + ProcessHandle.current().pid());
        try (KafkaConsumer<String, byte[]> c =
                new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer())) {
            consumer = c;
            List<TopicPartition> partitions = new ArrayList<>();
            for (String topic : values.keySet()) {
                List<PartitionInfo> infos = c.partitionsFor(topic, Duration.ofSeconds(30));
                if (infos == null || infos.isEmpty()) {
                    throw new IllegalStateException("topic " + topic
                            + " does not exist; create the topics first (dlm-watch topics create)");
                }
                infos.forEach(i -> partitions.add(new TopicPartition(i.topic(), i.partition())));
            }
            c.assign(partitions);
            c.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = c.endOffsets(partitions, Duration.ofSeconds(30));
            LOG.info("reading {} partitions of {} topics from the beginning", partitions.size(), values.size());
            while (running) {
                ConsumerRecords<String, byte[]> records = c.poll(Duration.ofMillis(200));
                if (!records.isEmpty()) {
                    view.update(() -> records.forEach(this::apply));
                }
                Map<TopicPartition, Long> read = new HashMap<>();
                for (TopicPartition tp : partitions) {
                    read.put(tp, c.position(tp));
                }
                view.positions(read);
                if (!ready.isDone() && view.hasRead(end)) {
                    LOG.info("view ready: {} alerts, {} patients", view.alertCount(), view.patientCount());
                    ready.complete(null);
                }
            }
        } catch (WakeupException e) {
            // closing
        } catch (RuntimeException e) {
            LOG.error("view feed stopped: {}", e.getClass().getName());
            ready.completeExceptionally(e);
        }
    }

    private void apply(ConsumerRecord<String, byte[]> r) {
        String topic = r.topic();
        if (topic.equals(topics.labResults.name()) && r.value() != null
                && labLoinc.peek(r.value()).filter(loinc -> !LabCodes.isCeaMass(loinc)).isPresent()) {
            read.get(topic).increment(); // not CEA: dropped without decoding it
            return;
        }
        Object value;
        try {
            value = r.value() == null ? null : values.get(topic).deserialize(topic, r.value());
        } catch (RuntimeException e) {
            LOG.warn("skipping unreadable record: topic={} partition={} offset={} error={}", topic, r.partition(),
                    r.offset(), e.getClass().getName());
            skipped(topic, "unreadable").increment();
            return;
        }
        read.get(topic).increment();
        if (topic.equals(topics.alerts.name())) {
            if (value != null) {
                view.applyAlert((SurveillanceAlert) value, r.partition());
            }
        } else if (topic.equals(topics.alertActions.name())) {
            if (value != null) {
                view.applyAction((AlertAction) value);
            }
        } else if (topic.equals(topics.alertDeliveries.name())) {
            view.applyDelivery(r.key(), (AlertDelivery) value);
        } else if (topic.equals(topics.enrollments.name())) {
            if (value != null && !view.applyEnrollment((Enrollment) value)) {
                skipped(topic, "not-used").increment();
            }
        } else if (topic.equals(topics.labResults.name())) {
            view.applyLabResult((LabResult) value); // mostly not CEA: dropped without a count
        } else if (topic.equals(topics.imagingReports.name())) {
            if (value != null && !view.applyImagingReport((ImagingReport) value)) {
                skipped(topic, "not-used").increment();
            }
        }
    }

    private Counter skipped(String topic, String reason) {
        return meters.counter("dlmwatch.desk.view.skipped", "topic", topic, "reason", reason);
    }

    @Override
    public void close() {
        running = false;
        KafkaConsumer<String, byte[]> c = consumer;
        if (c != null) {
            c.wakeup();
        }
        if (thread != null) {
            try {
                thread.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
