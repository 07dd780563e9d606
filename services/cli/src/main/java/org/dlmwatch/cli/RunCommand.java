package org.dlmwatch.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.admin.Admin;
import org.dlmwatch.local.LocalCluster;
import org.dlmwatch.local.LocalFiles;
import org.dlmwatch.platform.topics.TopicCatalog;
import org.dlmwatch.platform.topics.TopicCreator;
import org.dlmwatch.platform.topics.TopicSpec;
import org.dlmwatch.registry.CompatibilityLevel;
import org.dlmwatch.registry.HttpSchemaRegistryClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

@Command(name = "run", mixinStandardHelpOptions = true,
        description = {
            "Run dlm-watch: the embedded Kafka broker and schema registry (unless --bootstrap-servers and",
            "--schema-registry-url name existing ones), the topics, the schemas and every service.",
            "Prints what listens where; Ctrl-C stops everything cleanly."
        })
final class RunCommand implements Callable<Integer> {

    @Option(names = "--bootstrap-servers", paramLabel = "HOST:PORT[,...]", defaultValue = "${env:DLMWATCH_BOOTSTRAP_SERVERS}",
            description = "Use this Kafka cluster instead of the embedded broker (env DLMWATCH_BOOTSTRAP_SERVERS).")
    String bootstrapServers;

    @Option(names = "--schema-registry-url", paramLabel = "URL", defaultValue = "${env:DLMWATCH_SCHEMA_REGISTRY_URL}",
            description = "Use this Confluent-compatible registry instead of the embedded one (env DLMWATCH_SCHEMA_REGISTRY_URL).")
    String schemaRegistryUrl;

    @Option(names = "--kafka-config", paramLabel = "FILE", defaultValue = "${env:DLMWATCH_KAFKA_CONFIG}",
            description = "Properties file of extra Kafka client settings (TLS, SASL) (env DLMWATCH_KAFKA_CONFIG).")
    Path kafkaConfig;

    @Option(names = "--data-dir", paramLabel = "DIR", defaultValue = "${env:DLMWATCH_DATA_DIR:-.dlm-watch}",
            description = "Folder of the embedded broker's and registry's data (default ${DEFAULT-VALUE}).")
    Path dataDir;

    @Option(names = "--kafka-port", defaultValue = "9092", description = "Port of the embedded broker (default ${DEFAULT-VALUE}).")
    int kafkaPort;

    @Option(names = "--registry-port", defaultValue = "8081", description = "Port of the embedded registry (default ${DEFAULT-VALUE}).")
    int registryPort;

    @Option(names = "--partitions", defaultValue = "" + TopicCatalog.DEFAULT_PARTITIONS,
            description = "Partitions of topics created at start (default ${DEFAULT-VALUE}).")
    int partitions;

    @Option(names = "--replication-factor", defaultValue = "1",
            description = "Replication factor of topics created at start (default ${DEFAULT-VALUE}).")
    short replicationFactor;

    @Option(names = "--demo", description = "Also publish a generated cohort at a watchable pace, so that the alert "
            + "desk fills with alerts within a minute.")
    boolean demo;

    @Option(names = "--demo-patients", defaultValue = "200", description = "Patients of the demo cohort (default ${DEFAULT-VALUE}).")
    int demoPatients;

    @Option(names = "--demo-rate", defaultValue = "200",
            description = "Events per second the demo publishes (default ${DEFAULT-VALUE}; 5% of lab results are CEA).")
    int demoRate;

    @Mixin
    EngineCommand.EngineOptions engine;

    @Mixin
    DeskCommand.DeskOptions desk;

    @Mixin
    OpsHostOption ops;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        if ((bootstrapServers == null) != (schemaRegistryUrl == null)) {
            throw new ParameterException(spec.commandLine(),
                    "give both --bootstrap-servers and --schema-registry-url, or neither to run them embedded");
        }
        long started = System.nanoTime();
        try (RunningServices services = new RunningServices()) {
            if (bootstrapServers == null) {
                out.printf("starting the embedded Kafka broker and schema registry in %s ...%n", dataDir.toAbsolutePath());
                out.flush();
                LocalCluster cluster = services.add(new LocalCluster(dataDir.resolve("cluster"), kafkaPort, registryPort));
                cluster.start();
                bootstrapServers = cluster.bootstrapServers();
                schemaRegistryUrl = cluster.schemaRegistryUrl();
                // the embedded cluster starts empty, so must the state built from it
                LocalFiles.deleteRecursively(engine.stateDir);
            }
            Map<String, Object> kafka = ConnectionOptions.kafkaProperties(bootstrapServers, kafkaConfig);
            createTopics(kafka, out);
            registerSchemas(out);
            engine.start(services, kafka, schemaRegistryUrl, ops.host, out);
            // schemas were registered above, so the desk needs no auto-registration
            desk.start(services, kafka, schemaRegistryUrl, desk.usersForLocalRun(dataDir, out), false, ops.host, out);

            if (demo) {
                services.add(DemoFeed.start(kafka, Registries.topics(schemaRegistryUrl, false), demoPatients, 42, demoRate));
                out.printf("demo: publishing a generated cohort of %d patients at %d events/s; open the worklist%n",
                        demoPatients, demoRate);
            }
            out.println();
            out.printf("dlm-watch is running (ready in %.1f s)%n", Duration.ofNanos(System.nanoTime() - started).toMillis() / 1000.0);
            out.printf("  Kafka bootstrap servers  %s%n", bootstrapServers);
            out.printf("  schema registry          %s%n", schemaRegistryUrl);
            out.println("Publish events with: java -jar services/cli/target/dlm-watch.jar publish --file FILE");
            out.println("Press Ctrl-C to stop.");
            out.flush();
            services.awaitStop();
        }
        return 0;
    }

    private void createTopics(Map<String, Object> kafka, PrintWriter out) {
        try (Admin admin = Admin.create(kafka)) {
            var specs = TopicCatalog.all(partitions);
            var outcomes = new TopicCreator(admin).createAll(specs, replicationFactor);
            long created = outcomes.stream().filter(TopicCreator.Outcome::created).count();
            out.printf("topics: %d created, %d already there%n", created, outcomes.size() - created);
        }
    }

    private void registerSchemas(PrintWriter out) {
        var registry = new HttpSchemaRegistryClient(schemaRegistryUrl);
        for (TopicSpec topic : TopicCatalog.ALL) {
            SchemasCommand.Register.registerOne(registry, topic, CompatibilityLevel.BACKWARD);
        }
        out.printf("schemas: %d subjects registered, compatibility BACKWARD%n", TopicCatalog.ALL.size());
    }
}
