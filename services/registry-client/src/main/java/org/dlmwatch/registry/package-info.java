/**
 * dlm-watch's own client for the Confluent Schema Registry REST API, the Confluent wire format and
 * Avro {@link org.apache.avro.specific.SpecificRecord} serdes for Kafka.
 *
 * <p><b>Why the project carries this.</b> The event contract says every value on a topic uses the
 * Confluent wire format (magic byte 0, 4-byte big-endian schema id, Avro binary) with subjects
 * {@code <topic>-value} / {@code <topic>-key}. Confluent's own client and serde jars are not
 * published to Maven Central, which is the only registry this project builds from, so we keep a
 * small, tested implementation of the part we use: register / look up / fetch Avro schemas,
 * compatibility configuration and checks, and SpecificRecord serialization. It speaks to any
 * Confluent-compatible registry (Confluent, Apicurio's {@code /apis/ccompat/v7}, ...).
 *
 * <p>Entry points:
 * <ul>
 *   <li>{@link org.dlmwatch.registry.SchemaRegistryClient}: the registry operations;
 *       {@link org.dlmwatch.registry.HttpSchemaRegistryClient} talks HTTP,
 *       {@link org.dlmwatch.registry.InMemorySchemaRegistry} is a faithful in-process registry
 *       for fast tests.</li>
 *   <li>{@link org.dlmwatch.registry.SpecificAvroSerde} (with its serializer and deserializer):
 *       Kafka serdes, built programmatically or from Kafka-style configs (see
 *       {@link org.dlmwatch.registry.SerdeConfig}).</li>
 *   <li>{@link org.dlmwatch.registry.WireFormat}: the 5-byte header, for code that inspects
 *       bytes on a topic.</li>
 * </ul>
 */
package org.dlmwatch.registry;
