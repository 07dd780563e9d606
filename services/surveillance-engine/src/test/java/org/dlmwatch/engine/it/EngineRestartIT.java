package org.dlmwatch.engine.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.processor.StateRestoreListener;
import org.dlmwatch.engine.EngineSettings;
import org.dlmwatch.engine.SurveillanceEngine;
import org.dlmwatch.engine.replay.TopologyReplay;
import org.dlmwatch.events.v1.AlertType;
import org.dlmwatch.events.v1.SurveillanceAlert;
import org.dlmwatch.local.LocalCluster;
import org.dlmwatch.local.WithLocalCluster;
import org.dlmwatch.platform.json.EventFile;
import org.dlmwatch.platform.topics.TopicCatalog;
import org.dlmwatch.registry.SerdeSettings;
import org.dlmwatch.registry.SpecificAvroDeserializer;
import org.dlmwatch.rules.RuleConfig;
import org.junit.jupiter.api.Test;

/**
 * Exactly once across restarts: no alert change lost, none duplicated, when the engine stops and
 * comes back with the same application id, with or without its local state.
 *
 * <p>The cohort ({@code it/restart-cohort.jsonl}: seven patients, events interleaved in clinical
 * order, with a CEA rise, a reappearance, a rescue evaluation, a correction that retracts and an
 * equivocal focus fulfilled later) is published in two halves; the engine runs on the first,
 * stops, and a new instance runs on the second. Each patient's history spans both halves, so the
 * second instance only alerts right if it has the first one's state.
 *
 * <p>How "exactly once" is asserted. The records are published with increasing timestamps, and
 * Kafka Streams processes records already on the broker in timestamp order, so the engine
 * processes the events in the file's order, as the replay does. Then:
 * <ol>
 *   <li>for every alert except the clock-driven SURVEILLANCE_OVERDUE, the sequence of versions on
 *       the alert topic (status, evidence, texts, rule parameters; everything but the detection
 *       time) is exactly the replay's sequence for that alert: a lost transition or evidence update
 *       is missing, a duplicated one appears twice;
 *   <li>no version of any alert, SURVEILLANCE_OVERDUE included, appears twice: the engine emits
 *       an alert only when its status or content changed, so a repeated version is a duplicate.
 * </ol>
 * Overdue alerts are judged against the wall clock at each overdue check live (the cohort's dates
 * are in 2025) and against the replay's clock in the replay, so their sequences differ by design
 * and only the second check applies to them.
 */
@WithLocalCluster
class EngineRestartIT {

    private static final Set<AlertType> CLOCK_DEPENDENT = EnumSet.of(AlertType.SURVEILLANCE_OVERDUE);

    /** Short, so that the wall-clock punctuation (overdue checks) also runs, and commits, around the restarts. */
    private static final Duration OVERDUE_CHECK = Duration.ofSeconds(1);

    /**
     * The restarted instance takes over its predecessor's place in the consumer group at once.
     * Without it, {@code SurveillanceEngine.close()} does not leave the group (Kafka Streams' default
     * with the classic protocol), and a new instance gets no partitions until the old member's
     * session times out: measured 43-45 s per restart here (consumer default session.timeout.ms
     * 45 s). A fixed instance identity is also what a deployment with one engine per stable host
     * or pod would configure.
     */
    private static final Map<String, Object> STATIC_MEMBERSHIP = Map.of("group.instance.id", "it-engine-instance");

    @Test
    void cleanStopAndRestartLoseAndDuplicateNothing(LocalCluster cluster) {
        Run run = new Run(cluster, "RS1-", "it-engine-restart-clean");
        run.publishFirstHalf();
        try (SurveillanceEngine engine = run.engine()) {
            run.awaitSomeAlerts();
            run.printInputLag("stopping");
        }
        run.publishSecondHalf();
        try (SurveillanceEngine engine = run.engine()) {
            run.awaitAndAssertExactlyOnce();
        }
    }

    /** Plain {@code engine.close()}, and the local state folder deleted: the state must come back from the changelog. */
    @Test
    void restartWithoutLocalStateRestoresItFromTheChangelog(LocalCluster cluster) {
        Run run = new Run(cluster, "RS2-", "it-engine-restart-lost-state");
        run.publishFirstHalf();
        try (SurveillanceEngine engine = run.engine()) {
            run.awaitSomeAlerts();
            run.printInputLag("stopping");
        }
        ItCluster.deleteRecursively(run.stateDir);
        run.publishSecondHalf();
        AtomicLong restored = new AtomicLong();
        try (SurveillanceEngine engine = run.engine(restoreCounter(restored))) {
            assertThat(restored.get()).as("patient states restored from the changelog").isGreaterThan(0);
            run.awaitAndAssertExactlyOnce();
        }
    }

