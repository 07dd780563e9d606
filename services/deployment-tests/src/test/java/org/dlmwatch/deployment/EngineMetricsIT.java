package org.dlmwatch.deployment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.dlmwatch.cli.DlmWatch;
import org.dlmwatch.deployment.MetricNames.Sample;
import org.dlmwatch.desk.auth.Role;
import org.dlmwatch.desk.auth.Users;
import org.dlmwatch.events.v1.AlertStatus;
import org.dlmwatch.events.v1.AlertType;
import org.dlmwatch.events.v1.Evidence;
import org.dlmwatch.events.v1.EvidenceKind;
import org.dlmwatch.events.v1.Modality;
import org.dlmwatch.events.v1.Severity;
import org.dlmwatch.events.v1.SurveillanceAlert;
import org.dlmwatch.local.LocalCluster;
import org.dlmwatch.local.WithLocalCluster;
import org.dlmwatch.platform.kafka.EventPublisher;
import org.dlmwatch.platform.topics.TopicCatalog;
import org.dlmwatch.platform.topics.Topics;
import org.dlmwatch.registry.HttpSchemaRegistryClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The engine service of docker/compose.yaml, run for real on the embedded broker and registry:
 * the init service's work done by the same CLI commands ({@code topics create}, {@code schemas
 * register}), the engine started by the real {@code dlm-watch engine} command in a JVM of its own
 * with the compose service's command line and DLMWATCH_* environment (and its mounted
 * kafka-client.properties and rules.properties), a small cohort published with {@code dlm-watch
 * publish} plus a poison pill. Then /metrics is scraped over HTTP:
 * <ul>
 *   <li>the engine's metrics move: input records used, ignored and dead-lettered, dead letters by
 *       error code, the alert emitted, its latency, Kafka Streams' processing counters;
 *   <li>every metric name that the Grafana dashboard, the Prometheus alert rules and the runbook's
 *       metric table expect from the engine's job is in the scrape;
 * </ul>
 * and the engine stops cleanly on SIGTERM, as {@code docker stop} stops it. The desk's part is
 * isolated in {@link #deskMetricsAreExported}.
 */
@WithLocalCluster
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class EngineMetricsIT {

    /** A healthy start takes 5-15 s. Generous for 2 shared cores. */
    private static final Duration START = Duration.ofSeconds(150);
    /** Micrometer's Kafka binder adds metrics that appear after start (per partition...) every 60 s. */
    private static final Duration ALL_METRICS = Duration.ofSeconds(150);

    private static final Path WORK = Path.of("target", "it-engine-metrics").toAbsolutePath();
    /** The desk's webhook channel in this test (named as compose's webhook channel). */
    private static final String WEBHOOK = "oncall";
    private static LocalCluster cluster;
    private static ServiceProcess engine;
    private static int engineOpsPort;

    @BeforeAll
    static void init(LocalCluster localCluster) throws Exception {
        cluster = localCluster;
        org.dlmwatch.local.LocalFiles.deleteRecursively(WORK);
        Files.createDirectories(WORK);
        // what the init service runs, on a one-broker cluster
        cli("topics", "create", "--replication-factor", "1");
        cli("schemas", "register");
    }

    @AfterAll
    static void stopServices() {
        if (engine != null) {
            engine.close();
        }
    }

    @Test
    @Order(1)
    void engineMetricsMoveAfterACohort() throws Exception {
        long started = System.nanoTime();
        Compose.Service service = Compose.load().service("engine");
        engineOpsPort = freePort();
        engine = ServiceProcess.start(service, Map.of(
                "DLMWATCH_BOOTSTRAP_SERVERS", cluster.bootstrapServers(),
                "DLMWATCH_SCHEMA_REGISTRY_URL", cluster.schemaRegistryUrl(),
                "DLMWATCH_OPS_HOST", "127.0.0.1",
                "DLMWATCH_ENGINE_OPS_PORT", String.valueOf(engineOpsPort),
                "DLMWATCH_ENGINE_STATE_DIR", WORK.resolve("engine-state").toString(),
                "DLMWATCH_LOG_FORMAT", "TEXT"), WORK.resolve("engine.log"));
        String ops = "http://127.0.0.1:" + engineOpsPort;
        engine.awaitReady(ops + "/health/ready", START);
        Duration startup = Duration.ofNanos(System.nanoTime() - started);
        assertThat(ServiceProcess.get(ops + "/health/live").status()).isEqualTo(200);
        var ready = new com.fasterxml.jackson.databind.ObjectMapper().readTree(ServiceProcess.get(ops + "/health/ready").body());
        assertThat(ready.path("checks").path("kafka-streams").path("status").asText()).isEqualTo("UP");
        assertThat(ready.path("checks").path("kafka-streams").path("detail").asText()).isEqualTo("RUNNING");
        assertThat(ready.path("checks").path("schema-registry").path("status").asText()).isEqualTo("UP");

        publishCohort();

        await("the engine's metrics move").atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500))
                .untilAsserted(() -> {
                    List<Sample> scrape = scrape(ops);
                    assertThat(sum(scrape, "dlmwatch_engine_input_records_total",
                            Map.of("topic", TopicCatalog.ENROLLMENTS.name(), "outcome", "used"))).isGreaterThanOrEqualTo(2);
                    assertThat(sum(scrape, "dlmwatch_engine_input_records_total",
                            Map.of("topic", TopicCatalog.IMAGING_REPORTS.name(), "outcome", "used"))).isGreaterThanOrEqualTo(1);
                    assertThat(sum(scrape, "dlmwatch_engine_input_records_total",
                            Map.of("topic", TopicCatalog.LAB_RESULTS.name(), "outcome", "used"))).isGreaterThanOrEqualTo(1);
                    assertThat(sum(scrape, s -> s.name().equals("dlmwatch_engine_input_records_total")
                            && s.labels().get("outcome").startsWith("ignored"))).as("the non-CEA result").isGreaterThanOrEqualTo(1);
                    assertThat(sum(scrape, "dlmwatch_engine_input_records_total",
                            Map.of("outcome", "dead-lettered"))).isGreaterThanOrEqualTo(2);
                    assertThat(sum(scrape, "dlmwatch_engine_dead_letters_total",
                            Map.of("errorCode", "UNKNOWN_UNIT", "topic", TopicCatalog.LAB_RESULTS.name()))).isGreaterThanOrEqualTo(1);
                    assertThat(sum(scrape, "dlmwatch_engine_dead_letters_total",
                            Map.of("errorCode", "DESERIALIZATION_FAILED", "topic", TopicCatalog.IMAGING_REPORTS.name())))
                            .isGreaterThanOrEqualTo(1);
                    assertThat(sum(scrape, "dlmwatch_engine_alerts_emitted_total",
                            Map.of("type", "DLM_REAPPEARANCE", "status", "RAISED", "severity", "HIGH"))).isGreaterThanOrEqualTo(1);
                    assertThat(sum(scrape, "dlmwatch_engine_alert_latency_seconds_count", Map.of())).isGreaterThanOrEqualTo(1);
                    assertThat(sum(scrape, "kafka_stream_thread_process_total", Map.of())).isGreaterThanOrEqualTo(5);
                    assertThat(sum(scrape, "kafka_stream_alive_stream_threads", Map.of())).isGreaterThanOrEqualTo(1);
                });
        Duration moved = Duration.ofNanos(System.nanoTime() - started);
        assertThat(scrape(ops)).as("the runbook: every metric carries service").allSatisfy(sample ->
                assertThat(sample.labels()).as(sample.name()).containsEntry("service", "surveillance-engine"));

        Map<String, List<String>> expected = Monitoring.expectedOf(Monitoring.ENGINE_JOB);
        assertThat(expected).as("names the monitoring expects of the engine").containsKeys(
                "dlmwatch_engine_input_records_total", "dlmwatch_engine_dead_letters_total",
                "dlmwatch_engine_alerts_emitted_total", "dlmwatch_engine_alert_latency_seconds_bucket");
        await("every metric the dashboard, the alert rules and the runbook use").atMost(ALL_METRICS)
                .pollInterval(Duration.ofSeconds(2))
                .untilAsserted(() -> {
                    Map<String, List<String>> missing = new TreeMap<>(expected);
                    missing.keySet().removeAll(exported(scrape(ops)));
                    assertThat(missing).as("metrics used by the monitoring but not exported by the engine").isEmpty();
                });
        Duration complete = Duration.ofNanos(System.nanoTime() - started);

        // the dead letters are on the topic, as an operator lists them
        String dlq = cli("dlq", "list");
        assertThat(dlq).contains("UNKNOWN_UNIT", "DESERIALIZATION_FAILED");

        Duration stopped = engine.stop(Duration.ofSeconds(45));
        assertThat(stopped).as("the engine stops on SIGTERM within compose's stop_grace_period (45 s):\n" + engine.logTail())
                .isNotNull();
        System.out.printf("EngineMetricsIT: engine ready in %d ms, metrics moved at %d ms, every expected name at %d ms, "
                + "stopped in %d ms%n", startup.toMillis(), moved.toMillis(), complete.toMillis(), stopped.toMillis());
    }

    /**
     * The desk service of compose.yaml, started like the engine, after it: its command line and
     * environment, with a users file written by the desk's own code, a session key, and a delivery
     * configuration whose webhook channel is a local receiver that refuses the first attempt of
     * every delivery. Right after start every delivery counter of that configuration is exported
     * (those of the escalation step at 0: nothing can have escalated yet). Then an alert is
     * published on surveillance.alerts.v1 as the engine writes them: the desk counts it open, its
     * delivery is refused, retried and accepted, and the counters say so; every metric the
     * dashboard, the alert rules and the runbook expect of job alert-desk is exported; SIGTERM
     * stops the desk. Independent of the engine's test: it needs the topics and schemas only.
     */
    @Test
    @Order(2)
    void deskMetricsAreExported() throws Exception {
        long started = System.nanoTime();
        Compose.Service service = Compose.load().service("desk");
        int opsPort = freePort();
        try (WebhookReceiver receiver = new WebhookReceiver()) {
            Map<String, String> overrides = new HashMap<>(Map.of(
                    "DLMWATCH_BOOTSTRAP_SERVERS", cluster.bootstrapServers(),
                    "DLMWATCH_SCHEMA_REGISTRY_URL", cluster.schemaRegistryUrl(),
                    "DLMWATCH_OPS_HOST", "127.0.0.1",
                    "DLMWATCH_DESK_OPS_PORT", String.valueOf(opsPort),
                    "DLMWATCH_DESK_HOST", "127.0.0.1",
                    "DLMWATCH_DESK_PORT", String.valueOf(freePort()),
                    "DLMWATCH_LOG_FORMAT", "TEXT"));
            // the compose secrets are made by the operator: here files of the same formats
            overrides.put("DLMWATCH_USERS_FILE", deskUsersFile().toString());
            overrides.put("DLMWATCH_SESSION_SECRET_FILE", write("desk-session-secret", UUID.randomUUID() + "\n").toString());
            overrides.put("DLMWATCH_DELIVERY_CONFIG", write("delivery.properties", String.join("\n",
                    "delivery.minSeverity=HIGH",
                    "delivery.channels=" + WEBHOOK,
                    "delivery.escalation.channel=" + WEBHOOK,
                    "delivery.backoff.initial=PT0.5S",
                    "delivery.tick=PT0.25S",
                    "channel." + WEBHOOK + ".type=webhook",
                    "channel." + WEBHOOK + ".url=" + receiver.url(),
                    "channel." + WEBHOOK + ".timeout=PT5S") + "\n").toString());
            try (ServiceProcess desk = ServiceProcess.start(service, overrides, WORK.resolve("desk.log"))) {
                String ops = "http://127.0.0.1:" + opsPort;
                desk.awaitReady(ops + "/health/ready", START);
                Duration startup = Duration.ofNanos(System.nanoTime() - started);

                List<Sample> atStart = scrape(ops);
                Map<String, String> raised = Map.of("channel", WEBHOOK, "step", "RAISED");
                Map<String, String> escalation = Map.of("channel", WEBHOOK, "step", "ESCALATION");
                for (Map<String, String> step : List.of(raised, escalation)) {
                    for (String counter : List.of("dlmwatch_desk_delivery_attempts_total", "dlmwatch_desk_delivery_retries_total",
                            "dlmwatch_desk_delivery_delivered_total")) {
                        assertThat(atStart).as(counter + step + " exported from the start")
                                .anyMatch(sample -> sample.name().equals(counter)
                                        && sample.labels().entrySet().containsAll(step.entrySet()));
                        if (step == escalation) {
                            assertThat(sum(atStart, counter, step)).as(counter + step).isZero();
                        }
                    }
                }
                assertThat(sum(atStart, "dlmwatch_desk_delivery_attempts_total", with(escalation, "outcome", "")))
                        .as("no attempt yet: no outcome").isZero();
                assertThat(atStart).as("the runbook: every metric carries service").allSatisfy(sample ->
                        assertThat(sample.labels()).as(sample.name()).containsEntry("service", "alert-desk"));
                double openBefore = sum(atStart, "dlmwatch_desk_open_alerts", Map.of("severity", "HIGH"));

                String alertId = publishAlert("OPS-4");
                await("the desk counts the alert open, and delivers it after one refusal").atMost(Duration.ofSeconds(90))
                        .pollInterval(Duration.ofMillis(500))
                        .untilAsserted(() -> {
                            List<Sample> scrape = scrape(ops);
                            assertThat(sum(scrape, "dlmwatch_desk_open_alerts", Map.of("severity", "HIGH")))
                                    .isGreaterThanOrEqualTo(openBefore + 1);
                            assertThat(receiver.answers(alertId)).as("answers to the desk's attempts for " + alertId)
                                    .containsExactly(503, 200);
                            assertThat(sum(scrape, "dlmwatch_desk_delivery_attempts_total", with(raised, "outcome", "http-503")))
                                    .isGreaterThanOrEqualTo(1);
                            assertThat(sum(scrape, "dlmwatch_desk_delivery_attempts_total", with(raised, "outcome", "http-200")))
                                    .isGreaterThanOrEqualTo(1);
                            assertThat(sum(scrape, "dlmwatch_desk_delivery_retries_total", raised)).isGreaterThanOrEqualTo(1);
                            assertThat(sum(scrape, "dlmwatch_desk_delivery_delivered_total", raised)).isGreaterThanOrEqualTo(1);
                            assertThat(sum(scrape, "dlmwatch_desk_delivery_attempts_total", escalation)).isZero();
                        });
                Duration moved = Duration.ofNanos(System.nanoTime() - started);
                assertThat(receiver.received(alertId)).allSatisfy(body -> assertThat(body).doesNotContain("OPS-4"));

                Map<String, List<String>> expected = Monitoring.expectedOf(Monitoring.DESK_JOB);
                assertThat(expected).as("names the monitoring expects of the desk").containsKeys(
                        "dlmwatch_desk_open_alerts", "dlmwatch_desk_delivery_attempts_total",
                        "dlmwatch_desk_delivery_delivered_total", "dlmwatch_desk_delivery_retries_total");
                await("every metric the monitoring expects of the desk").atMost(ALL_METRICS).pollInterval(Duration.ofSeconds(2))
                        .untilAsserted(() -> {
                            Map<String, List<String>> missing = new TreeMap<>(expected);
                            missing.keySet().removeAll(exported(scrape(ops)));
                            assertThat(missing).as("metrics used by the monitoring but not exported by the desk").isEmpty();
                        });
                Duration stopped = desk.stop(Duration.ofSeconds(45));
                assertThat(stopped).as("the desk stops on SIGTERM within compose's stop_grace_period (45 s):\n" + desk.logTail())
                        .isNotNull();
                System.out.printf("EngineMetricsIT: desk ready in %d ms, alert delivered and counted at %d ms, stopped in %d ms%n",
                        startup.toMillis(), moved.toMillis(), stopped.toMillis());
            }
        }
    }

    private static Map<String, String> with(Map<String, String> labels, String name, String value) {
        Map<String, String> all = new HashMap<>(labels);
        all.put(name, value);
        return all;
    }

    /**
     * A HIGH DLM_REAPPEARANCE alert, RAISED now, published on surveillance.alerts.v1 as the engine
     * publishes alerts (Avro, registry wire format, keyed by patient id); returns its id.
     */
    private static String publishAlert(String patientId) throws Exception {
        String alertId = "A-" + UUID.randomUUID().toString().replace("-", "");
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        SurveillanceAlert alert = SurveillanceAlert.newBuilder()
                .setAlertId(alertId).setPatientId(patientId).setType(AlertType.DLM_REAPPEARANCE).setSeverity(Severity.HIGH)
                .setStatus(AlertStatus.RAISED).setLesionIds(List.of("L1"))
                .setTitle("DLM L1 has reappeared in segment VII (MRI_HBP_DWI, 8 mm)")
                .setRecommendation("Image now; then MDT review for rescue therapy. Decision support, not a diagnosis.")
                .setEvidence(List.of(new Evidence(EvidenceKind.IMAGING_FINDING, patientId + "-I1", now.minus(3, ChronoUnit.HOURS),
                        null, null, Modality.MRI_HBP_DWI, "VII", 8.0, "PRESENT in segment VII, tracking id L1")))
                .setRuleId("DLM_REAPPEARANCE").setRuleParameters(Map.of()).setContextFlags(List.of())
                .setEventTime(now.minus(3, ChronoUnit.HOURS)).setDetectedAt(now)
                .build();
        Topics topics = new Topics(new HttpSchemaRegistryClient(cluster.schemaRegistryUrl()), false);
        try (EventPublisher publisher = new EventPublisher(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                cluster.bootstrapServers()), topics, false)) {
            publisher.send(TopicCatalog.ALERTS, patientId, alert).get(30, java.util.concurrent.TimeUnit.SECONDS);
        }
        return alertId;
    }

    /**
     * A webhook receiver on 127.0.0.1 that refuses the first attempt of every delivery (by its
     * Idempotency-Key) with 503 and accepts the next ones, recording its answers per alert id.
     */
    private static final class WebhookReceiver implements AutoCloseable {

        private final HttpServer server;
        private final Map<String, List<Integer>> answers = new ConcurrentHashMap<>();
        private final Map<String, List<String>> bodies = new ConcurrentHashMap<>();

        WebhookReceiver() throws java.io.IOException {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            server.createContext("/", exchange -> {
                String key = String.valueOf(exchange.getRequestHeaders().getFirst("Idempotency-Key"));
                String alertId = key.contains(":") ? key.substring(0, key.indexOf(':')) : key;
                String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
                List<Integer> answered = answers.computeIfAbsent(alertId, k -> new CopyOnWriteArrayList<>());
                int status = answered.isEmpty() ? 503 : 200;
                answered.add(status);
                bodies.computeIfAbsent(alertId, k -> new CopyOnWriteArrayList<>()).add(body);
                exchange.sendResponseHeaders(status, -1);
                exchange.close();
            });
            server.start();
        }

        String url() {
            return "http://127.0.0.1:" + server.getAddress().getPort() + "/hooks/dlm-watch";
        }

        List<Integer> answers(String alertId) {
            return List.copyOf(answers.getOrDefault(alertId, List.of()));
        }

        List<String> received(String alertId) {
            return List.copyOf(bodies.getOrDefault(alertId, List.of()));
        }

        @Override
        public void close() {
            server.stop(0);
        }
    }

    private static Path write(String name, String content) throws java.io.IOException {
        Path file = WORK.resolve(name);
        Files.writeString(file, content, StandardCharsets.UTF_8);
        return file;
    }

    /**
     * Two patients and three kinds of bad input, dated around now (the live engine judges against
     * the wall clock): OPS-1 enrolled with a DLM in segment VII that an MRI shows again
     * (DLM_REAPPEARANCE, HIGH); OPS-2 with a normal CEA and a non-CEA result (ignored); a CEA in an
     * unknown unit (UNKNOWN_UNIT) and bytes that are no Avro record (DESERIALIZATION_FAILED).
     */
    private static void publishCohort() throws Exception {
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        String enrolled = today.minusDays(300).toString();
        String lines = String.join("\n",
                "{\"type\":\"enrollment\",\"patientId\":\"OPS-1\",\"enrolledOn\":\"" + enrolled + "\",\"lastChemoDoseOn\":\""
                        + today.minusDays(360) + "\",\"lesions\":[{\"lesionId\":\"L1\",\"segment\":\"VII\",\"baselineSizeMm\":14,"
                        + "\"disappearedOn\":\"" + today.minusDays(320) + "\",\"establishedBy\":\"MRI_HBP_DWI\"}],\"status\":\"ACTIVE\","
                        + "\"updatedAt\":\"" + now.minus(300, ChronoUnit.DAYS) + "\"}",
                "{\"type\":\"imaging_report\",\"reportId\":\"OPS-1-I1\",\"patientId\":\"OPS-1\",\"studyAt\":\""
                        + now.minus(3, ChronoUnit.HOURS) + "\",\"modality\":\"MRI_HBP_DWI\",\"status\":\"FINAL\",\"findings\":["
                        + "{\"trackingId\":\"L1\",\"segment\":\"VII\",\"sizeMm\":8,\"status\":\"PRESENT\"}],\"reportedAt\":\""
                        + now.minus(1, ChronoUnit.HOURS) + "\",\"sourceSystem\":\"ris-a\"}",
                "{\"type\":\"enrollment\",\"patientId\":\"OPS-2\",\"enrolledOn\":\"" + enrolled + "\",\"lastChemoDoseOn\":\""
                        + today.minusDays(360) + "\",\"lesions\":[{\"lesionId\":\"L1\",\"segment\":\"II\",\"baselineSizeMm\":9,"
                        + "\"disappearedOn\":\"" + today.minusDays(320) + "\",\"establishedBy\":\"MRI_HBP_DWI\"}],\"status\":\"ACTIVE\","
                        + "\"updatedAt\":\"" + now.minus(300, ChronoUnit.DAYS) + "\"}",
                "{\"type\":\"lab_result\",\"resultId\":\"OPS-2-R1\",\"patientId\":\"OPS-2\",\"loinc\":\"2039-6\",\"value\":2.1,"
                        + "\"unit\":\"ng/mL\",\"referenceHigh\":5.0,\"status\":\"FINAL\",\"collectedAt\":\"" + now.minus(5, ChronoUnit.HOURS)
                        + "\",\"resultedAt\":\"" + now.minus(2, ChronoUnit.HOURS) + "\",\"sourceSystem\":\"lab-a\"}",
                "{\"type\":\"lab_result\",\"resultId\":\"OPS-2-R2\",\"patientId\":\"OPS-2\",\"loinc\":\"718-7\",\"value\":13.2,"
                        + "\"unit\":\"g/dL\",\"status\":\"FINAL\",\"collectedAt\":\"" + now.minus(5, ChronoUnit.HOURS)
                        + "\",\"resultedAt\":\"" + now.minus(2, ChronoUnit.HOURS) + "\",\"sourceSystem\":\"lab-a\"}",
                "{\"type\":\"lab_result\",\"resultId\":\"OPS-2-R3\",\"patientId\":\"OPS-2\",\"loinc\":\"2039-6\",\"value\":2.3,"
                        + "\"unit\":\"furlongs\",\"status\":\"FINAL\",\"collectedAt\":\"" + now.minus(4, ChronoUnit.HOURS)
                        + "\",\"resultedAt\":\"" + now.minus(1, ChronoUnit.HOURS) + "\",\"sourceSystem\":\"lab-a\"}") + "\n";
        Path file = WORK.resolve("cohort.jsonl");
        Files.writeString(file, lines, StandardCharsets.UTF_8);
        assertThat(cli("publish", "--file", file.toString())).contains("published 6 events, rejected 0 lines");

        Map<String, Object> config = new HashMap<>();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers());
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        try (var producer = new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(TopicCatalog.IMAGING_REPORTS.name(), "OPS-3".getBytes(StandardCharsets.UTF_8),
                    "not an Avro record".getBytes(StandardCharsets.UTF_8))).get();
        }
    }

    /** Runs a dlm-watch command in-process against the cluster; returns its output, failing on a non-zero exit. */
    private static String cli(String... args) {
        List<String> command = new java.util.ArrayList<>(List.of(args));
        command.addAll(List.of("--bootstrap-servers", cluster.bootstrapServers(), "--schema-registry-url", cluster.schemaRegistryUrl()));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = DlmWatch.commandLine().setOut(new PrintWriter(out)).setErr(new PrintWriter(err))
                .execute(command.toArray(String[]::new));
        assertThat(exit).as("dlm-watch " + String.join(" ", args) + "\n" + out + err).isZero();
        return out.toString();
    }

    private static List<Sample> scrape(String ops) {
        ServiceProcess.Response response = ServiceProcess.get(ops + "/metrics");
        assertThat(response.status()).as("GET /metrics").isEqualTo(200);
        return MetricNames.parseScrape(response.body());
    }

    /**
     * The series names of a scrape, and the names of their families: a histogram or timer
     * {@code x_seconds} is exported as {@code x_seconds_bucket}, {@code _count}, {@code _sum}, {@code _max}.
     */
    private static Set<String> exported(List<Sample> scrape) {
        Set<String> names = new java.util.HashSet<>();
        for (Sample sample : scrape) {
            names.add(sample.name());
            names.add(sample.name().replaceFirst("_(bucket|count|sum|max)$", ""));
        }
        return names;
    }

    private static double sum(List<Sample> scrape, String name, Map<String, String> labels) {
        return sum(scrape, s -> s.name().equals(name) && s.labels().entrySet().containsAll(labels.entrySet()));
    }

    private static double sum(List<Sample> scrape, Predicate<Sample> which) {
        return scrape.stream().filter(which).mapToDouble(Sample::value).filter(v -> !Double.isNaN(v)).sum();
    }

    /** A users file in the desk's format (NAME ROLE HASH), written by the desk's own Users class. */
    private static Path deskUsersFile() throws Exception {
        return write("desk-users", Users.line("it-clinician", Role.CLINICIAN, "it-password-123".toCharArray()) + "\n");
    }

    private static int freePort() throws java.io.IOException {
        try (var socket = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
