package org.dlmwatch.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The shared test cluster: Kafka with exactly-once settings, and the registry in BACKWARD mode. */
@WithLocalCluster
class LocalClusterIT {

    private static Admin admin;

    @BeforeAll
    static void connect(LocalCluster cluster) {
        admin = Admin.create(Map.of("bootstrap.servers", cluster.bootstrapServers()));
    }

    @org.junit.jupiter.api.AfterAll
    static void disconnect() {
        admin.close();
    }

    @Test
    void runsUnderTheConfiguredDataDirOnLoopback(LocalCluster cluster) {
        assertThat(cluster.isRunning()).isTrue();
        assertThat(cluster.bootstrapServers()).startsWith("127.0.0.1:");
        assertThat(cluster.schemaRegistryUrl()).matches("http://127\\.0\\.0\\.1:\\d+/apis/ccompat/v7");
        String configured = System.getProperty(LocalClusterExtension.DATA_DIR_PROPERTY);
        if (configured != null) {
            assertThat(cluster.dataDir()).isEqualTo(Paths.get(configured).toAbsolutePath().normalize());
        }
        assertThat(cluster.kafka().dataDir()).isEqualTo(cluster.dataDir().resolve("kafka"));
        assertThat(cluster.registry().workDir()).isEqualTo(cluster.dataDir().resolve("registry"));
        assertThat(cluster.registry().logFile()).exists();
        assertThat(LocalClusterExtension.Holder.STARTS.get()).as("cluster starts in this JVM").isEqualTo(1);
    }

    @Test
    void topicsAreNeverCreatedImplicitly() throws Exception {
        Config broker = admin.describeConfigs(List.of(new ConfigResource(ConfigResource.Type.BROKER, "1")))
                .all().get(30, TimeUnit.SECONDS).values().iterator().next();
        assertThat(broker.get("auto.create.topics.enable").value()).isEqualTo("false");
        assertThat(broker.get("transaction.state.log.replication.factor").value()).isEqualTo("1");
        assertThat(broker.get("transaction.state.log.min.isr").value()).isEqualTo("1");
        assertThat(broker.get("offsets.topic.replication.factor").value()).isEqualTo("1");
        assertThat(broker.get("group.initial.rebalance.delay.ms").value()).isEqualTo("0");
        assertThat(admin.listTopics().names().get(30, TimeUnit.SECONDS)).doesNotContain("never-created");
    }

    @Test
    void idempotentProducerAndConsumerRoundTrip(LocalCluster cluster) throws Exception {
        String topic = "it-idempotent";
        admin.createTopics(List.of(new NewTopic(topic, 2, (short) 1))).all().get(30, TimeUnit.SECONDS);

        // clinical event time, years in the past: accepted, and topics keep it (no time-based retention)
        long eventTime = Instant.parse("2019-03-14T09:00:00Z").toEpochMilli();
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(producerConfig(cluster, null))) {
            for (int i = 0; i < 10; i++) {
                producer.send(new ProducerRecord<>(topic, null, eventTime, "patient-" + (i % 3), "event-" + i)).get();
            }
        }
        List<ConsumerRecord<String, String>> records = consume(cluster, topic, "read_uncommitted", 10);
        assertThat(records).extracting(ConsumerRecord::value).containsExactlyInAnyOrder(
                "event-0", "event-1", "event-2", "event-3", "event-4", "event-5", "event-6", "event-7", "event-8", "event-9");
        assertThat(records).allSatisfy(r -> assertThat(r.timestamp()).isEqualTo(eventTime));

