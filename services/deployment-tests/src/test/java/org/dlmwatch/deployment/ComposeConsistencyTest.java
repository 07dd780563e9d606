package org.dlmwatch.deployment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.streams.StreamsConfig;
import org.dlmwatch.deployment.CliModel.Invocation;
import org.dlmwatch.desk.delivery.Channel;
import org.dlmwatch.desk.delivery.DeliveryConfig;
import org.dlmwatch.desk.delivery.PatientData;
import org.dlmwatch.rules.RuleConfig;
import org.junit.jupiter.api.Test;
import picocli.CommandLine.Model.OptionSpec;

/**
 * docker/ against the code, without Docker: compose.yaml parses; every dlm-watch service runs a
 * command of the real CLI model; every DLMWATCH_* variable it sets is one its command reads; its
 * ports, health check, mounts and Prometheus target match the values its options take in that
 * environment; the Kafka cluster is replicated as production needs; Grafana's provisioning holds
 * together. One test method per dlm-watch service.
 */
class ComposeConsistencyTest {

    private static final List<String> BROKERS = List.of("kafka-1", "kafka-2", "kafka-3");
    /** Options whose value is for a browser, where localhost is right. */
    private static final Set<String> BROWSER_FACING = Set.of("--public-url");

    private final Compose compose = Compose.load();
    private final CliModel cli = new CliModel();

    @Test
    void composeFileDeclaresEveryService() {
        assertThat(compose.services().keySet()).containsAll(BROKERS)
                .contains("schema-registry", "init", "engine", "desk", "prometheus", "grafana");
        assertThat(compose.dlmWatchServices()).extracting(Compose.Service::name).containsExactlyInAnyOrder("init", "engine", "desk");
        for (Compose.Service service : compose.dlmWatchServices()) {
            assertThat(service.image()).as(service.name() + " image").isEqualTo("dlm-watch:local");
            assertThat(service.node().path("build").path("context").asText()).as(service.name() + " build context").isEqualTo("..");
        }
    }

    @Test
    void dependenciesWaitForWhatTheyNeed() {
        Map<String, Compose.Service> services = compose.services();
        for (Compose.Service service : services.values()) {
            service.dependsOn().forEach((dependency, condition) -> {
                Compose.Service target = services.get(dependency);
                assertThat(target).as(service.name() + " depends on unknown service " + dependency).isNotNull();
                if (condition.equals("service_healthy")) {
                    assertThat(target.healthcheck()).as(dependency + " needs a healthcheck: " + service.name() + " waits for it")
                            .isNotBlank();
                } else if (condition.equals("service_completed_successfully")) {
                    assertThat(target.node().path("restart").asText("no")).as(dependency + " is one-shot").isEqualTo("no");
                } else {
                    assertThat(condition).as(service.name() + " -> " + dependency).isEqualTo("service_started");
                }
            });
            for (String source : service.mounts().values()) {
                if (source.startsWith("secret:")) {
                    assertThat(compose.declaresSecret(source.substring(7))).as(service.name() + " secret " + source).isTrue();
                } else if (source.startsWith(".") || source.startsWith("/")) {
                    assertThat(Repository.path("docker").resolve(source)).as(service.name() + " mounts " + source).exists();
                } else {
                    assertThat(compose.declaresVolume(source)).as(service.name() + " volume " + source + " is declared").isTrue();
                }
            }
        }
        for (String broker : BROKERS) {
            assertThat(services.get("schema-registry").dependsOn()).containsEntry(broker, "service_healthy");
            assertThat(services.get("init").dependsOn()).containsEntry(broker, "service_healthy");
        }
        assertThat(services.get("init").dependsOn()).containsEntry("schema-registry", "service_healthy");
        for (String service : List.of("engine", "desk")) {
            assertThat(services.get(service).dependsOn()).as(service)
                    .containsEntry("init", "service_completed_successfully")
                    .containsEntry("schema-registry", "service_healthy");
        }
    }

