package org.dlmwatch.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.io.IOException;
import org.apache.kafka.clients.admin.Admin;
import org.dlmwatch.engine.EngineSettings;
import org.dlmwatch.engine.SurveillanceEngine;
import org.dlmwatch.local.LocalFiles;
import org.dlmwatch.observability.OpsServer;
import org.dlmwatch.observability.ServiceMetrics;
import org.dlmwatch.local.LocalCluster;
import org.dlmwatch.platform.topics.TopicCatalog;
import org.dlmwatch.platform.topics.TopicCreator;
import org.dlmwatch.platform.topics.TopicSpec;
import org.dlmwatch.registry.CompatibilityLevel;
import org.dlmwatch.registry.HttpSchemaRegistryClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "run", mixinStandardHelpOptions = true,
        description = {
            "Run dlm-watch: the embedded Kafka broker and schema registry (unless --bootstrap-servers and",
            "--schema-registry-url name existing ones), the topics, the schemas and every service.",
            "Prints what listens where; Ctrl-C stops everything cleanly."
        })
final class RunCommand implements Callable<Integer> {

    private static final Logger LOG = LoggerFactory.getLogger(RunCommand.class);

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
            description = "Folder for the embedded broker's and registry's data and the services' state (default ${DEFAULT-VALUE}).")
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

    @Option(names = "--overdue-check-interval", defaultValue = "PT1H",
            description = "How often every patient is re-judged against the clock for overdue surveillance (default ${DEFAULT-VALUE}).")
    Duration overdueCheckInterval;

    @Option(names = "--engine-ops-port", defaultValue = "${env:DLMWATCH_ENGINE_OPS_PORT:-9400}",
            description = "Port of the engine's /health/live, /health/ready and /metrics (default ${DEFAULT-VALUE}).")
    int engineOpsPort;

    @Option(names = "--ops-host", defaultValue = "${env:DLMWATCH_OPS_HOST:-127.0.0.1}",
            description = "Interface the ops endpoints listen on (default ${DEFAULT-VALUE}; 0.0.0.0 in containers).")
    String opsHost;

    @Mixin
    RuleOptions rules;

    @Spec
    CommandSpec spec;

    /** Everything started, closed in reverse order. */
    private final Deque<AutoCloseable> running = new ArrayDeque<>();
    private final CountDownLatch stopped = new CountDownLatch(1);

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        if ((bootstrapServers == null) != (schemaRegistryUrl == null)) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                    "give both --bootstrap-servers and --schema-registry-url, or neither to run them embedded");
        }
        Thread hook = new Thread(this::stop, "dlm-watch-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        long started = System.nanoTime();
        try {
            boolean embedded = bootstrapServers == null;
            if (embedded) {
                out.printf("starting the embedded Kafka broker and schema registry in %s ...%n", dataDir.toAbsolutePath());
                out.flush();
                LocalCluster cluster = new LocalCluster(dataDir.resolve("cluster"), kafkaPort, registryPort).start();
                running.push(cluster);
                bootstrapServers = cluster.bootstrapServers();
                schemaRegistryUrl = cluster.schemaRegistryUrl();
            }
            Map<String, Object> kafka = ConnectionOptions.kafkaProperties(bootstrapServers, kafkaConfig);
            createTopics(kafka, out);
            registerSchemas(out);
            startEngine(kafka, embedded, out);

            out.println();
            out.printf("dlm-watch is running (ready in %.1f s)%n", Duration.ofNanos(System.nanoTime() - started).toMillis() / 1000.0);
            out.printf("  Kafka bootstrap servers  %s%n", bootstrapServers);
            out.printf("  schema registry          %s%n", schemaRegistryUrl);
            out.println("Publish events with: java -jar services/cli/target/dlm-watch.jar publish --file FILE");
            out.println("Press Ctrl-C to stop.");
            out.flush();
            stopped.await();
            return 0;
        } catch (RuntimeException e) {
            stop();
            throw e;
        }
    }

    private void startEngine(Map<String, Object> kafka, boolean embedded, PrintWriter out) throws IOException {
        Path stateDir = dataDir.resolve("engine");
        if (embedded) {
            // the embedded cluster starts empty, so must the state built from it
            LocalFiles.deleteRecursively(stateDir);
        }
        EngineSettings settings = EngineSettings.defaults(kafka, schemaRegistryUrl, stateDir)
                .withRules(rules.config())
                .withOverdueCheckInterval(overdueCheckInterval);
        var metrics = ServiceMetrics.prometheus("surveillance-engine");
        SurveillanceEngine engine = new SurveillanceEngine(settings, metrics);
        running.push(engine);
        engine.start(Duration.ofSeconds(120));
        OpsServer ops = OpsServer.start(opsHost, engineOpsPort, metrics, engine.readiness());
        running.push(ops);
        out.printf("surveillance engine: %s, exactly once, state in %s%n", settings.applicationId(), stateDir);
        out.printf("  health and metrics       http://%s:%d/health/ready  http://%s:%d/metrics%n",
                opsHost, ops.port(), opsHost, ops.port());
    }

    private void createTopics(Map<String, Object> kafka, PrintWriter out) {
        try (Admin admin = Admin.create(kafka)) {
            var specs = TopicCatalog.ALL.stream().map(spec -> spec.withPartitions(partitions)).toList();
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

    /** Stops everything started, newest first; safe to call twice (shutdown hook and failure path). */
    private synchronized void stop() {
        while (!running.isEmpty()) {
            AutoCloseable service = running.pop();
            try {
                service.close();
            } catch (Exception e) {
                LOG.warn("error while stopping {}: {}", service.getClass().getSimpleName(), e.toString());
            }
        }
        stopped.countDown();
    }
}
