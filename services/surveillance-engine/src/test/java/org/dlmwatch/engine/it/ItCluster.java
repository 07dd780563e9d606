package org.dlmwatch.engine.it;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.avro.specific.SpecificData;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.dlmwatch.engine.EngineSettings;
import org.dlmwatch.local.LocalCluster;
import org.dlmwatch.platform.topics.TopicCatalog;
import org.dlmwatch.platform.topics.TopicCreator;
import org.dlmwatch.platform.topics.TopicSpec;
import org.dlmwatch.platform.topics.Topics;
import org.dlmwatch.registry.CompatibilityLevel;
import org.dlmwatch.registry.HttpSchemaRegistryClient;
import org.dlmwatch.registry.SchemaRegistryClient;
import org.dlmwatch.rules.RuleConfig;

/**
 * What the engine integration tests share: topics and schemas on the run's cluster, engine settings
 * of their own, and a way to know the engine has consumed (and, exactly once, committed) all input.
 */
final class ItCluster {

    /** The three input topics of the engine. */
    static final List<TopicSpec> INPUTS =
            List.of(TopicCatalog.ENROLLMENTS, TopicCatalog.LAB_RESULTS, TopicCatalog.IMAGING_REPORTS);

    /** Generous for a 2-core machine shared with other builds; a healthy start takes 1-3 s. */
    static final Duration ENGINE_START = Duration.ofSeconds(45);

    private static final Set<String> PREPARED = ConcurrentHashMap.newKeySet();

    private ItCluster() {}

    /**
     * Creates the catalog's topics (idempotently: other test classes of the run share them) and
     * registers every schema of the contract, as {@code dlm-watch topics create} and
     * {@code dlm-watch schemas register} do in production; the engine then runs with
     * auto-registration off, as in production.
     */
    static synchronized void prepare(LocalCluster cluster) {
        if (!PREPARED.add(cluster.bootstrapServers() + " " + cluster.schemaRegistryUrl())) {
            return;
        }
        try (Admin admin = Admin.create(kafka(cluster))) {
            new TopicCreator(admin).createAll(TopicCatalog.ALL, (short) 1);
        }
        SchemaRegistryClient registry = registry(cluster);
        for (TopicSpec topic : TopicCatalog.ALL) {
            registry.register(topic.valueSubject(), SpecificData.get().getSchema(topic.valueType()));
            registry.setCompatibility(Optional.of(topic.valueSubject()), CompatibilityLevel.BACKWARD);
        }
    }

    static Map<String, Object> kafka(LocalCluster cluster) {
        Map<String, Object> props = new HashMap<>();
        props.put("bootstrap.servers", cluster.bootstrapServers());
        return props;
    }

    static SchemaRegistryClient registry(LocalCluster cluster) {
        return new HttpSchemaRegistryClient(cluster.schemaRegistryUrl());
    }

    /** Serdes bound to the run's registry, never registering anything (schemas are registered by {@link #prepare}). */
    static Topics topics(LocalCluster cluster) {
        return new Topics(registry(cluster), false);
    }

    /**
     * Settings of one engine under test: its own application id and state folder, production
     * defaults otherwise (auto-registration off, default rules, one thread, no standby).
     */
    static EngineSettings engineSettings(LocalCluster cluster, String applicationId, Path stateDir,
            Duration overdueCheckInterval, Map<String, Object> extraKafka) {
        Map<String, Object> kafka = kafka(cluster);
        kafka.putAll(extraKafka);
        return EngineSettings.defaults(kafka, cluster.schemaRegistryUrl(), stateDir)
                .withApplicationId(applicationId)
                .withOverdueCheckInterval(overdueCheckInterval)
                .withRules(RuleConfig.defaults());
    }

    /** A fresh state folder under {@code target/it-state}: left-overs of an earlier build are removed. */
    static Path freshStateDir(String name) {
        Path dir = Path.of("target", "it-state", name).toAbsolutePath();
        deleteRecursively(dir);
        return dir;
    }

    static void deleteRecursively(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Waits until the engine's consumer group has committed, on every input partition, the offset
     * after the last record. Under exactly-once the offsets commit in the same transaction as the
     * alerts and dead letters of those records, so after this every output of the input published
     * so far is committed (the transaction markers may still be a few milliseconds behind).
     */
    static void awaitInputCommitted(LocalCluster cluster, String applicationId, Duration timeout) {
        try (Admin admin = Admin.create(kafka(cluster))) {
            await("engine " + applicationId + " has committed all input").atMost(timeout)
                    .pollInterval(Duration.ofMillis(100))
                    .until(() -> lagging(admin, applicationId).isEmpty());
        }
    }

    /** Input partitions whose committed offset is behind the log end, with their lag. */
    static Map<TopicPartition, Long> lagging(Admin admin, String groupId)
            throws ExecutionException, InterruptedException {
        List<String> names = INPUTS.stream().map(TopicSpec::name).toList();
        Map<TopicPartition, OffsetSpec> partitions = admin.describeTopics(names).allTopicNames().get().values().stream()
                .flatMap(d -> d.partitions().stream().map(p -> new TopicPartition(d.name(), p.partition())))
                .collect(Collectors.toMap(tp -> tp, tp -> OffsetSpec.latest()));
        var ends = admin.listOffsets(partitions).all().get();
        Map<TopicPartition, OffsetAndMetadata> committed =
                admin.listConsumerGroupOffsets(groupId).partitionsToOffsetAndMetadata().get();
        Map<TopicPartition, Long> lag = new HashMap<>();
        ends.forEach((tp, end) -> {
            OffsetAndMetadata c = committed.get(tp);
            long done = c == null ? 0 : c.offset();
            if (done < end.offset()) {
                lag.put(tp, end.offset() - done);
            }
        });
        return lag;
    }
}
