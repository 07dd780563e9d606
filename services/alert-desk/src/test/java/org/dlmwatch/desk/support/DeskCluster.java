package org.dlmwatch.desk.support;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.admin.Admin;
import org.dlmwatch.desk.DeskSettings;
import org.dlmwatch.desk.auth.Role;
import org.dlmwatch.desk.auth.Users;
import org.dlmwatch.local.LocalCluster;
import org.dlmwatch.platform.kafka.EventPublisher;
import org.dlmwatch.platform.topics.TopicCatalog;
import org.dlmwatch.platform.topics.TopicCreator;
import org.dlmwatch.platform.topics.TopicSpec;
import org.dlmwatch.platform.topics.Topics;
import org.dlmwatch.registry.HttpSchemaRegistryClient;

/**
 * What the desk's integration tests share: the topics on the shared local cluster, a publisher, a
 * users file (clinician, viewer, ops; cheap hashes so that sign-in is fast in tests), settings.
 */
public final class DeskCluster implements AutoCloseable {

    public static final String PASSWORD = "correct horse battery";

    private final LocalCluster cluster;
    private final EventPublisher publisher;
    private final Path usersFile;

    public DeskCluster(LocalCluster cluster, Path dir) throws IOException {
        this.cluster = cluster;
        try (Admin admin = Admin.create(kafka())) {
            new TopicCreator(admin).createAll(TopicCatalog.ALL, (short) 1);
        }
        Topics topics = new Topics(new HttpSchemaRegistryClient(cluster.schemaRegistryUrl()), true);
        this.publisher = new EventPublisher(kafka(), topics, true);
        Files.createDirectories(dir);
        this.usersFile = dir.resolve("users.txt");
        Files.writeString(usersFile, String.join("\n",
                "# test users",
                Users.line("clara", Role.CLINICIAN, PASSWORD.toCharArray(), 1000),
                Users.line("victor", Role.VIEWER, PASSWORD.toCharArray(), 1000),
                Users.line("olga", Role.OPS, PASSWORD.toCharArray(), 1000)) + "\n");
    }

    public Map<String, Object> kafka() {
        return Map.of("bootstrap.servers", cluster.bootstrapServers());
    }

    public DeskSettings settings(String groupId) {
        return DeskSettings.defaults(kafka(), cluster.schemaRegistryUrl(), usersFile)
                .withAutoRegisterSchemas(true)
                .withHttp("127.0.0.1", 0)
                .withGroupId(groupId)
                .withDisplayZone(java.time.ZoneOffset.UTC);
    }

    public void publish(TopicSpec topic, String key, SpecificRecord record) {
        try {
            publisher.send(topic, key, record).get();
        } catch (Exception e) {
            throw new IllegalStateException("could not publish", e);
        }
    }

    public void publishAll(TopicSpec topic, List<? extends SpecificRecord> records, java.util.function.Function<SpecificRecord, String> key) {
        records.forEach(r -> publish(topic, key.apply(r), r));
    }

    public Path usersFile() {
        return usersFile;
    }

    public LocalCluster cluster() {
        return cluster;
    }

    @Override
    public void close() {
        publisher.close();
    }
}
