package org.dlmwatch.desk.delivery;

import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which partitions of {@code surveillance.alerts.v1} this desk instance delivers: a consumer group
 * (one group for all desk instances) shares the partitions out, so each alert (all of a patient's
 * alerts share a partition) is delivered by exactly one instance at a time. The consumer reads
 * nothing (its partitions are paused): it only holds the assignment and heartbeats.
 *
 * <p>A partition becomes usable only once this instance's view has read the delivery topic up to
 * where it ended when the partition was assigned: the previous owner's deliveries are known before
 * anything is sent. On revocation the engine first finishes the attempts in flight on it.
 */
final class PartitionOwnership implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(PartitionOwnership.class);

    private final Map<String, Object> kafka;
    private final String groupId;
    private final String alertsTopic;
    private final String deliveriesTopic;
    private final Consumer<Collection<Integer>> onRevoke;
    /** Owned partition → delivery-topic offsets that must be read before acting on it. */
    private final Map<Integer, Map<TopicPartition, Long>> owned = new ConcurrentHashMap<>();
    private volatile boolean running = true;
    private volatile KafkaConsumer<byte[], byte[]> consumer;
    private Thread thread;

    PartitionOwnership(Map<String, Object> kafka, String groupId, String alertsTopic, String deliveriesTopic,
            Consumer<Collection<Integer>> onRevoke) {
        this.kafka = kafka;
        this.groupId = groupId;
        this.alertsTopic = alertsTopic;
        this.deliveriesTopic = deliveriesTopic;
        this.onRevoke = onRevoke;
    }

    void start() {
        thread = new Thread(this::run, "desk-delivery-group");
        thread.setDaemon(true);
        thread.start();
    }

    /** Owned partitions whose delivery history is known (given the view's read positions). */
    Set<Integer> ready(java.util.function.Predicate<Map<TopicPartition, Long>> hasRead) {
        return owned.entrySet().stream().filter(e -> hasRead.test(e.getValue())).map(Map.Entry::getKey)
                .collect(Collectors.toSet());
    }

    boolean owns(int partition) {
        return owned.containsKey(partition);
    }

    private void run() {
        Map<String, Object> config = new HashMap<>(kafka);
        config.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest");
        config.put(ConsumerConfig.CLIENT_ID_CONFIG, "dlm-watch-alert-desk-delivery-" + ProcessHandle.current().pid());
        try (KafkaConsumer<byte[], byte[]> c =
                new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            consumer = c;
            c.subscribe(List.of(alertsTopic), new ConsumerRebalanceListener() {
                @Override
                public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
                    if (partitions.isEmpty()) {
                        return;
                    }
                    c.pause(partitions);
                    Map<TopicPartition, Long> gate = deliveryTopicEnd(c);
                    for (TopicPartition tp : partitions) {
                        owned.put(tp.partition(), gate);
                    }
                    LOG.info("delivering alerts of partitions {}", partitions.stream().map(TopicPartition::partition)
                            .sorted().toList());
                }

                @Override
                public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
                    release(partitions);
                }

                @Override
                public void onPartitionsLost(Collection<TopicPartition> partitions) {
                    release(partitions);
                }
            });
            while (running) {
                c.poll(Duration.ofMillis(250));
            }
        } catch (WakeupException e) {
            // closing
        } catch (RuntimeException e) {
            LOG.error("delivery group consumer stopped: {}", e.getClass().getName());
        } finally {
            owned.clear();
        }
    }

    private void release(Collection<TopicPartition> partitions) {
        if (partitions.isEmpty()) {
            return;
        }
        List<Integer> ids = partitions.stream().map(TopicPartition::partition).toList();
        ids.forEach(owned::remove);
        onRevoke.accept(ids);
        LOG.info("no longer delivering alerts of partitions {}", ids);
    }

    private Map<TopicPartition, Long> deliveryTopicEnd(KafkaConsumer<byte[], byte[]> c) {
        List<PartitionInfo> infos = c.partitionsFor(deliveriesTopic, Duration.ofSeconds(30));
        List<TopicPartition> tps = infos.stream().map(i -> new TopicPartition(i.topic(), i.partition())).toList();
        return Map.copyOf(c.endOffsets(tps, Duration.ofSeconds(30)));
    }

    @Override
    public void close() {
        running = false;
        KafkaConsumer<byte[], byte[]> c = consumer;
        if (c != null) {
            c.wakeup();
        }
        if (thread != null) {
            try {
                thread.join(30_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
