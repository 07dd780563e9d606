package org.dlmwatch.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A broker of its own (not the shared test cluster): restart in the same JVM, ports and threads released. */
class EmbeddedKafkaBrokerIT {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedKafkaBrokerIT.class);

    /**
     * JVM-wide threads that Kafka's libraries start once and keep by design (Yammer metrics' shared
     * registry ticks); they are not per broker.
     */
    private static final List<String> JVM_SINGLETON_THREADS = List.of("metrics-meter-tick-thread");

    @TempDir
    Path dir;

    @Test
    void startsStopsAndStartsAgainInTheSameJvmKeepingItsData() throws Exception {
        Set<Thread> before = Thread.getAllStackTraces().keySet();
        EmbeddedKafkaBroker broker = new EmbeddedKafkaBroker(dir.resolve("kafka"));

        long t0 = System.nanoTime();
        broker.start();
        LOG.info("first start: {} ms", TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0));
        int port = broker.port();
        int controllerPort = broker.controllerPort();
        assertThat(broker.bootstrapServers()).isEqualTo("127.0.0.1:" + port);
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", broker.bootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic("survives-restart", 1, (short) 1))).all().get(30, TimeUnit.SECONDS);
        }

        t0 = System.nanoTime();
        broker.close();
        LOG.info("stop: {} ms", TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0));
        assertThat(broker.isRunning()).isFalse();
        assertThat(FreePorts.isFree(port)).as("broker port released").isTrue();
        assertThat(FreePorts.isFree(controllerPort)).as("controller port released").isTrue();

        t0 = System.nanoTime();
        broker.start();
        LOG.info("restart: {} ms", TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0));
        assertThat(broker.port()).as("keeps its port when free").isEqualTo(port);
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", broker.bootstrapServers()))) {
            assertThat(admin.listTopics().names().get(30, TimeUnit.SECONDS)).contains("survives-restart");
        }
        broker.close();
        broker.close(); // idempotent

        Set<String> left = awaitNoNewThreads(before, Duration.ofSeconds(10));
        assertThat(left).as("broker threads left after close").isEmpty();
    }

    private static Set<String> awaitNoNewThreads(Set<Thread> before, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        Set<String> left;
        do {
            left = Thread.getAllStackTraces().keySet().stream()
                    .filter(t -> !before.contains(t) && t.isAlive())
                    .map(Thread::getName)
                    .filter(n -> JVM_SINGLETON_THREADS.stream().noneMatch(n::startsWith))
                    .collect(Collectors.toCollection(java.util.TreeSet::new));
            if (left.isEmpty()) {
                return left;
            }
            Thread.sleep(100);
        } while (System.nanoTime() < deadline);
        return left;
    }
}
