package org.dlmwatch.platform.json;

import java.util.Arrays;
import java.util.Optional;
import org.dlmwatch.platform.topics.TopicCatalog;
import org.dlmwatch.platform.topics.TopicSpec;

/** The {@code type} of a line in a JSON-lines event file, and the topic its record goes to. */
public enum EventType {
    ENROLLMENT("enrollment", TopicCatalog.ENROLLMENTS),
    LAB_RESULT("lab_result", TopicCatalog.LAB_RESULTS),
    IMAGING_REPORT("imaging_report", TopicCatalog.IMAGING_REPORTS);

    private final String jsonName;
    private final TopicSpec topic;

    EventType(String jsonName, TopicSpec topic) {
        this.jsonName = jsonName;
        this.topic = topic;
    }

    public String jsonName() {
        return jsonName;
    }

    public TopicSpec topic() {
        return topic;
    }

    public static Optional<EventType> fromJsonName(String name) {
        return Arrays.stream(values()).filter(t -> t.jsonName.equals(name)).findFirst();
    }

    public static Optional<EventType> forRecord(Class<?> recordType) {
        return Arrays.stream(values()).filter(t -> t.topic.valueType().equals(recordType)).findFirst();
    }
}
