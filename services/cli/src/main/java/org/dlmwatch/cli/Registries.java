package org.dlmwatch.cli;

import org.dlmwatch.platform.topics.Topics;
import org.dlmwatch.registry.HttpSchemaRegistryClient;

/** Builds the registry client and the topic registry the commands share. */
final class Registries {

    private Registries() {}

    static Topics topics(String schemaRegistryUrl, boolean autoRegisterSchemas) {
        return new Topics(new HttpSchemaRegistryClient(schemaRegistryUrl), autoRegisterSchemas);
    }
}
