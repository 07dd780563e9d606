package org.dlmwatch.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.dlmwatch.cli.dlq.DeadLetterLog;
import org.dlmwatch.cli.dlq.DeadLetterLog.Entry;
import org.dlmwatch.desk.AlertDesk;
import org.dlmwatch.desk.DeskSettings;
import org.dlmwatch.desk.auth.Role;
import org.dlmwatch.desk.auth.Users;
import org.dlmwatch.desk.delivery.Backoff;
import org.dlmwatch.desk.delivery.Channel;
import org.dlmwatch.desk.delivery.DeliveryConfig;
import org.dlmwatch.desk.delivery.PatientData;
import org.dlmwatch.engine.EngineSettings;
import org.dlmwatch.engine.SurveillanceEngine;
import org.dlmwatch.engine.SurveillanceTopology;
import org.dlmwatch.events.v1.AlertStatus;
import org.dlmwatch.events.v1.Severity;
import org.dlmwatch.events.v1.SurveillanceAlert;
import org.dlmwatch.local.LocalCluster;
import org.dlmwatch.local.WithLocalCluster;
import org.dlmwatch.platform.json.EventFile;
import org.dlmwatch.platform.kafka.EventPublisher;
import org.dlmwatch.platform.topics.Topics;
import org.dlmwatch.registry.HttpSchemaRegistryClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Replay from history (docs/operations.md) on the real broker, end to end: the engine raises a
 * cohort's alerts and the desk delivers each new HIGH/CRITICAL one to a webhook once; the engine is
 * stopped, its state rebuilt from the input topics, and a desk started again: no alert already
 * delivered is delivered a second time, the replay gives every alert the same id as before, and an
 * alert that appears for the first time during the replay (a patient whose events arrived while the
 * engine was stopped) is delivered once.
 *
 * <p>Two ways to replay: option A, {@code dlm-watch engine-reset} and a restart under the same
 * application id; option B, a new application id with an empty state folder.
 *
 * <p>The input topics are shared with the other tests of the run, so every engine here reads their
 * patients too and the desks deliver their alerts too; only this run's patients (ids starting with
 * {@code prefix}) are asserted on.
 */
@WithLocalCluster
class ReplayFromHistoryIT {

    private static final Duration ENGINE_START = Duration.ofSeconds(45);
    private static final Duration CAUGHT_UP = Duration.ofSeconds(30);
    /** A desk ticks every 50 ms: this many ticks with nothing new delivered means nothing more is due. */
    private static final Duration SETTLE = Duration.ofMillis(1000);

    @TempDir
    Path work;

    /** Option A: {@code dlm-watch engine-reset}, then the engine under the same application id. */
    @Test
    void applicationResetReplaysTheAlertsWithoutDeliveringAnyTwice(LocalCluster cluster) throws Exception {
        try (Scenario s = new Scenario(cluster, work, "A")) {
            String appId = s.engineId;
            Path stateDir = s.stateDir("engine-state");
            String changelog = appId + "-" + SurveillanceTopology.PATIENT_STORE + "-changelog";
            String[] reset = s.connection("engine-reset", "--application-id", appId, "--state-dir", stateDir.toString());

            s.firstRun(stateDir, () -> {
                Result refused = cli(reset);
                assertThat(refused.exit()).as("engine-reset while the engine runs: %s", refused).isEqualTo(DlmWatch.FAILED);
                assertThat(refused.err()).contains("the engine is running", "consumer group " + appId, "Nothing was changed");
            });
            assertThat(s.topics()).contains(changelog);
            assertThat(stateDir.resolve(appId)).isDirectory();
            Map<TopicPartition, Long> committedBefore = s.committed(appId);

            Result dry = cli(with(reset, "--dry-run"));
            assertThat(dry.exit()).as("dry run: %s", dry).isZero();
            assertThat(dry.out()).contains("engine reset of application " + appId + " (dry run: nothing is changed)",
                    "consumer group " + appId + ": classic group, no member",
                    "would move the committed input offsets to the earliest",
                    "surveillance.enrollments.v1", "lab.results.v1", "imaging.reports.v1",
                    "would delete the internal topics:\n  " + changelog + "\n",
                    "would delete the local state " + stateDir.resolve(appId).toAbsolutePath(),
                    "dry run: nothing was changed");
            assertThat(s.topics()).as("after the dry run").contains(changelog);
            assertThat(stateDir.resolve(appId)).as("after the dry run").isDirectory();
            assertThat(s.committed(appId)).as("after the dry run").isEqualTo(committedBefore);

            Result done = cli(reset);
            assertThat(done.exit()).as("engine-reset: %s", done).isZero();
            assertThat(done.out()).contains("moved the offsets of", "deleted 1 internal topic(s)",
                    "deleting the local state " + stateDir.resolve(appId).toAbsolutePath(), "done.");
            assertThat(s.topics()).doesNotContain(changelog);
            assertThat(stateDir.resolve(appId)).doesNotExist();
            assertThat(s.committed(appId)).as("committed input offsets, back at the start").isEqualTo(s.earliest());
            System.out.printf("[replay-it A] engine-reset:%n%s", done.out());

            s.replayAndDeliverAgain(appId, stateDir);
        }
    }

