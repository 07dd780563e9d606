package org.dlmwatch.platform.topics;

import org.apache.kafka.common.serialization.Serde;

/**
 * A topic with its serdes, so that a topic's name never travels without the way its records are
 * written (the typed topic registry of Confluent's kafka-streams-examples).
 */
public record Topic<K, V>(TopicSpec spec, Serde<K> keySerde, Serde<V> valueSerde) {

    public String name() {
        return spec.name();
    }
}
