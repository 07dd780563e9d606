package org.dlmwatch.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Properties;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedKafkaBrokerTest {

    @TempDir
    Path dir;

    @Test
    void configuresASingleNodeKraftBrokerForExactlyOnceOnLoopback() {
        Properties p = new EmbeddedKafkaBroker(dir).brokerProperties(9092, 9093);
        assertThat(p)
                .containsEntry("process.roles", "broker,controller")
                .containsEntry("controller.quorum.voters", "1@127.0.0.1:9093")
                .containsEntry("listeners", "PLAINTEXT://127.0.0.1:9092,CONTROLLER://127.0.0.1:9093")
                .containsEntry("advertised.listeners", "PLAINTEXT://127.0.0.1:9092")
                .containsEntry("log.dirs", dir.toAbsolutePath().toString())
                .containsEntry("auto.create.topics.enable", "false")
                .containsEntry("offsets.topic.replication.factor", "1")
                .containsEntry("transaction.state.log.replication.factor", "1")
                .containsEntry("transaction.state.log.min.isr", "1")
                .containsEntry("group.initial.rebalance.delay.ms", "0")
                .containsEntry("log.retention.ms", "-1");
    }

    @Test
    void brokerPropertiesCanBeOverridden() {
        Properties p = new EmbeddedKafkaBroker(dir)
                .withBrokerProperty("log.retention.ms", "604800000")
                .withBrokerProperty("message.max.bytes", "2097152")
                .brokerProperties(1, 2);
        assertThat(p).containsEntry("log.retention.ms", "604800000").containsEntry("message.max.bytes", "2097152");
    }

    @Test
    void rejectsBadPortsAndAnswersNothingBeforeStart() {
        assertThatThrownBy(() -> new EmbeddedKafkaBroker(dir, -1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new EmbeddedKafkaBroker(dir, 65536)).isInstanceOf(IllegalArgumentException.class);
        EmbeddedKafkaBroker broker = new EmbeddedKafkaBroker(dir);
        assertThat(broker.isRunning()).isFalse();
        assertThatThrownBy(broker::bootstrapServers).isInstanceOf(IllegalStateException.class);
        broker.close(); // harmless before start
    }

    @Test
    void refusesAPortThatIsTaken() throws Exception {
        try (java.net.ServerSocket taken = new java.net.ServerSocket()) {
            taken.bind(new java.net.InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), 0));
            EmbeddedKafkaBroker broker = new EmbeddedKafkaBroker(dir, taken.getLocalPort());
            assertThatThrownBy(broker::start)
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("port " + taken.getLocalPort())
                    .hasMessageContaining("already in use");
            assertThat(broker.isRunning()).isFalse();
        }
    }
}
