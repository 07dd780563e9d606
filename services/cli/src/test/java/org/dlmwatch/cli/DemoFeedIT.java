package org.dlmwatch.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;
import org.dlmwatch.local.LocalCluster;
import org.dlmwatch.local.WithLocalCluster;
import org.dlmwatch.platform.topics.TopicCatalog;
import org.junit.jupiter.api.Test;

/** The demo mode's feed on the real broker: it publishes the generated cohort, and stops when closed. */
@WithLocalCluster
class DemoFeedIT {

    @Test
    void publishesAGeneratedCohortAndStopsWhenClosed(LocalCluster cluster) throws Exception {
        assertThat(DlmWatch.commandLine().execute("topics", "create", "--bootstrap-servers", cluster.bootstrapServers()))
                .isZero();
        assertThat(DlmWatch.commandLine().execute("schemas", "register", "--schema-registry-url",
                cluster.schemaRegistryUrl())).isZero();
        long before = records(cluster);

        try (DemoFeed feed = DemoFeed.start(cluster.clientProperties(),
                Registries.topics(cluster.schemaRegistryUrl(), false), 10, 7, 500)) {
            await().atMost(Duration.ofSeconds(30)).until(() -> records(cluster) - before >= 200);
        }
        long afterClose = records(cluster);
        Thread.sleep(1_000);
        assertThat(records(cluster)).as("nothing published once closed").isEqualTo(afterClose);
    }

    /** Records on the three input topics. */
    private static long records(LocalCluster cluster) throws Exception {
        try (Admin admin = Admin.create(cluster.clientProperties())) {
            Map<TopicPartition, OffsetSpec> latest = new java.util.HashMap<>();
            for (var topic : java.util.List.of(TopicCatalog.ENROLLMENTS, TopicCatalog.LAB_RESULTS, TopicCatalog.IMAGING_REPORTS)) {
                admin.describeTopics(java.util.List.of(topic.name())).allTopicNames().get().get(topic.name())
                        .partitions().forEach(p -> latest.put(new TopicPartition(topic.name(), p.partition()), OffsetSpec.latest()));
            }
            return admin.listOffsets(latest).all().get().values().stream().mapToLong(o -> o.offset()).sum();
        }
    }
}