    /**
     * The engine killed outright ({@code kill -9} of its JVM) while a transaction holds alert
     * changes not yet committed: a new instance with the same application id and state folder
     * must abort them and redo the work, so that a {@code read_committed} consumer sees every
     * change once. The killed engine commits every 2 s instead of every 100 ms, and the second half
     * is fed to it one event at a time until alert changes are on the topic but not committed; it
     * is killed then, and the rest of the second half is published before the new instance starts.
     */
    @Test
    void killedMidTransactionRestartLosesAndDuplicatesNothing(LocalCluster cluster) throws Exception {
        Run run = new Run(cluster, "RS3-", "it-engine-restart-killed");
        run.publishFirstHalf();
        Map<String, Object> slowCommits = new LinkedHashMap<>(STATIC_MEMBERSHIP);
        slowCommits.put("commit.interval.ms", 2000);
        Path log = run.stateDir.resolveSibling(run.applicationId + "-process.log");
        Process process = EngineProcess.start(
                ItCluster.engineSettings(cluster, run.applicationId, run.stateDir, OVERDUE_CHECK, slowCommits), log);
        List<EventFile.Line> secondHalf = run.secondHalf.events();
        int fedBeforeKill = 0;
        try (TopicReader<SurveillanceAlert> uncommitted = run.alertReader("read_uncommitted");
                TopicReader<SurveillanceAlert> committed = run.alertReader("read_committed")) {
            try {
                await("engine process running").atMost(ItCluster.ENGINE_START).pollInterval(Duration.ofMillis(100))
                        .until(() -> {
                            if (!process.isAlive()) {
                                throw new AssertionError("engine process exited:\n" + Files.readString(log));
                            }
                            return Files.readString(log).contains(EngineProcess.RUNNING);
                        });
                run.awaitSomeAlerts();
                boolean openTransaction = false;
                try (InputPublisher publisher = new InputPublisher(cluster)) {
                    while (!openTransaction && fedBeforeKill < secondHalf.size() - 1) {
                        publisher.send(secondHalf.get(fedBeforeKill++).event());
                        long until = System.nanoTime() + Duration.ofMillis(500).toNanos();
                        while (!openTransaction && System.nanoTime() < until) {
                            openTransaction = mine(uncommitted.readToEnd(Duration.ofSeconds(5)), run.prefix)
                                    > mine(committed.readToEnd(Duration.ofSeconds(5)), run.prefix);
                        }
                    }
                }
                assertThat(openTransaction).as("alert changes written but not yet committed, to kill the engine in")
                        .isTrue();
            } finally {
                process.destroyForcibly();
                assertThat(process.waitFor(10, TimeUnit.SECONDS)).as("killed engine process exited").isTrue();
            }
            try (InputPublisher publisher = new InputPublisher(cluster)) {
                publisher.sendAll(CohortFile.slice(run.secondHalf, fedBeforeKill, secondHalf.size()));
            }
            try (SurveillanceEngine engine = run.engine()) {
                run.awaitAndAssertExactlyOnce();
            }
            long aborted = mine(uncommitted.readToEnd(Duration.ofSeconds(10)), run.prefix)
                    - mine(committed.readToEnd(Duration.ofSeconds(10)), run.prefix);
            System.out.printf("[%s] killed after %d of %d events of the second half; %d alert changes of its open "
                    + "transaction aborted%n", run.applicationId, fedBeforeKill, secondHalf.size(), aborted);
            assertThat(aborted).as("alert changes of the killed engine's open transaction, aborted").isPositive();
        }
    }

    private static long mine(List<TopicReader.Read<SurveillanceAlert>> reads, String prefix) {
        return reads.stream().filter(r -> r.value().getPatientId().startsWith(prefix)).count();
    }

    /** One test's cohort, engine identity and readers. */
    private static final class Run {
        final LocalCluster cluster;
        final String prefix;
        final String applicationId;
        final Path stateDir;
        final EventFile all;
        final EventFile firstHalf;
        final EventFile secondHalf;
        final TopologyReplay.Result replay;

        Run(LocalCluster cluster, String prefix, String applicationId) {
            ItCluster.prepare(cluster);
            this.cluster = cluster;
            this.prefix = prefix;
            this.applicationId = applicationId;
            this.stateDir = ItCluster.freshStateDir(applicationId);
            this.all = CohortFile.load("it/restart-cohort.jsonl", prefix);
            int half = all.events().size() / 2;
            this.firstHalf = CohortFile.slice(all, 0, half);
            this.secondHalf = CohortFile.slice(all, half, all.events().size());
            this.replay = TopologyReplay.run(all, Optional.of(Instant.now()), RuleConfig.defaults());
            assertThat(replay.deadLetters()).isEmpty();
        }

        EngineSettings settings() {
            return ItCluster.engineSettings(cluster, applicationId, stateDir, OVERDUE_CHECK, STATIC_MEMBERSHIP);
        }

        SurveillanceEngine engine() {
            return engine(null);
        }

