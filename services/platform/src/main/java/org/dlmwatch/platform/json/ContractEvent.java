package org.dlmwatch.platform.json;

import org.apache.avro.specific.SpecificRecord;
import org.dlmwatch.platform.topics.TopicSpec;

/** One input event of the contract: the record, its type, and its key (the patient id). */
public record ContractEvent(EventType type, SpecificRecord record, String key) {

    public TopicSpec topic() {
        return type.topic();
    }
}