    /** Option B: a new application id with an empty state folder reads the inputs from the start. */
    @Test
    void newApplicationIdReplaysTheAlertsWithoutDeliveringAnyTwice(LocalCluster cluster) throws Exception {
        try (Scenario s = new Scenario(cluster, work, "B")) {
            s.firstRun(s.stateDir("engine-state"), () -> {});
            String v2 = s.engineId + "-v2";
            s.replayAndDeliverAgain(v2, s.stateDir("engine-state-v2"));

            // the old id's reset leaves alone the topics of the new id, which begins with it
            Result dry = cli(s.connection("engine-reset", "--application-id", s.engineId, "--state-dir",
                    s.stateDir("engine-state").toString(), "--dry-run"));
            assertThat(dry.exit()).as("dry run: %s", dry).isZero();
            String store = "-" + SurveillanceTopology.PATIENT_STORE + "-changelog";
            assertThat(dry.out()).contains("keeping " + v2 + store + ": it belongs to application " + v2,
                    "would delete the internal topics:\n  " + s.engineId + store + "\n");
        }
    }

    /**
     * The engine under Kafka's streams rebalance protocol ({@code group.protocol=streams}, passed
     * through like any client setting): its group is a streams group, which {@code engine-reset}
     * resets with the streams group calls.
     */
    @Test
    void applicationResetOfAStreamsProtocolGroup(LocalCluster cluster) throws Exception {
        try (Scenario s = new Scenario(cluster, work, "S")) {
            String appId = s.engineId;
            Path stateDir = s.stateDir("engine-state");
            Map<String, Object> streamsProtocol = Map.of("group.protocol", "streams");
            s.publish(s.cohort);
            try (SurveillanceEngine engine = s.engine(appId, stateDir, streamsProtocol)) {
                s.awaitInputCommitted(appId);
                Result refused = cli(s.connection("engine-reset", "--application-id", appId, "--state-dir",
                        stateDir.toString()));
                assertThat(refused.exit()).as("engine-reset while the engine runs: %s", refused).isEqualTo(DlmWatch.FAILED);
                assertThat(refused.err()).contains("the engine is running");
            }
            List<Entry<SurveillanceAlert>> before = s.alertsOfThisRun();
            assertThat(before).isNotEmpty();

            Result done = cli(s.connection("engine-reset", "--application-id", appId, "--state-dir", stateDir.toString()));
            assertThat(done.exit()).as("engine-reset: %s", done).isZero();
            assertThat(done.out()).contains("consumer group " + appId + ": streams group, no member", "deleted 1 internal topic(s)");
            assertThat(s.committed(appId)).as("committed input offsets, back at the start").isEqualTo(s.earliest());
            assertThat(stateDir.resolve(appId)).doesNotExist();

            try (SurveillanceEngine engine = s.engine(appId, stateDir, streamsProtocol)) {
                s.awaitInputCommitted(appId);
            }
            assertThat(Scenario.ids(Scenario.after(s.alertsOfThisRun(), before)))
                    .as("alert ids written again by the replay").isEqualTo(Scenario.ids(before));
            s.log("streams group reset and replayed");
        }
    }

