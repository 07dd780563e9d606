package org.dlmwatch.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.GroupListing;
import org.apache.kafka.clients.admin.ListStreamsGroupOffsetsSpec;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.GroupType;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.dlmwatch.engine.EngineSettings;
import org.dlmwatch.platform.topics.TopicCatalog;
import org.dlmwatch.platform.topics.TopicSpec;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The application reset of the surveillance engine (replay from history, docs/operations.md), as
 * Kafka's {@code kafka-streams-application-reset} does it for this engine, without a Kafka
 * distribution: refuse while the engine's group has members, move the group's committed offsets on
 * the three input topics to the earliest, delete the engine's internal topics and its local state.
 *
 * <p>Not {@code org.apache.kafka.tools.StreamsResetter}: the {@code kafka-tools} artifact brings
 * Kafka Connect's runtime (Jetty, Jersey...) into the jar for four Admin calls.
 */
@Command(name = "engine-reset", mixinStandardHelpOptions = true, sortOptions = false,
        description = {
            "Reset the surveillance engine so that it rebuilds every patient's state and alert from the input topics "
                    + "(replay from history, docs/operations.md). Refuses while an engine instance runs (its consumer "
                    + "group has members); moves the group's committed offsets on the input topics to the earliest; "
                    + "deletes the engine's internal topics (APPLICATION_ID-...-changelog and -repartition) and its "
                    + "local state in --state-dir.",
            "Then delete the state of every other engine instance, and start the engine with the same application id. "
                    + "Alert ids are deterministic and the desk delivers each alert and step once: nothing already "
                    + "delivered is sent again."
        })
final class EngineResetCommand implements Callable<Integer> {

    /** What the engine reads: the offsets that go back to the start. */
    static final List<String> INPUT_TOPICS = Stream.of(TopicCatalog.ENROLLMENTS, TopicCatalog.LAB_RESULTS,
            TopicCatalog.IMAGING_REPORTS).map(TopicSpec::name).toList();

    /** How long deleted topics may take to disappear, so that the engine can be started right after. */
    private static final Duration TOPIC_DELETION = Duration.ofSeconds(60);

    @Mixin
    ConnectionOptions connection;

    @Option(names = "--application-id",
            defaultValue = "${env:DLMWATCH_ENGINE_APPLICATION_ID:-" + EngineSettings.DEFAULT_APPLICATION_ID + "}",
            description = "The engine's Kafka Streams application id: its consumer group and the prefix of its internal "
                    + "topics (env DLMWATCH_ENGINE_APPLICATION_ID; default ${DEFAULT-VALUE}).")
    String applicationId;

    @Option(names = "--state-dir", paramLabel = "DIR", defaultValue = "${env:DLMWATCH_ENGINE_STATE_DIR:-.dlm-watch/engine}",
            description = "The engine's --state-dir on this machine: its folder named after the application id is deleted "
                    + "(env DLMWATCH_ENGINE_STATE_DIR; default ${DEFAULT-VALUE}).")
    Path stateDir;

