package org.dlmwatch.registry;

/**
 * How a {@link SpecificAvroSerde} (or its serializer / deserializer) uses the registry.
 *
 * @param autoRegisterSchemas the serializer registers the record's schema under the subject
 *     (default); when {@code false} it only looks the schema up and fails if the subject does not
 *     have it, for deployments where schemas are registered by a release step
 * @param key serialize keys (subject {@code <topic>-key}) rather than values ({@code <topic>-value})
 */
public record SerdeSettings(boolean autoRegisterSchemas, boolean key) {

    /** Values, with auto-registration. */
    public static SerdeSettings defaults() {
        return new SerdeSettings(true, false);
    }

    public SerdeSettings withAutoRegisterSchemas(boolean autoRegister) {
        return new SerdeSettings(autoRegister, key);
    }

    /** The same settings for keys ({@code true}) or values. */
    public SerdeSettings withKey(boolean isKey) {
        return new SerdeSettings(autoRegisterSchemas, isKey);
    }

    /** The same settings for keys. */
    public SerdeSettings forKeys() {
        return withKey(true);
    }

    /** The subject for {@code topic} (TopicNameStrategy): {@code <topic>-key} or {@code <topic>-value}. */
    public String subject(String topic) {
        return subject(topic, key);
    }

    /** TopicNameStrategy: {@code <topic>-key} or {@code <topic>-value}. */
    public static String subject(String topic, boolean isKey) {
        if (topic == null || topic.isEmpty()) {
            throw new IllegalArgumentException("A topic is needed to name the subject");
        }
        return topic + (isKey ? "-key" : "-value");
    }
}