    /** One test's patients, engine, desks and webhook receiver. */
    private static final class Scenario implements AutoCloseable {
        final LocalCluster cluster;
        final Path work;
        final String label;
        final String prefix;
        final String engineId;
        final String deskGroup;
        final Topics topics;
        final WebhookReceiver receiver;
        final EventFile cohort;
        final EventFile latePatient;
        final long t0 = System.nanoTime();
        /** Every alert change of this run's patients after the first run. */
        List<Entry<SurveillanceAlert>> firstAlerts;
        Set<String> firstDelivered;

        Scenario(LocalCluster cluster, Path work, String label) throws IOException {
            this.cluster = cluster;
            this.work = work;
            this.label = label;
            String run = UUID.randomUUID().toString().substring(0, 8);
            this.prefix = "RPL" + label + run + "-";
            this.engineId = "replay-it-" + label.toLowerCase() + "-" + run;
            this.deskGroup = "replay-it-desk-" + label.toLowerCase() + "-" + run;
            this.topics = new Topics(new HttpSchemaRegistryClient(cluster.schemaRegistryUrl()), false);
            this.cohort = load("it/replay-cohort.jsonl", prefix);
            this.latePatient = load("it/replay-late-patient.jsonl", prefix);
            assertThat(cli(connection("topics", "create")).exit()).isZero();
            assertThat(cli(connection("schemas", "register")).exit()).isZero();
            this.receiver = new WebhookReceiver();
        }

        /** A state folder of this test's engines under target/ (Kafka Streams warns about one in the OS temp folder). */
        Path stateDir(String name) {
            return Path.of("target", "it-state", engineId, name).toAbsolutePath();
        }

        String[] connection(String... words) {
            return with(words, "--bootstrap-servers", cluster.bootstrapServers(), "--schema-registry-url",
                    cluster.schemaRegistryUrl());
        }

