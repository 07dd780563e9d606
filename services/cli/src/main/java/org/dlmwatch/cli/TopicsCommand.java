package org.dlmwatch.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.admin.Admin;
import org.dlmwatch.platform.topics.TopicCatalog;
import org.dlmwatch.platform.topics.TopicCreator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "topics", description = "Manage the topics of dlm-watch.",
        subcommands = {TopicsCommand.Create.class}, mixinStandardHelpOptions = true)
final class TopicsCommand {

    @Command(name = "create", mixinStandardHelpOptions = true,
            description = "Create every topic of the event contract that does not exist yet (never by auto-creation).")
    static final class Create implements Callable<Integer> {

        @Mixin
        ConnectionOptions connection;

        @Option(names = "--partitions", defaultValue = "" + TopicCatalog.DEFAULT_PARTITIONS,
                description = "Partitions per topic (default ${DEFAULT-VALUE}).")
        int partitions;

        @Option(names = "--replication-factor", defaultValue = "1",
                description = "Replication factor (default ${DEFAULT-VALUE}; 3 in production).")
        short replicationFactor;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            try (Admin admin = Admin.create(connection.kafkaProperties())) {
                var specs = TopicCatalog.all(partitions);
                for (var outcome : new TopicCreator(admin).createAll(specs, replicationFactor)) {
                    out.printf("%-32s %-8s %d partitions%n", outcome.topic(),
                            outcome.created() ? "created" : "exists", outcome.partitions());
                }
            }
            out.flush();
            return 0;
        }
    }
}
