package org.dlmwatch.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import org.dlmwatch.engine.EngineSettings;
import org.dlmwatch.engine.SurveillanceEngine;
import org.dlmwatch.observability.OpsServer;
import org.dlmwatch.observability.ServiceMetrics;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "engine", mixinStandardHelpOptions = true,
        description = {
            "Run the surveillance engine alone on an existing cluster and registry (one container per service):",
            "every patient's history, every rule, every alert change, exactly once. Scale out by running more",
            "instances with the same --application-id (up to one per input partition)."
        })
final class EngineCommand implements Callable<Integer> {

    @Mixin
    ConnectionOptions connection;

    @Mixin
    EngineOptions engine;

    @Mixin
    OpsHostOption ops;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        try (RunningServices services = new RunningServices()) {
            engine.start(services, connection.kafkaProperties(), connection.schemaRegistryUrl(), ops.host,
                    spec.commandLine().getOut());
            services.awaitStop();
        }
        return 0;
    }

    /** The engine's settings as options, shared by {@code engine} and {@code run}. */
    static final class EngineOptions {

        @Option(names = "--state-dir", paramLabel = "DIR", defaultValue = "${env:DLMWATCH_ENGINE_STATE_DIR:-.dlm-watch/engine}",
                description = "Where the patients' state store lives; rebuilt from its changelog if lost (default ${DEFAULT-VALUE}).")
        Path stateDir;

        @Option(names = "--application-id", defaultValue = "${env:DLMWATCH_ENGINE_APPLICATION_ID:-" + EngineSettings.DEFAULT_APPLICATION_ID + "}",
                description = "Kafka Streams application id: consumer group, internal topics (default ${DEFAULT-VALUE}).")
        String applicationId;

        @Option(names = "--overdue-check-interval", defaultValue = "${env:DLMWATCH_OVERDUE_CHECK_INTERVAL:-PT1H}",
                description = "How often every patient is judged against the wall clock for overdue surveillance; between checks an event is judged at its clinical time (default ${DEFAULT-VALUE}).")
        Duration overdueCheckInterval;

        @Option(names = "--stream-threads", defaultValue = "${env:DLMWATCH_ENGINE_STREAM_THREADS:-1}",
                description = "Kafka Streams threads of this instance (default ${DEFAULT-VALUE}).")
        int streamThreads;

        @Option(names = "--standby-replicas", defaultValue = "${env:DLMWATCH_ENGINE_STANDBY_REPLICAS:-0}",
                description = "Warm copies of the state on other instances, for fast fail-over (default ${DEFAULT-VALUE}).")
        int standbyReplicas;

        @Option(names = "--auto-register-schemas", defaultValue = "${env:DLMWATCH_AUTO_REGISTER_SCHEMAS:-false}",
                description = "Register missing schemas on the fly (default ${DEFAULT-VALUE}).")
        boolean autoRegisterSchemas;

        @Option(names = "--engine-ops-port", defaultValue = "${env:DLMWATCH_ENGINE_OPS_PORT:-9400}",
                description = "Port of the engine's /health/live, /health/ready and /metrics (default ${DEFAULT-VALUE}).")
        int opsPort;

        @Option(names = "--startup-timeout", defaultValue = "${env:DLMWATCH_ENGINE_STARTUP_TIMEOUT:-PT15M}",
                description = "How long the engine may take to become RUNNING, restoring its state from the changelog "
                        + "included (default ${DEFAULT-VALUE}); /health/live answers meanwhile, /health/ready does not.")
        Duration startupTimeout;

        @Mixin
        RuleOptions rules;

        EngineSettings settings(java.util.Map<String, Object> kafka, String schemaRegistryUrl) {
            return new EngineSettings(kafka, schemaRegistryUrl, autoRegisterSchemas, stateDir, rules.config(),
                    applicationId, overdueCheckInterval, streamThreads, standbyReplicas);
        }

        /** Starts the engine and its ops endpoints, and says where they are. */
        SurveillanceEngine start(RunningServices services, java.util.Map<String, Object> kafka, String schemaRegistryUrl,
                String opsHost, PrintWriter out) {
            EngineSettings settings = settings(kafka, schemaRegistryUrl);
            var metrics = ServiceMetrics.prometheus("surveillance-engine");
            SurveillanceEngine engine = services.add(new SurveillanceEngine(settings, metrics));
            // ops first: alive (and not ready) while a long state restore runs
            OpsServer ops = services.add(OpsServer.start(opsHost, opsPort, metrics, engine.readiness()));
            engine.start(startupTimeout);
            out.printf("surveillance engine: %s, exactly once, state in %s%n", settings.applicationId(), stateDir);
            out.printf("  health and metrics       http://%s:%d/health/ready  http://%s:%d/metrics%n",
                    opsHost, ops.port(), opsHost, ops.port());
            out.flush();
            return engine;
        }
    }
}