        /**
         * Publishes the cohort, runs the engine over it (calling {@code whileRunning} once it has
         * committed everything), stops it, then runs a desk until every newly raised alert at or
         * above HIGH is delivered, once.
         */
        void firstRun(Path stateDir, Runnable whileRunning) throws Exception {
            publish(cohort);
            try (SurveillanceEngine engine = engine(engineId, stateDir)) {
                awaitInputCommitted(engineId);
                whileRunning.run();
            }
            firstAlerts = alertsOfThisRun();
            firstDelivered = deliverable(firstAlerts);
            assertThat(firstDelivered).as("HIGH or CRITICAL alerts raised by the cohort").hasSizeGreaterThanOrEqualTo(3);
            log("first run: %d alert changes, %d alerts, %d to deliver", firstAlerts.size(), ids(firstAlerts).size(),
                    firstDelivered.size());

            try (AlertDesk desk = desk()) {
                await("first deliveries").atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100))
                        .until(() -> receiver.alertIds(prefix).containsAll(firstDelivered));
                Thread.sleep(SETTLE.toMillis());
            }
            assertThat(receiver.requestsPerAlert(prefix)).as("deliveries of the first run")
                    .isEqualTo(once(firstDelivered));
            log("first run delivered");
        }

        /**
         * A patient's events arrive while the engine is stopped; the engine replays under
         * {@code applicationId} from {@code stateDir} (empty) up to the end of the inputs; a desk of
         * the same group starts again.
         */
        void replayAndDeliverAgain(String applicationId, Path stateDir) throws Exception {
            publish(latePatient);
            try (SurveillanceEngine engine = engine(applicationId, stateDir)) {
                awaitInputCommitted(applicationId);
            }
            log("replay done");
            List<Entry<SurveillanceAlert>> all = alertsOfThisRun();
            List<Entry<SurveillanceAlert>> replayed = after(all, firstAlerts);
            List<Entry<SurveillanceAlert>> replayedCohort = replayed.stream()
                    .filter(e -> !e.value().getPatientId().equals(prefix + "RH08")).toList();
            assertThat(ids(replayedCohort)).as("alert ids written again by the replay: the same as before")
                    .isEqualTo(ids(firstAlerts));
            assertThat(finalStatuses(replayedCohort)).as("final status of every alert after the replay")
                    .isEqualTo(finalStatuses(firstAlerts));

            Set<String> late = deliverable(replayed.stream()
                    .filter(e -> e.value().getPatientId().equals(prefix + "RH08")).toList());
            assertThat(late).as("HIGH alerts of the patient whose events came while the engine was stopped").isNotEmpty();
            assertThat(firstDelivered).doesNotContainAnyElementsOf(late);

            Set<String> expected = new TreeSet<>(firstDelivered);
            expected.addAll(late);
            try (AlertDesk desk = desk()) {
                await("deliveries of the alerts new in the replay").atMost(Duration.ofSeconds(20))
                        .pollInterval(Duration.ofMillis(100))
                        .until(() -> receiver.alertIds(prefix).containsAll(late));
                Thread.sleep(SETTLE.toMillis());
            }
            assertThat(receiver.requestsPerAlert(prefix))
                    .as("requests per alert: the first run's alerts never again, the new ones once")
                    .isEqualTo(once(expected));
            log("replay delivered: %d alerts of the first run not again, %d new ones once", firstDelivered.size(),
                    late.size());
        }

        SurveillanceEngine engine(String applicationId, Path stateDir) {
            return engine(applicationId, stateDir, Map.of());
        }

        SurveillanceEngine engine(String applicationId, Path stateDir, Map<String, Object> extraKafka) {
            Map<String, Object> kafka = new HashMap<>(cluster.clientProperties());
            kafka.putAll(extraKafka);
            EngineSettings settings = EngineSettings.defaults(kafka, cluster.schemaRegistryUrl(), stateDir)
                    .withApplicationId(applicationId);
            SurveillanceEngine engine = new SurveillanceEngine(settings, new SimpleMeterRegistry());
            try {
                return engine.start(ENGINE_START);
            } catch (RuntimeException e) {
                engine.close();
                throw e;
            }
        }

        AlertDesk desk() throws IOException {
            Path users = work.resolve("desk-users.txt");
            if (!Files.exists(users)) {
                Files.writeString(users, Users.line("clara", Role.CLINICIAN, "not used here".toCharArray(), 1000) + "\n");
            }
            DeliveryConfig delivery = new DeliveryConfig(Severity.HIGH,
                    Map.of("hook", new Channel.Webhook("hook", URI.create(receiver.url()), Map.of(), Duration.ofSeconds(5),
                            PatientData.PATIENT_ID)),
                    List.of("hook"), null, Map.of(), new Backoff(Duration.ofMillis(200), 2.0, Duration.ofSeconds(1)),
                    Duration.ofMillis(50));
            DeskSettings settings = DeskSettings.defaults(cluster.clientProperties(), cluster.schemaRegistryUrl(), users)
                    .withHttp("127.0.0.1", 0).withGroupId(deskGroup).withDelivery(delivery);
            AlertDesk desk = new AlertDesk(settings);
            try {
                return desk.start();
            } catch (RuntimeException e) {
                desk.close();
                throw e;
            }
        }

        /**
         * Publishes one event at a time, each with a later timestamp than the one before: Kafka Streams
         * processes records already on the broker in timestamp order across its input topics, so every
         * run of the engine sees each patient's events in the file's order.
         */
        void publish(EventFile file) {
            try (EventPublisher publisher = new EventPublisher(cluster.clientProperties(), topics, false)) {
                long last = 0;
                for (EventFile.Line line : file.events()) {
                    long now = System.currentTimeMillis();
                    while (now <= last) {
                        Thread.onSpinWait();
                        now = System.currentTimeMillis();
                    }
                    last = now;
                    publisher.sendAndWait(line.event());
                }
            }
        }

        /** Every alert change of this run's patients on the alert topic (read_committed). */
        List<Entry<SurveillanceAlert>> alertsOfThisRun() {
            return DeadLetterLog.readAll(cluster.clientProperties(), topics.alerts.name(),
                            topics.alerts.valueSerde().deserializer()).stream()
                    .filter(e -> e.value() != null && e.value().getPatientId().startsWith(prefix))
                    .toList();
        }

        /** The changes of {@code all} written after the last of {@code earlier} on their partition. */
        static List<Entry<SurveillanceAlert>> after(List<Entry<SurveillanceAlert>> all,
                List<Entry<SurveillanceAlert>> earlier) {
            Map<Integer, Long> end = new HashMap<>();
            earlier.forEach(e -> end.merge(e.partition(), e.offset() + 1, Math::max));
            return all.stream().filter(e -> e.offset() >= end.getOrDefault(e.partition(), 0L)).toList();
        }

        /** The alerts a desk delivers: RAISED as last seen, at or above HIGH. */
        static Set<String> deliverable(List<Entry<SurveillanceAlert>> changes) {
            return finalStates(changes).values().stream()
                    .filter(a -> a.getStatus() == AlertStatus.RAISED && a.getSeverity().compareTo(Severity.HIGH) >= 0)
                    .map(SurveillanceAlert::getAlertId)
                    .collect(Collectors.toCollection(TreeSet::new));
        }

        static Map<String, SurveillanceAlert> finalStates(List<Entry<SurveillanceAlert>> changes) {
            Map<String, SurveillanceAlert> last = new LinkedHashMap<>();
            changes.forEach(e -> last.put(e.value().getAlertId(), e.value()));
            return last;
        }

        static Map<String, String> finalStatuses(List<Entry<SurveillanceAlert>> changes) {
            Map<String, String> statuses = new TreeMap<>();
            finalStates(changes).forEach((id, a) -> statuses.put(id, a.getType() + " " + a.getStatus()));
            return statuses;
        }

        static Set<String> ids(List<Entry<SurveillanceAlert>> changes) {
            return changes.stream().map(e -> e.value().getAlertId()).collect(Collectors.toCollection(TreeSet::new));
        }

        static Map<String, Integer> once(Set<String> alertIds) {
            return alertIds.stream().collect(Collectors.toMap(id -> id, id -> 1, (a, b) -> a, TreeMap::new));
        }

        Set<String> topics() throws Exception {
            try (Admin admin = Admin.create(cluster.clientProperties())) {
                return admin.listTopics().names().get();
            }
        }

        /** The group's committed offsets on the input topics. */
        Map<TopicPartition, Long> committed(String groupId) throws Exception {
            try (Admin admin = Admin.create(cluster.clientProperties())) {
                Map<TopicPartition, OffsetAndMetadata> offsets =
                        admin.listConsumerGroupOffsets(groupId).partitionsToOffsetAndMetadata().get();
                Map<TopicPartition, Long> inputs = new HashMap<>();
                offsets.forEach((tp, o) -> {
                    if (o != null && EngineResetCommand.INPUT_TOPICS.contains(tp.topic())) {
                        inputs.put(tp, o.offset());
                    }
                });
                return inputs;
            }
        }

        Map<TopicPartition, Long> earliest() throws Exception {
            return offsets(OffsetSpec::earliest);
        }

        Map<TopicPartition, Long> offsets(java.util.function.Supplier<OffsetSpec> spec) throws Exception {
            try (Admin admin = Admin.create(cluster.clientProperties())) {
                Map<TopicPartition, OffsetSpec> partitions = new HashMap<>();
                admin.describeTopics(EngineResetCommand.INPUT_TOPICS).allTopicNames().get().values().forEach(d ->
                        d.partitions().forEach(p -> partitions.put(new TopicPartition(d.name(), p.partition()), spec.get())));
                Map<TopicPartition, Long> offsets = new HashMap<>();
                admin.listOffsets(partitions).all().get().forEach((tp, info) -> offsets.put(tp, info.offset()));
                return offsets;
            }
        }

        /**
         * Waits until the group has committed, on every input partition, the offset after the last
         * record: exactly once, the alerts of those records are committed with them.
         */
        void awaitInputCommitted(String groupId) {
            await("engine " + groupId + " has committed all input").atMost(CAUGHT_UP).pollInterval(Duration.ofMillis(200))
                    .until(() -> {
                        Map<TopicPartition, Long> committed = committed(groupId);
                        // a partition without any record has no committed offset
                        return offsets(OffsetSpec::latest).entrySet().stream()
                                .allMatch(end -> committed.getOrDefault(end.getKey(), 0L) >= end.getValue());
                    });
        }

        @Override
        public void close() {
            receiver.close();
        }

        void log(String format, Object... args) {
            System.out.printf("[replay-it %s] %5d ms  %s%n", label, (System.nanoTime() - t0) / 1_000_000,
                    String.format(format, args));
        }
    }

    /** A JSON-lines file of test resources, every patient id prefixed. */
    private static EventFile load(String resource, String patientPrefix) {
        String text;
        try (InputStream in = ReplayFromHistoryIT.class.getClassLoader().getResourceAsStream(resource)) {
            assertThat(in).as("test resource %s", resource).isNotNull();
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try {
            EventFile file = EventFile.read(new BufferedReader(new StringReader(
                    text.replace("\"patientId\":\"", "\"patientId\":\"" + patientPrefix))));
            assertThat(file.rejections()).as("every line of %s", resource).isEmpty();
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A webhook receiver on 127.0.0.1 that accepts every request and records which alert of which
     * patient it was for (the channel sends the patient id).
     */
    private static final class WebhookReceiver implements AutoCloseable {
        private static final Pattern ALERT = Pattern.compile("\"alertId\"\\s*:\\s*\"([^\"]+)\"");
        private static final Pattern PATIENT = Pattern.compile("\"patientId\"\\s*:\\s*\"([^\"]+)\"");

        private record Request(String alertId, String patientId) {}

        private final HttpServer server;
        private final List<Request> requests = new CopyOnWriteArrayList<>();

        WebhookReceiver() throws IOException {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            server.createContext("/", exchange -> {
                String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
                requests.add(new Request(find(ALERT, body), find(PATIENT, body)));
                exchange.sendResponseHeaders(200, -1);
                exchange.close();
            });
            server.start();
        }

        private static String find(Pattern pattern, String body) {
            Matcher m = pattern.matcher(body);
            return m.find() ? m.group(1) : "";
        }

        String url() {
            return "http://127.0.0.1:" + server.getAddress().getPort() + "/hook";
        }

        /** Alert ids of the requests received so far for the patients whose id starts with the prefix. */
        Set<String> alertIds(String patientPrefix) {
            return requestsPerAlert(patientPrefix).keySet();
        }

        /** Requests per alert id, for the patients whose id starts with the prefix. */
        Map<String, Integer> requestsPerAlert(String patientPrefix) {
            Map<String, Integer> counts = new TreeMap<>();
            requests.stream().filter(r -> r.patientId().startsWith(patientPrefix))
                    .forEach(r -> counts.merge(r.alertId(), 1, Integer::sum));
            return counts;
        }

        @Override
        public void close() {
            server.stop(0);
        }
    }

    record Result(int exit, String out, String err) {}

    static Result cli(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = DlmWatch.commandLine().setOut(new PrintWriter(out)).setErr(new PrintWriter(err)).execute(args);
        return new Result(exit, out.toString(), err.toString());
    }

    static String[] with(String[] words, String... more) {
        String[] all = java.util.Arrays.copyOf(words, words.length + more.length);
        System.arraycopy(more, 0, all, words.length, more.length);
        return all;
    }
}