    @Test
    void kafkaIsThreeReplicatedKraftNodesOfTheProjectsKafkaVersion() {
        String kafkaVersion = pomProperty("kafka.version");
        Set<String> nodeIds = new HashSet<>();
        Set<String> clusterIds = new HashSet<>();
        List<String> voters = new ArrayList<>();
        for (String name : BROKERS) {
            Compose.Service broker = compose.service(name);
            Map<String, String> env = broker.environment();
            assertThat(broker.image()).as(name).isEqualTo("apache/kafka:" + kafkaVersion);
            assertThat(env).as(name)
                    .containsEntry("KAFKA_PROCESS_ROLES", "broker,controller")
                    .containsEntry("KAFKA_DEFAULT_REPLICATION_FACTOR", "3")
                    .containsEntry("KAFKA_MIN_INSYNC_REPLICAS", "2")
                    .containsEntry("KAFKA_UNCLEAN_LEADER_ELECTION_ENABLE", "false")
                    .containsEntry("KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR", "3")
                    .containsEntry("KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR", "3")
                    .containsEntry("KAFKA_TRANSACTION_STATE_LOG_MIN_ISR", "2")
                    .containsEntry("KAFKA_AUTO_CREATE_TOPICS_ENABLE", "false")
                    .containsEntry("KAFKA_NUM_PARTITIONS", String.valueOf(org.dlmwatch.platform.topics.TopicCatalog.DEFAULT_PARTITIONS));
            nodeIds.add(env.get("KAFKA_NODE_ID"));
            clusterIds.add(env.get("CLUSTER_ID"));
            voters.add(env.get("KAFKA_CONTROLLER_QUORUM_VOTERS"));
            assertThat(env.get("KAFKA_ADVERTISED_LISTENERS")).as(name).contains("INTERNAL://" + name + ":19092");
            assertThat(broker.mountOf(env.get("KAFKA_LOG_DIRS"))).as(name + " keeps its log on a volume").isPresent();
            assertThat(broker.healthcheck()).as(name).contains("kafka-broker-api-versions.sh --bootstrap-server " + name + ":19092");
        }
        assertThat(nodeIds).as("node ids").hasSize(3);
        assertThat(clusterIds).as("one cluster id").hasSize(1);
        assertThat(new HashSet<>(voters)).as("one quorum").hasSize(1);
        for (String broker : BROKERS) {
            assertThat(voters.get(0)).contains("@" + broker + ":9093");
        }
        Map<String, String> registry = compose.service("schema-registry").environment();
        assertThat(compose.service("schema-registry").image()).startsWith("confluentinc/cp-schema-registry:");
        assertThat(registry).containsEntry("SCHEMA_REGISTRY_KAFKASTORE_TOPIC_REPLICATION_FACTOR", "3")
                .containsEntry("SCHEMA_REGISTRY_SCHEMA_COMPATIBILITY_LEVEL", "BACKWARD");
        for (String broker : BROKERS) {
            assertThat(registry.get("SCHEMA_REGISTRY_KAFKASTORE_BOOTSTRAP_SERVERS")).contains(broker + ":19092");
        }
    }

    @Test
    void initService() {
        Map<String, Map<OptionSpec, String>> commands = checkDlmWatchService("init", List.of("topics create", "schemas register"));
        assertThat(CliModel.value(commands.get("topics create"), "--replication-factor")).isEqualTo("3");
        assertThat(CliModel.value(commands.get("topics create"), "--partitions"))
                .isEqualTo(String.valueOf(org.dlmwatch.platform.topics.TopicCatalog.DEFAULT_PARTITIONS));
        assertThat(CliModel.value(commands.get("schemas register"), "--compatibility")).isEqualTo("BACKWARD");
    }

    @Test
    void engineService() {
        Map<OptionSpec, String> engine = checkDlmWatchService("engine", List.of("engine")).get("engine");
        Compose.Service service = compose.service("engine");
        String stateDir = CliModel.value(engine, "--state-dir");
        assertThat(service.mountOf(stateDir).orElseThrow().getValue()).as("the state store is on a named volume")
                .isEqualTo("engine-state");
        assertThat(CliModel.value(engine, "--auto-register-schemas")).isEqualTo("false");
        assertThat(service.node().path("stop_grace_period").asText()).as("Kafka Streams closes within 30 s")
                .isEqualTo("45s");
    }