        SurveillanceEngine engine(StateRestoreListener listener) {
            SurveillanceEngine engine = new SurveillanceEngine(settings(), new SimpleMeterRegistry());
            if (listener != null) {
                engine.streams().setGlobalStateRestoreListener(listener);
            }
            long t0 = System.nanoTime();
            engine.start(ItCluster.ENGINE_START);
            System.out.printf("[%s] engine RUNNING in %d ms%n", applicationId, (System.nanoTime() - t0) / 1_000_000);
            return engine;
        }

        void publishFirstHalf() {
            try (InputPublisher publisher = new InputPublisher(cluster)) {
                publisher.sendAll(firstHalf);
            }
        }

        void publishSecondHalf() {
            try (InputPublisher publisher = new InputPublisher(cluster)) {
                publisher.sendAll(secondHalf);
            }
        }

        TopicReader<SurveillanceAlert> alertReader() {
            return alertReader("read_committed");
        }

        TopicReader<SurveillanceAlert> alertReader(String isolationLevel) {
            return new TopicReader<>(cluster, TopicCatalog.ALERTS.name(), new SpecificAvroDeserializer<>(
                    SurveillanceAlert.class, ItCluster.registry(cluster), SerdeSettings.defaults()), isolationLevel);
        }

        /** How far the engine is behind its input, for the test log (a stop can come before the end of the input). */
        void printInputLag(String when) {
            try (Admin admin = Admin.create(ItCluster.kafka(cluster))) {
                long lag = ItCluster.lagging(admin, applicationId).values().stream().mapToLong(Long::longValue).sum();
                System.out.printf("[%s] %s with %d input records not yet committed%n", applicationId, when, lag);
            } catch (ExecutionException | InterruptedException e) {
                System.out.printf("[%s] input lag unknown: %s%n", applicationId, e);
            }
        }

        /** Waits until the engine has committed at least one alert of this run's patients other than overdue. */
        void awaitSomeAlerts() {
            try (TopicReader<SurveillanceAlert> alerts = alertReader()) {
                await("first alerts of " + prefix).atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50))
                        .until(() -> AlertChanges.ofPatients(alerts.poll(), prefix).stream()
                                .anyMatch(a -> !CLOCK_DEPENDENT.contains(a.getType())));
            }
        }

        /** Waits until all input is committed and the alerts are complete, then checks them (see class comment). */
        void awaitAndAssertExactlyOnce() {
            ItCluster.awaitInputCommitted(cluster, applicationId, Duration.ofSeconds(60));
            Map<String, List<SurveillanceAlert>> expected = versionsByAlert(replay.changes(), false);
            try (TopicReader<SurveillanceAlert> alerts = alertReader()) {
                await("alert changes of " + prefix + " as in the replay").atMost(Duration.ofSeconds(15))
                        .pollInterval(Duration.ofMillis(100))
                        .untilAsserted(() -> assertThat(versionsByAlert(
                                AlertChanges.ofPatients(alerts.poll(), prefix), false)).isEqualTo(expected));
                List<SurveillanceAlert> changes = AlertChanges.ofPatients(alerts.readToEnd(Duration.ofSeconds(10)), prefix);
                assertThat(versionsByAlert(changes, false))
                        .as("every alert's versions, as in the replay:%s", AlertChanges.describe(changes))
                        .isEqualTo(expected);
                Map<SurveillanceAlert, Long> repeated = changes.stream()
                        .collect(Collectors.groupingBy(AlertChanges::content, LinkedHashMap::new, Collectors.counting()));
                repeated.values().removeIf(count -> count == 1);
                assertThat(repeated.keySet()).extracting(AlertChanges::describe)
                        .as("alert versions emitted more than once").isEmpty();
                assertThat(changes).filteredOn(a -> CLOCK_DEPENDENT.contains(a.getType()))
                        .as("overdue alerts (wall clock) were emitted, and are checked for duplicates").isNotEmpty();
                System.out.printf("[%s] %d alert changes checked (%d alerts)%n", applicationId, changes.size(),
                        changes.stream().map(SurveillanceAlert::getAlertId).distinct().count());
            }
        }
    }

    /** Each alert's versions without detection time, in order; overdue alerts left out unless asked for. */
    private static Map<String, List<SurveillanceAlert>> versionsByAlert(List<SurveillanceAlert> changes,
            boolean withClockDependent) {
        return changes.stream()
                .filter(a -> withClockDependent || !CLOCK_DEPENDENT.contains(a.getType()))
                .collect(Collectors.groupingBy(SurveillanceAlert::getAlertId, LinkedHashMap::new,
                        Collectors.mapping(AlertChanges::content, Collectors.toList())));
    }

    private static StateRestoreListener restoreCounter(AtomicLong restored) {
        return new StateRestoreListener() {
            @Override
            public void onRestoreStart(TopicPartition partition, String store, long start, long end) {}

            @Override
            public void onBatchRestored(TopicPartition partition, String store, long batchEnd, long count) {
                restored.addAndGet(count);
            }

            @Override
            public void onRestoreEnd(TopicPartition partition, String store, long total) {}
        };
    }
}
