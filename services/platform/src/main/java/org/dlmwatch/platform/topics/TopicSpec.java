package org.dlmwatch.platform.topics;

import java.time.Duration;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.config.TopicConfig;

/**
 * One topic of the event contract: its name, the record it carries, what its key is, and how it is
 * created (partitions, cleanup policy, retention). Topics are only ever created from these
 * declarations, never by auto-creation.
 *
 * @param retention {@code null} keeps records forever
 */
public record TopicSpec(
        String name,
        Class<? extends SpecificRecord> valueType,
        String keyField,
        int partitions,
        CleanupPolicy cleanupPolicy,
        Duration retention,
        String description) {

    public enum CleanupPolicy {
        DELETE, COMPACT;

        String kafkaName() {
            return this == COMPACT ? TopicConfig.CLEANUP_POLICY_COMPACT : TopicConfig.CLEANUP_POLICY_DELETE;
        }
    }

    /** The Kafka topic configs this declaration asks for. */
    public Map<String, String> configs() {
        String retentionMs = retention == null ? "-1" : Long.toString(retention.toMillis());
        return cleanupPolicy == CleanupPolicy.COMPACT
                ? Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, cleanupPolicy.kafkaName())
                : Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, cleanupPolicy.kafkaName(),
                        TopicConfig.RETENTION_MS_CONFIG, retentionMs);
    }

    /** The registry subject of the value schema (Confluent TopicNameStrategy). */
    public String valueSubject() {
        return name + "-value";
    }

    /** The same topic under another name, e.g. prefixed for a benchmark run. */
    public TopicSpec withName(String newName) {
        return new TopicSpec(newName, valueType, keyField, partitions, cleanupPolicy, retention, description);
    }

    public TopicSpec withPartitions(int count) {
        return new TopicSpec(name, valueType, keyField, count, cleanupPolicy, retention, description);
    }
}