    @Test
    void deskService() {
        Map<OptionSpec, String> desk = checkDlmWatchService("desk", List.of("desk")).get("desk");
        Compose.Service service = compose.service("desk");
        assertThat(service.containerPorts()).contains(Integer.parseInt(CliModel.value(desk, "--http-port")));
        assertThat(CliModel.value(desk, "--http-host")).as("the web port is published").isEqualTo("0.0.0.0");
        // credentials are docker secrets made by the operator in docker/secrets/, which git ignores
        for (String option : List.of("--users-file", "--session-secret-file")) {
            String path = CliModel.value(desk, option);
            assertThat(path).as(option).startsWith("/run/secrets/");
            String secret = service.mountOf(path).orElseThrow().getValue().substring("secret:".length());
            assertThat(compose.root().path("secrets").path(secret).path("file").asText()).as("secret " + secret)
                    .startsWith("./secrets/");
        }
        assertThat(Repository.read("docker/secrets/.gitignore")).as("nothing in docker/secrets/ is committed")
                .containsPattern("(?m)^\\*$");
        // the delivery configuration is a file of docker/config/ (checked in mountedConfigurationFilesAreValid)
        String delivery = CliModel.value(desk, "--delivery-config");
        assertThat(service.mountOf(delivery)).get().extracting(Map.Entry::getValue)
                .isEqualTo("./config/" + Path.of(delivery).getFileName());
        assertThat(service.node().path("stop_grace_period").asText()).isEqualTo("45s");
    }

    @Test
    void prometheusScrapesServicesOfTheComposeFile() {
        Map<String, Monitoring.ScrapeJob> jobs = Monitoring.scrapeJobs();
        assertThat(jobs).containsKeys(Monitoring.ENGINE_JOB, Monitoring.DESK_JOB);
        for (Monitoring.ScrapeJob job : jobs.values()) {
            for (String target : job.targets()) {
                String host = target.substring(0, target.indexOf(':'));
                assertThat(host.equals("localhost") || compose.services().containsKey(host))
                        .as("job " + job.name() + " target " + target + " is a compose service").isTrue();
            }
        }
        Compose.Service prometheus = compose.service("prometheus");
        assertThat(prometheus.mountOf("/etc/prometheus/prometheus.yml")).get()
                .extracting(Map.Entry::getValue).isEqualTo("./prometheus/prometheus.yml");
        JsonNode config = Compose.readYaml(Repository.path(Monitoring.PROMETHEUS));
        for (JsonNode ruleFile : config.path("rule_files")) {
            assertThat(prometheus.mountOf(ruleFile.asText())).as("rule file " + ruleFile.asText() + " is mounted").isPresent();
        }
        for (Monitoring.Expression e : Monitoring.allExpressions()) {
            assertThat(e.jobs()).as(e.where() + " selects one known job: " + e.expr()).hasSize(1);
            assertThat(jobs).as(e.where()).containsKeys(e.jobs().toArray(String[]::new));
        }
    }

    @Test
    void grafanaProvisioningHoldsTogether() {
        Compose.Service grafana = compose.service("grafana");
        JsonNode datasources = Compose.readYaml(Repository.path("docker/grafana/provisioning/datasources/prometheus.yaml"));
        JsonNode datasource = datasources.path("datasources").get(0);
        assertThat(datasource.path("type").asText()).isEqualTo("prometheus");
        assertThat(datasource.path("url").asText()).as("the compose Prometheus").isEqualTo("http://prometheus:9090");
        assertThat(compose.service("prometheus").containerPorts()).contains(9090);
        assertThat(grafana.mountOf("/etc/grafana/provisioning/datasources/prometheus.yaml")).isPresent();

        JsonNode providers = Compose.readYaml(Repository.path("docker/grafana/provisioning/dashboards/dlm-watch.yaml"));
        String path = providers.path("providers").get(0).path("options").path("path").asText();
        assertThat(grafana.mountOf(path)).get().extracting(Map.Entry::getValue).isEqualTo("./grafana/dashboards");
        assertThat(grafana.environment().get("GF_DASHBOARDS_DEFAULT_HOME_DASHBOARD_PATH")).isEqualTo(path + "/dlm-watch.json");

        JsonNode dashboard = Monitoring.dashboard();
        String uid = datasource.path("uid").asText();
        Set<String> metrics = new TreeSet<>();
        for (JsonNode panel : Monitoring.allPanels(dashboard)) {
            if (panel.path("type").asText().equals("row")) {
                continue;
            }
            assertThat(panel.path("datasource").path("uid").asText()).as("panel " + panel.path("title")).isEqualTo(uid);
            assertThat(panel.path("targets").size()).as("panel " + panel.path("title") + " has queries").isPositive();
            for (JsonNode target : panel.path("targets")) {
                assertThat(target.path("datasource").path("uid").asText()).isEqualTo(uid);
                metrics.addAll(MetricNames.inPromQl(target.path("expr").asText()));
            }
        }
        // the views the operators asked for (issue 5): input rates, lag, alerts by type, dead letters,
        // latency p95/p99, delivery retries, open alerts by severity
        assertThat(metrics).contains("dlmwatch_engine_input_records_total", "kafka_consumer_fetch_manager_records_lag",
                "dlmwatch_engine_alerts_emitted_total", "dlmwatch_engine_dead_letters_total",
                "dlmwatch_engine_alert_latency_seconds_bucket", "dlmwatch_desk_delivery_retries_total",
                "dlmwatch_desk_open_alerts", "dlmwatch_desk_delivery_attempts_total",
                "dlmwatch_desk_delivery_delivered_total");
        String dashboardText = Repository.read(Monitoring.DASHBOARD);
        assertThat(dashboardText).contains("histogram_quantile(0.95", "histogram_quantile(0.99", "sum by (type");
    }

