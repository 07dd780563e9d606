package org.dlmwatch.bench;

import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * How far a consumer group (a Kafka Streams application) has committed through its input. With
 * exactly-once, an input offset is committed in the same transaction as everything it produced, so
 * "committed up to the end" means "every output of that input is committed".
 */
final class GroupProgress {

    private final Admin admin;

    GroupProgress(Admin admin) {
        this.admin = admin;
    }

    Map<TopicPartition, Long> endOffsets(Collection<TopicPartition> partitions) {
        Map<TopicPartition, OffsetSpec> latest = partitions.stream()
                .collect(Collectors.toMap(p -> p, p -> OffsetSpec.latest()));
        try {
            return admin.listOffsets(latest).all().get().entrySet().stream()
                    .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().offset()));
        } catch (InterruptedException | ExecutionException e) {
            throw failure(e);
        }
    }

    /** Records committed by the group on these partitions. */
    long committed(String groupId, Collection<TopicPartition> partitions) {
        try {
            Map<TopicPartition, OffsetAndMetadata> offsets =
                    admin.listConsumerGroupOffsets(groupId).partitionsToOffsetAndMetadata().get();
            return partitions.stream()
                    .map(offsets::get)
                    .mapToLong(o -> o == null ? 0 : o.offset())
                    .sum();
        } catch (InterruptedException | ExecutionException e) {
            throw failure(e);
        }
    }

    /** Waits until the group has committed up to {@code end}; returns when that was seen. */
    long awaitCommitted(String groupId, Map<TopicPartition, Long> end, Duration timeout) {
        long target = end.values().stream().mapToLong(Long::longValue).sum();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (committed(groupId, end.keySet()) < target) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(groupId + " did not commit its input within " + timeout);
            }
            sleep(20);
        }
        return System.nanoTime();
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private static RuntimeException failure(Exception e) {
        if (e instanceof InterruptedException) {
            Thread.currentThread().interrupt();
        }
        return new IllegalStateException("could not read offsets: " + e.getMessage(), e);
    }
}
