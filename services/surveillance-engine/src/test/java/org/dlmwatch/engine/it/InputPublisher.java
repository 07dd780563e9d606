package org.dlmwatch.engine.it;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.dlmwatch.local.LocalCluster;
import org.dlmwatch.platform.json.ContractEvent;
import org.dlmwatch.platform.json.EventFile;
import org.dlmwatch.platform.kafka.EventPublisher;
import org.dlmwatch.platform.topics.TopicSpec;

/**
 * Publishes test input one record at a time, each acknowledged before the next, and each with a
 * record timestamp strictly later than the one before. Kafka Streams processes records that are
 * already on the broker in timestamp order across the engine's three input topics, so an engine
 * that starts after (or keeps up with) publishing sees the events in the file's order, as the
 * replay does.
 *
 * <p>Contract events go through the project's {@link EventPublisher} (as {@code dlm-watch publish}
 * does); raw bytes (poison pills) through a plain producer.
 */
final class InputPublisher implements AutoCloseable {

    private final EventPublisher events;
    private final KafkaProducer<byte[], byte[]> raw;
    private long lastTimestamp;

    InputPublisher(LocalCluster cluster) {
        this.events = new EventPublisher(ItCluster.kafka(cluster), ItCluster.topics(cluster), false);
        Map<String, Object> config = new HashMap<>(ItCluster.kafka(cluster));
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        this.raw = new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer());
    }

    RecordMetadata send(ContractEvent event) {
        tick();
        return waitFor(events.send(event));
    }

    /** A contract record under any key (a key that is not the patient id is bad input). */
    RecordMetadata send(TopicSpec topic, String key, SpecificRecord record) {
        tick();
        return waitFor(events.send(topic, key, record));
    }

    /** Bytes as they are, whatever they contain. */
    RecordMetadata sendRaw(TopicSpec topic, byte[] key, byte[] value) {
        tick();
        return waitFor(raw.send(new ProducerRecord<>(topic.name(), key, value)));
    }

    /** Bytes to an explicit partition, whatever the key (or no key) says. */
    RecordMetadata sendRaw(TopicSpec topic, int partition, byte[] key, byte[] value) {
        tick();
        return waitFor(raw.send(new ProducerRecord<>(topic.name(), partition, key, value)));
    }

    List<RecordMetadata> sendAll(EventFile file) {
        List<RecordMetadata> sent = new ArrayList<>();
        for (EventFile.Line line : file.events()) {
            sent.add(send(line.event()));
        }
        return sent;
    }

    /** Waits for the clock to pass the previous record's millisecond: producers stamp the send time. */
    private void tick() {
        long now = System.currentTimeMillis();
        while (now <= lastTimestamp) {
            Thread.onSpinWait();
            now = System.currentTimeMillis();
        }
        lastTimestamp = now;
    }

    private static RecordMetadata waitFor(Future<RecordMetadata> sent) {
        try {
            return sent.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while publishing", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("could not publish: " + e.getCause(), e.getCause());
        }
    }

    @Override
    public void close() {
        try {
            events.close();
        } finally {
            raw.close();
        }
    }
}