    @Test
    void imageRunsTheCliAsANonRootUser() {
        String dockerfile = Repository.read("docker/Dockerfile");
        assertThat(dockerfile).containsPattern("(?m)^FROM maven:\\S+ AS build$").containsPattern("(?m)^FROM eclipse-temurin:17-jre$")
                .contains("-pl services/cli -am package")
                .containsPattern("(?m)^USER 10001:10001$")
                .containsPattern("(?m)^ENTRYPOINT \\[\"" + Compose.CLI + "\"]$")
                .contains("COPY --chmod=755 docker/dlm-watch /usr/local/bin/" + Compose.CLI);
        assertThat(dockerfile).as("the image sets no dlm-watch setting: compose.yaml does, per service")
                .doesNotContainPattern("(?m)^ENV\\s+DLMWATCH_");
        Matcher jar = Pattern.compile("COPY --from=build \\S+ (\\S+\\.jar)").matcher(dockerfile);
        assertThat(jar.find()).isTrue();
        assertThat(Repository.read("docker/dlm-watch")).contains("exec java $JAVA_OPTS -jar " + jar.group(1) + " \"$@\"");
        assertThat(Repository.path("docker/Dockerfile.dockerignore")).exists();
    }

    @Test
    void mountedConfigurationFilesAreValid() throws IOException {
        Properties kafka = properties(Repository.path("docker/config/kafka-client.properties"));
        Set<String> known = new TreeSet<>();
        known.addAll(ProducerConfig.configNames());
        known.addAll(ConsumerConfig.configNames());
        known.addAll(AdminClientConfig.configNames());
        known.addAll(StreamsConfig.configDef().names());
        assertThat(kafka.stringPropertyNames()).as("Kafka client settings").isSubsetOf(known)
                .doesNotContain("bootstrap.servers");
        Properties rules = properties(Repository.path("docker/config/rules.properties"));
        RuleConfig.fromProperties(rules); // throws on an unknown or invalid setting

        // the desk's delivery: the desk's own parser; channels that deliver, at addresses of the network
        DeliveryConfig delivery = DeliveryConfig.load(Repository.path("docker/config/delivery.properties"));
        assertThat(delivery.enabled()).isTrue();
        assertThat(delivery.raisedChannels()).isNotEmpty();
        assertThat(delivery.escalationChannel()).isNotNull();
        assertThat(delivery.channels().values()).extracting(c -> c.getClass().getSimpleName())
                .as("a webhook and an email channel").contains("Webhook", "Email");
        for (Channel channel : delivery.channels().values()) {
            String host = channel instanceof Channel.Webhook w ? w.url().getHost() : ((Channel.Email) channel).smtpHost();
            assertThat(host).as("channel " + channel.name() + ": a container must not point at itself")
                    .isNotBlank().doesNotContain("127.0.0.1", "localhost");
            assertThat(channel.patientData()).as("channel " + channel.name()).isEqualTo(PatientData.NONE);
        }
        Properties deliveryKeys = properties(Repository.path("docker/config/delivery.properties"));
        assertThat(deliveryKeys.stringPropertyNames()).as("credentials stay out of git")
                .noneMatch(key -> key.endsWith(".password") || key.toLowerCase(java.util.Locale.ROOT).endsWith(".header.authorization"));
    }