        Config topicConfig = admin.describeConfigs(List.of(new ConfigResource(ConfigResource.Type.TOPIC, topic)))
                .all().get(30, TimeUnit.SECONDS).values().iterator().next();
        assertThat(topicConfig.get("retention.ms").value()).isEqualTo("-1");
    }

    @Test
    void transactionalProducerAndReadCommittedConsumer(LocalCluster cluster) throws Exception {
        String topic = "it-transactions";
        admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get(30, TimeUnit.SECONDS);

        try (KafkaProducer<String, String> producer = new KafkaProducer<>(producerConfig(cluster, "it-tx-1"))) {
            producer.initTransactions();

            producer.beginTransaction();
            producer.send(new ProducerRecord<>(topic, "k", "committed-1"));
            producer.send(new ProducerRecord<>(topic, "k", "committed-2"));
            producer.commitTransaction();

            producer.beginTransaction();
            producer.send(new ProducerRecord<>(topic, "k", "aborted"));
            producer.flush();
            producer.abortTransaction();

            producer.beginTransaction();
            producer.send(new ProducerRecord<>(topic, "k", "committed-3"));
            producer.commitTransaction();
        }

        List<ConsumerRecord<String, String>> committed = consume(cluster, topic, "read_committed", 3);
        assertThat(committed).extracting(ConsumerRecord::value)
                .containsExactly("committed-1", "committed-2", "committed-3");
        assertThat(admin.listTopics(new org.apache.kafka.clients.admin.ListTopicsOptions().listInternal(true))
                .names().get(30, TimeUnit.SECONDS)).contains("__transaction_state", "__consumer_offsets");
    }

    @Test
    void brokerLoggerConfigDoesNotNeedLog4jCore() throws Exception {
        // Kafka's logging endpoint falls back to a no-op without log4j-core; it must answer, not crash
        Map<ConfigResource, Config> loggers = admin.describeConfigs(
                List.of(new ConfigResource(ConfigResource.Type.BROKER_LOGGER, "1"))).all().get(30, TimeUnit.SECONDS);
        assertThat(loggers).hasSize(1);
    }

    @Test
    void registryEnforcesBackwardCompatibility(LocalCluster cluster) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        String url = cluster.schemaRegistryUrl();
        assertThat(get(http, url + "/config").body()).contains("\"compatibilityLevel\":\"BACKWARD\"");

        String subject = "it-patient-value";
        String v1 = "{\"type\":\"record\",\"name\":\"Patient\",\"namespace\":\"it\",\"fields\":[{\"name\":\"id\",\"type\":\"string\"}]}";
        // adding a field without default breaks BACKWARD (new readers cannot read old data)
        String incompatible = "{\"type\":\"record\",\"name\":\"Patient\",\"namespace\":\"it\",\"fields\":["
                + "{\"name\":\"id\",\"type\":\"string\"},{\"name\":\"mrn\",\"type\":\"string\"}]}";
        String compatible = "{\"type\":\"record\",\"name\":\"Patient\",\"namespace\":\"it\",\"fields\":["
                + "{\"name\":\"id\",\"type\":\"string\"},{\"name\":\"mrn\",\"type\":[\"null\",\"string\"],\"default\":null}]}";

        assertThat(register(http, url, subject, v1).statusCode()).isEqualTo(200);
        assertThat(register(http, url, subject, incompatible).statusCode()).isEqualTo(409);
        assertThat(register(http, url, subject, compatible).statusCode()).isEqualTo(200);
        assertThat(get(http, url + "/subjects/" + subject + "/versions").body()).isEqualTo("[1,2]");

        // ids are content ids, as in Confluent's registry: the same schema under two subjects, one id
        String idA = register(http, url, "it-same-a-value", v1).body();
        String idB = register(http, url, "it-same-b-value", v1).body();
        assertThat(idA).matches("\\{\"id\":\\d+}").isEqualTo(idB);
    }

    private static HttpResponse<String> register(HttpClient http, String url, String subject, String avro) throws Exception {
        String body = "{\"schema\":" + jsonString(avro) + "}";
        return http.send(HttpRequest.newBuilder(URI.create(url + "/subjects/" + subject + "/versions"))
                        .header("Content-Type", "application/vnd.schemaregistry.v1+json")
                        .POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> get(HttpClient http, String url) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String jsonString(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    static Map<String, Object> producerConfig(LocalCluster cluster, String transactionalId) {
        Map<String, Object> c = new java.util.HashMap<>();
        c.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers());
        c.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        c.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        c.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        c.put(ProducerConfig.ACKS_CONFIG, "all");
        if (transactionalId != null) {
            c.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId);
        }
        return c;
    }

    static List<ConsumerRecord<String, String>> consume(LocalCluster cluster, String topic, String isolation, int expected) {
        Map<String, Object> c = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "it-" + topic + "-" + isolation,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, isolation,
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        List<ConsumerRecord<String, String>> out = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(c)) {
            consumer.subscribe(Set.of(topic));
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (out.size() < expected && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(out::add);
            }
            // nothing more arrives (e.g. an aborted record)
            consumer.poll(Duration.ofMillis(500)).forEach(out::add);
            consumer.commitSync();
        }
        return out;
    }
}
