package org.dlmwatch.engine.it;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.dlmwatch.local.LocalCluster;

/**
 * Reads one output topic from the beginning, every partition, without a consumer group, and keeps
 * everything it has read. {@code read_committed} by default: what a downstream consumer of an
 * exactly-once application sees. Not thread-safe.
 *
 * @param <V> the value type
 */
final class TopicReader<V> implements AutoCloseable {

    /** One record read, with where it was. */
    record Read<V>(String topic, int partition, long offset, String key, V value, long timestamp) {}

    private final KafkaConsumer<String, byte[]> consumer;
    private final Deserializer<V> values;
    private final List<TopicPartition> partitions;
    private final List<Read<V>> seen = new ArrayList<>();

    TopicReader(LocalCluster cluster, String topic, Deserializer<V> values) {
        this(cluster, topic, values, "read_committed");
    }

    TopicReader(LocalCluster cluster, String topic, Deserializer<V> values, String isolationLevel) {
        Map<String, Object> config = new HashMap<>(ItCluster.kafka(cluster));
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, isolationLevel);
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.CLIENT_ID_CONFIG, "it-reader-" + topic + "-" + UUID.randomUUID());
        this.consumer = new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer());
        this.values = values;
        this.partitions = consumer.partitionsFor(topic).stream()
                .map(p -> new TopicPartition(topic, p.partition()))
                .toList();
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
    }

    /** Polls once (briefly) and returns everything read so far. */
    List<Read<V>> poll() {
        for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(100))) {
            seen.add(new Read<>(r.topic(), r.partition(), r.offset(), r.key(),
                    r.value() == null ? null : values.deserialize(r.topic(), r.value()), r.timestamp()));
        }
        return List.copyOf(seen);
    }

    /**
     * Reads up to the end of every partition as it is now (for {@code read_committed}, the last
     * stable offset: nothing of a transaction still open) and returns everything read so far.
     */
    List<Read<V>> readToEnd(Duration timeout) {
        Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
        long deadline = System.nanoTime() + timeout.toNanos();
        while (ends.entrySet().stream().anyMatch(e -> consumer.position(e.getKey()) < e.getValue())) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("could not read " + partitions + " to " + ends + " in " + timeout);
            }
            poll();
        }
        return List.copyOf(seen);
    }

    @Override
    public void close() {
        consumer.close();
    }
}