    /**
     * Everything a dlm-watch service must get right, checked against the CLI model: its command
     * lines parse to the expected commands; each DLMWATCH_* variable it sets is read by one of them;
     * no option still points at this machine; path options lie on mounts; ports, health check and
     * Prometheus target use the ports the options take. Returns each command's resolved options.
     */
    private Map<String, Map<OptionSpec, String>> checkDlmWatchService(String name, List<String> expectedCommands) {
        Compose.Service service = compose.service(name);
        Map<String, String> env = service.environment();
        List<Invocation> invocations = new ArrayList<>();
        for (List<String> args : service.invocations()) {
            try {
                invocations.add(cli.parse(args));
            } catch (RuntimeException e) {
                fail(name + " runs 'dlm-watch " + String.join(" ", args) + "', which the CLI does not accept: " + e.getMessage());
            }
        }
        assertThat(invocations).extracting(Invocation::name).as(name + " commands").containsExactlyElementsOf(expectedCommands);

        Set<String> read = new TreeSet<>();
        invocations.forEach(i -> read.addAll(cli.environmentRead(i.command())));
        for (String variable : env.keySet()) {
            if (variable.startsWith("DLMWATCH_")) {
                assertThat(read).as(name + " sets " + variable + ", which none of " + expectedCommands + " reads").contains(variable);
            } else {
                assertThat(variable).as(name + " sets a variable the image does not read").isEqualTo("JAVA_OPTS");
            }
        }

        Map<String, Map<OptionSpec, String>> resolvedByCommand = new LinkedHashMap<>();
        Set<Integer> ports = new TreeSet<>();
        Integer opsPort = null;
        for (Invocation invocation : invocations) {
            Map<OptionSpec, String> resolved = cli.resolve(invocation, env);
            resolvedByCommand.put(invocation.name(), resolved);
            for (Map.Entry<OptionSpec, String> option : resolved.entrySet()) {
                String optionName = option.getKey().longestName();
                String value = option.getValue();
                if (value == null) {
                    continue;
                }
                String where = name + " (" + invocation.name() + ") " + optionName + "=" + value;
                if (!BROWSER_FACING.contains(optionName)) {
                    assertThat(value).as(where + ": a container must not point at itself").doesNotContain("127.0.0.1", "localhost");
                }
                if (CliModel.isPath(option.getKey())) {
                    assertThat(value).as(where + " must be absolute").startsWith("/");
                    assertThat(service.mountOf(value)).as(where + " must lie on a mount of the service").isPresent();
                }
                if (CliModel.isPort(option.getKey())) {
                    ports.add(Integer.parseInt(value));
                    if (optionName.contains("ops-port")) {
                        opsPort = Integer.parseInt(value);
                    }
                }
                if (optionName.equals("--bootstrap-servers")) {
                    assertThat(Set.of(value.split(","))).as(where).containsExactlyInAnyOrderElementsOf(
                            BROKERS.stream().map(b -> b + ":19092").toList());
                }
                if (optionName.equals("--schema-registry-url")) {
                    assertThat(value).as(where).isEqualTo("http://schema-registry:8081");
                }
                if (optionName.equals("--ops-host")) {
                    assertThat(value).as(where + ": Prometheus and the health check reach it from outside").isEqualTo("0.0.0.0");
                }
            }
        }
        assertThat(service.containerPorts()).as(name + " publishes only ports its options open").isSubsetOf(ports);
        if (opsPort == null) {
            assertThat(service.healthcheck()).as(name + " runs no service: no health check").isEmpty();
            assertThat(service.node().path("restart").asText()).as(name + " is one-shot").isEqualTo("no");
            return resolvedByCommand;
        }
        assertThat(service.containerPorts()).as(name + " publishes its ops port").contains(opsPort);
        assertThat(service.healthcheck()).as(name + " health check").contains("http://127.0.0.1:" + opsPort + "/health/ready");
        String target = name + ":" + opsPort;
        assertThat(Monitoring.scrapeJobs().values()).as("Prometheus scrapes " + target + "/metrics")
                .anySatisfy(job -> {
                    assertThat(job.targets()).contains(target);
                    assertThat(job.metricsPath()).isEqualTo("/metrics");
                });
        return resolvedByCommand;
    }

    private static Properties properties(Path file) throws IOException {
        Properties p = new Properties();
        try (Reader in = Files.newBufferedReader(file)) {
            p.load(in);
        }
        return p;
    }

    static String pomProperty(String name) {
        Matcher m = Pattern.compile("<" + Pattern.quote(name) + ">([^<]+)</").matcher(Repository.read("pom.xml"));
        if (!m.find()) {
            throw new AssertionError("no property " + name + " in pom.xml");
        }
        return m.group(1);
    }
}
