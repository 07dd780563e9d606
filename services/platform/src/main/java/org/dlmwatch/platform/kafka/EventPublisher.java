package org.dlmwatch.platform.kafka;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.dlmwatch.platform.json.ContractEvent;
import org.dlmwatch.platform.topics.TopicSpec;
import org.dlmwatch.platform.topics.Topics;
import org.dlmwatch.registry.SerdeSettings;
import org.dlmwatch.registry.SpecificAvroSerializer;

/**
 * Publishes contract events to their topics, keyed by patient id, as Avro in the registry wire
 * format; idempotent, acks=all, so a published event is on the broker or the call fails.
 */
public final class EventPublisher implements AutoCloseable {

    private final KafkaProducer<String, byte[]> producer;
    private final SpecificAvroSerializer<SpecificRecord> values;

    public EventPublisher(Map<String, Object> kafkaProperties, Topics topics, boolean autoRegisterSchemas) {
        Map<String, Object> config = new HashMap<>(kafkaProperties);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        this.producer = new KafkaProducer<>(config, new StringSerializer(), new ByteArraySerializer());
        this.values = new SpecificAvroSerializer<>(topics.registry(),
                SerdeSettings.defaults().withAutoRegisterSchemas(autoRegisterSchemas));
    }

    /** An event encoded for its topic (schema looked up or registered), ready to send. */
    public record Encoded(String topic, String key, byte[] value) {}

    /**
     * Encodes an event without sending it: encoding every event of a batch first means a registry
     * problem (schema not registered, registry down) stops the batch before anything is sent.
     */
    public Encoded encode(ContractEvent event) {
        return encode(event.topic(), event.key(), event.record());
    }

    public Encoded encode(TopicSpec topic, String key, SpecificRecord record) {
        return new Encoded(topic.name(), key, values.serialize(topic.name(), record));
    }

    /** Sends one encoded event; the future completes when the broker has it. */
    public Future<RecordMetadata> send(Encoded event) {
        return producer.send(new ProducerRecord<>(event.topic(), event.key(), event.value()));
    }

    /** Encodes and sends one event; the future completes when the broker has it. */
    public Future<RecordMetadata> send(ContractEvent event) {
        return send(encode(event));
    }

    public Future<RecordMetadata> send(TopicSpec topic, String key, SpecificRecord record) {
        return send(encode(topic, key, record));
    }

    /** Waits until everything sent so far is on the broker. */
    public void flush() {
        producer.flush();
    }

    /** Sends and waits, for callers that publish few events. */
    public RecordMetadata sendAndWait(ContractEvent event) {
        try {
            return send(event).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while publishing", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("could not publish to " + event.topic().name() + ": "
                    + e.getCause().getMessage(), e.getCause());
        }
    }

    @Override
    public void close() {
        producer.close();
    }
}
