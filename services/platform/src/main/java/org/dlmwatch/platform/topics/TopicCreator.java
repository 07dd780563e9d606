package org.dlmwatch.platform.topics;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/** Creates the declared topics, idempotently: existing topics are left as they are and reported. */
public final class TopicCreator {

    /** What happened to one topic. */
    public record Outcome(String topic, boolean created, int partitions) {}

    /** How long a new topic may take to reach every broker's metadata. */
    private static final Duration METADATA_PROPAGATION = Duration.ofSeconds(10);

    private final Admin admin;

    public TopicCreator(Admin admin) {
        this.admin = admin;
    }

    public List<Outcome> createAll(Collection<TopicSpec> specs, short replicationFactor) {
        try {
            Set<String> existing = admin.listTopics().names().get();
            List<NewTopic> missing = specs.stream()
                    .filter(spec -> !existing.contains(spec.name()))
                    .map(spec -> new NewTopic(spec.name(), spec.partitions(), replicationFactor).configs(spec.configs()))
                    .toList();
            for (var result : admin.createTopics(missing).values().entrySet()) {
                try {
                    result.getValue().get();
                } catch (ExecutionException e) {
                    // created by someone else meanwhile: that is what we wanted
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw e;
                    }
                }
            }
            Map<String, TopicDescription> described = describe(specs.stream().map(TopicSpec::name).toList());
            List<Outcome> outcomes = new ArrayList<>();
            for (TopicSpec spec : specs) {
                outcomes.add(new Outcome(spec.name(), !existing.contains(spec.name()),
                        described.get(spec.name()).partitions().size()));
            }
            return outcomes;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating topics", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("could not create topics: " + e.getCause().getMessage(), e.getCause());
        }
    }

    /**
     * Describes the topics once every broker knows them: a broker learns of a topic the controller
     * has just created a moment later, and says it does not exist until then.
     */
    public Map<String, TopicDescription> describe(Collection<String> names)
            throws InterruptedException, ExecutionException {
        long deadline = System.nanoTime() + METADATA_PROPAGATION.toNanos();
        while (true) {
            try {
                return admin.describeTopics(names).allTopicNames().get();
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof UnknownTopicOrPartitionException) || System.nanoTime() > deadline) {
                    throw e;
                }
                Thread.sleep(50);
            }
        }
    }
}
