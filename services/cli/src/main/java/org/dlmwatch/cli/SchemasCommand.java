package org.dlmwatch.cli;

import java.io.PrintWriter;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.apache.avro.specific.SpecificData;
import org.dlmwatch.platform.topics.TopicCatalog;
import org.dlmwatch.platform.topics.TopicSpec;
import org.dlmwatch.registry.CompatibilityLevel;
import org.dlmwatch.registry.HttpSchemaRegistryClient;
import org.dlmwatch.registry.SchemaRegistryClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "schemas", description = "Manage the contract's schemas in the registry.",
        subcommands = {SchemasCommand.Register.class}, mixinStandardHelpOptions = true)
final class SchemasCommand {

    @Command(name = "register", mixinStandardHelpOptions = true,
            description = "Register every record schema of the contract under <topic>-value and set the subject's "
                    + "compatibility level. The registry rejects a schema that breaks its running consumers.")
    static final class Register implements Callable<Integer> {

        @Mixin
        ConnectionOptions connection;

        @Option(names = "--compatibility", defaultValue = "BACKWARD",
                description = "Compatibility level of every subject (default ${DEFAULT-VALUE}).")
        CompatibilityLevel compatibility;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            SchemaRegistryClient registry = new HttpSchemaRegistryClient(connection.schemaRegistryUrl());
            for (TopicSpec topic : TopicCatalog.ALL) {
                int id = registerOne(registry, topic, compatibility);
                out.printf("%-40s schema id %d, %s%n", topic.valueSubject(), id, compatibility);
            }
            out.flush();
            return 0;
        }

        /** Registers a topic's value schema and sets its subject's compatibility level; returns the schema id. */
        static int registerOne(SchemaRegistryClient registry, TopicSpec topic, CompatibilityLevel compatibility) {
            int id = registry.register(topic.valueSubject(), SpecificData.get().getSchema(topic.valueType()));
            registry.setCompatibility(Optional.of(topic.valueSubject()), compatibility);
            return id;
        }
    }
}
