package org.dlmwatch.engine;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import java.util.LinkedHashMap;
import java.util.Map;
import java.time.Duration;
import java.util.Properties;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;
import org.dlmwatch.engine.SurveillanceTopology.Timekeeping;
import org.dlmwatch.platform.topics.Topics;
import org.dlmwatch.observability.Health;
import org.dlmwatch.observability.HealthCheck;
import org.dlmwatch.registry.HttpSchemaRegistryClient;
import org.dlmwatch.registry.SchemaRegistryClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The live surveillance engine: the topology on a Kafka cluster, exactly once
 * ({@code exactly_once_v2}: an input is consumed, the patient's state changed and the alerts
 * written in one transaction, so no alert is lost or duplicated across failures).
 */
public final class SurveillanceEngine implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SurveillanceEngine.class);

    private final KafkaStreams streams;
    private final SchemaRegistryClient registry;
    private final KafkaStreamsMetrics streamsMetrics;

    public SurveillanceEngine(EngineSettings settings, MeterRegistry meters) {
        this(settings, new Topics(new HttpSchemaRegistryClient(settings.schemaRegistryUrl()),
                settings.autoRegisterSchemas()), meters);
    }

    /** An engine on the given topics (e.g. a benchmark's own, prefixed ones). */
    public SurveillanceEngine(EngineSettings settings, Topics topics, MeterRegistry meters) {
        this.registry = topics.registry();
        var topology = SurveillanceTopology.build(topics, settings.rules(),
                Timekeeping.live(settings.overdueCheckInterval()), meters);
        this.streams = new KafkaStreams(topology, streamsConfig(settings));
        streams.setUncaughtExceptionHandler(e -> {
            LOG.error("stream thread failed, replacing it: exception={}", e.getClass().getName());
            return StreamThreadExceptionResponse.REPLACE_THREAD;
        });
        // Kafka Streams' own metrics: process rate, commit latency, lag, state stores, thread states
        this.streamsMetrics = new KafkaStreamsMetrics(streams);
        streamsMetrics.bindTo(meters);
    }

    /** What must hold for the engine to do its work: the streams RUNNING and the registry answering. */
    public Map<String, HealthCheck> readiness() {
        Map<String, HealthCheck> checks = new LinkedHashMap<>();
        checks.put("kafka-streams", () -> streams.state() == KafkaStreams.State.RUNNING
                ? Health.up("RUNNING") : Health.down(streams.state().name()));
        checks.put("schema-registry", () -> {
            registry.subjects();
            return Health.up("answers");
        });
        return checks;
    }

    static Properties streamsConfig(EngineSettings settings) {
        Properties props = new Properties();
        props.putAll(settings.kafka());
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, settings.applicationId());
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        props.put(StreamsConfig.STATE_DIR_CONFIG, settings.stateDir().toAbsolutePath().toString());
        props.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, settings.streamThreads());
        props.put(StreamsConfig.NUM_STANDBY_REPLICAS_CONFIG, settings.standbyReplicas());
        return props;
    }

    /** Starts the engine and waits until it is RUNNING (all tasks assigned and restored). */
    public SurveillanceEngine start(Duration timeout) {
        streams.start();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (streams.state() != KafkaStreams.State.RUNNING) {
            if (System.nanoTime() > deadline || !streams.state().isRunningOrRebalancing()) {
                throw new IllegalStateException("the surveillance engine did not reach RUNNING in " + timeout
                        + " (state " + streams.state() + ")");
            }
            sleep();
        }
        return this;
    }

    public KafkaStreams.State state() {
        return streams.state();
    }

    public KafkaStreams streams() {
        return streams;
    }

    @Override
    public void close() {
        streamsMetrics.close();
        // leave the group, so that a restarted or remaining instance takes over at once rather than
        // after the session timeout
        streams.close(CloseOptions.groupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP)
                .withTimeout(Duration.ofSeconds(30)));
    }

    private static void sleep() {
        try {
            Thread.sleep(50);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while starting", e);
        }
    }
}