    @Option(names = "--dry-run", description = "Print what would be done and change nothing.")
    boolean dryRun;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        out.printf("engine reset of application %s%s%n", applicationId, dryRun ? " (dry run: nothing is changed)" : "");
        try (Admin admin = Admin.create(connection.kafkaProperties())) {
            Collection<GroupListing> groups = admin.listGroups().all().get();
            EngineGroup group = EngineGroup.of(admin, applicationId, groups);
            if (!group.members().isEmpty()) {
                throw new IllegalStateException("the engine is running: consumer group " + applicationId + " has "
                        + group.members().size() + " member(s) (" + String.join(", ", group.members()) + "). Stop every "
                        + "engine instance first; an instance that was killed leaves the group after its session "
                        + "timeout (45 s by default). Nothing was changed.");
            }
            out.printf("consumer group %s: %s%n", applicationId, group.type() == null
                    ? "none (the engine never committed; it reads the inputs from the start anyway)"
                    : group.type().toString().toLowerCase(java.util.Locale.ROOT) + " group, no member");
            resetOffsets(admin, group, out);
            deleteInternalTopics(admin, groups, out);
        }
        deleteLocalState(out);
        if (dryRun) {
            out.println("dry run: nothing was changed. Run again without --dry-run to reset.");
        } else {
            out.printf("done. Delete the local state of every other engine instance too (its --state-dir), then start "
                    + "the engine with --application-id %s: it replays the inputs from the start. Start the desk once "
                    + "the engine's lag is 0.%n", applicationId);
        }
        out.flush();
        return 0;
    }

    /** Committed offsets of every input partition back to the partition's earliest offset. */
    private void resetOffsets(Admin admin, EngineGroup group, PrintWriter out) throws Exception {
        Map<String, TopicDescription> topics;
        try {
            topics = admin.describeTopics(INPUT_TOPICS).allTopicNames().get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof UnknownTopicOrPartitionException) {
                throw new IllegalStateException("an input topic of the engine is missing (" + String.join(", ", INPUT_TOPICS)
                        + "): is this the cluster of dlm-watch? Nothing was changed.", e.getCause());
            }
            throw e;
        }
        Map<TopicPartition, OffsetSpec> partitions = new HashMap<>();
        topics.values().forEach(d -> d.partitions().forEach(
                p -> partitions.put(new TopicPartition(d.name(), p.partition()), OffsetSpec.earliest())));
        Map<TopicPartition, Long> earliest = new HashMap<>();
        admin.listOffsets(partitions).all().get().forEach((tp, info) -> earliest.put(tp, info.offset()));
        partitions.replaceAll((tp, spec) -> OffsetSpec.latest());
        Map<TopicPartition, Long> latest = new HashMap<>();
        admin.listOffsets(partitions).all().get().forEach((tp, info) -> latest.put(tp, info.offset()));
        Map<TopicPartition, OffsetAndMetadata> committed = group.committed(admin);

        out.println(group.type() == null ? "input topics (no committed offset to move):"
                : (dryRun ? "would move" : "moving") + " the committed input offsets to the earliest (sums over partitions):");
        for (String topic : INPUT_TOPICS) {
            List<TopicPartition> mine = earliest.keySet().stream().filter(tp -> tp.topic().equals(topic)).toList();
            long done = mine.stream().mapToLong(tp -> Optional.ofNullable(committed.get(tp))
                    .map(OffsetAndMetadata::offset).orElse(earliest.get(tp))).sum();
            long start = mine.stream().mapToLong(earliest::get).sum();
            long end = mine.stream().mapToLong(latest::get).sum();
            out.printf("  %-28s %2d partitions  %s%d offsets to replay%n", topic, mine.size(),
                    group.type() == null ? "" : "committed " + done + " -> " + start + ", ", end - start);
        }
        if (group.type() != null && !dryRun) {
            Map<TopicPartition, OffsetAndMetadata> reset = new HashMap<>();
            earliest.forEach((tp, offset) -> reset.put(tp, new OffsetAndMetadata(offset)));
            group.alter(admin, reset);
            out.printf("moved the offsets of %d input partitions%n", reset.size());
        }
    }

    /**
     * The engine's internal topics: {@code <application id>-...-changelog} and {@code -repartition},
     * as Kafka's reset tool finds them; but not those of another application whose id begins with
     * this one and a hyphen (a second engine started under a longer id).
     */
    private void deleteInternalTopics(Admin admin, Collection<GroupListing> groups, PrintWriter out) throws Exception {
        Set<String> longerIds = groups.stream().map(GroupListing::groupId)
                .filter(id -> id.startsWith(applicationId + "-")).collect(Collectors.toCollection(TreeSet::new));
        Set<String> internal = new TreeSet<>();
        for (String topic : admin.listTopics().names().get()) {
            if (isInternalTopic(applicationId, topic)) {
                Optional<String> other = longerIds.stream().filter(id -> isInternalTopic(id, topic)).findFirst();
                if (other.isPresent()) {
                    out.printf("keeping %s: it belongs to application %s%n", topic, other.get());
                } else {
                    internal.add(topic);
                }
            }
        }
        if (internal.isEmpty()) {
            out.println("internal topics: none");
            return;
        }
        out.println(dryRun ? "would delete the internal topics:" : "deleting the internal topics:");
        internal.forEach(topic -> out.println("  " + topic));
        if (dryRun) {
            return;
        }
        admin.deleteTopics(internal).all().get();
        long deadline = System.nanoTime() + TOPIC_DELETION.toNanos();
        Set<String> left = new TreeSet<>(internal);
        while (true) {
            left.retainAll(admin.listTopics().names().get());
            if (left.isEmpty()) {
                break;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("topics still listed " + TOPIC_DELETION + " after their deletion: " + left
                        + "; wait before starting the engine");
            }
            Thread.sleep(200);
        }
        out.printf("deleted %d internal topic(s)%n", internal.size());
    }

    static boolean isInternalTopic(String applicationId, String topic) {
        return topic.startsWith(applicationId + "-") && (topic.endsWith("-changelog") || topic.endsWith("-repartition"));
    }

    /** Kafka Streams keeps an application's state in {@code <state dir>/<application id>}. */
    private void deleteLocalState(PrintWriter out) {
        Path folder = stateDir.resolve(applicationId).toAbsolutePath().normalize();
        if (!Files.exists(folder)) {
            out.printf("local state: none in %s%n", folder);
            return;
        }
        out.printf("%s the local state %s%n", dryRun ? "would delete" : "deleting", folder);
        if (dryRun) {
            return;
        }
        try (Stream<Path> paths = Files.walk(folder)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete the local state " + folder + ": " + e.getMessage(), e);
        }
    }

    /**
     * The engine's consumer group as the broker knows it: a classic (or consumer) group, or a streams
     * group ({@code group.protocol=streams}); {@code type} null when there is none.
     */
    record EngineGroup(String id, GroupType type, List<String> members) {

        static EngineGroup of(Admin admin, String id, Collection<GroupListing> groups) throws Exception {
            Optional<GroupListing> listed = groups.stream().filter(g -> g.groupId().equals(id)).findFirst();
            if (listed.isEmpty()) {
                return new EngineGroup(id, null, List.of());
            }
            GroupType type = listed.get().type().orElse(GroupType.CLASSIC);
            List<String> members = new ArrayList<>();
            switch (type) {
                case STREAMS -> admin.describeStreamsGroups(List.of(id)).describedGroups().get(id).get().members()
                        .forEach(m -> members.add(m.clientId() + " on " + m.clientHost()));
                case CLASSIC, CONSUMER -> admin.describeConsumerGroups(List.of(id)).describedGroups().get(id).get().members()
                        .forEach(m -> members.add(m.clientId() + " on " + m.host()));
                default -> throw new IllegalStateException("group " + id + " is a " + type + " group, not the engine's. "
                        + "Nothing was changed.");
            }
            return new EngineGroup(id, type, members);
        }

        Map<TopicPartition, OffsetAndMetadata> committed(Admin admin) throws Exception {
            if (type == null) {
                return Map.of();
            }
            KafkaFuture<Map<TopicPartition, OffsetAndMetadata>> offsets = type == GroupType.STREAMS
                    ? admin.listStreamsGroupOffsets(Map.of(id, new ListStreamsGroupOffsetsSpec()))
                            .partitionsToOffsetAndMetadata(id)
                    : admin.listConsumerGroupOffsets(id).partitionsToOffsetAndMetadata();
            Map<TopicPartition, OffsetAndMetadata> committed = new TreeMap<>(
                    Comparator.comparing(TopicPartition::topic).thenComparingInt(TopicPartition::partition));
            offsets.get().forEach((tp, offset) -> {
                if (offset != null) {
                    committed.put(tp, offset);
                }
            });
            return committed;
        }

        void alter(Admin admin, Map<TopicPartition, OffsetAndMetadata> offsets) throws Exception {
            if (type == GroupType.STREAMS) {
                admin.alterStreamsGroupOffsets(id, offsets).all().get();
            } else {
                admin.alterConsumerGroupOffsets(id, offsets).all().get();
            }
        }
    }
}
