package org.dlmwatch.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** A second class in the same run, registered the long way, gets the same cluster; it is not started again. */
@ExtendWith(LocalClusterExtension.class)
class SharedLocalClusterIT {

    private final LocalCluster cluster;

    SharedLocalClusterIT(LocalCluster cluster) {
        this.cluster = cluster;
    }

    @Test
    void reusesTheClusterOfTheRun(LocalCluster fromMethod) throws Exception {
        assertThat(fromMethod).isSameAs(cluster);
        assertThat(LocalClusterExtension.Holder.STARTS.get()).as("cluster starts in this JVM").isEqualTo(1);

        String topic = "it-shared";
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", cluster.bootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get(30, TimeUnit.SECONDS);
        }
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(LocalClusterIT.producerConfig(cluster, null))) {
            producer.send(new ProducerRecord<>(topic, "k", "v")).get();
        }
        assertThat(LocalClusterIT.consume(cluster, topic, "read_committed", 1))
                .extracting(ConsumerRecord::value).containsExactly("v");
    }
}
