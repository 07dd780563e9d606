package org.dlmwatch.local;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A single-node Apache Kafka broker, running in this JVM in KRaft combined mode (one process that is
 * both broker and controller), listening on 127.0.0.1 only. For local runs, development and tests;
 * never for production.
 *
 * <p>Settings: one partition and replication factor 1 everywhere (including the internal
 * {@code __consumer_offsets} and {@code __transaction_state} topics, with
 * {@code transaction.state.log.min.isr=1}, so idempotent and {@code exactly_once_v2} clients work),
 * {@code auto.create.topics.enable=false} (topics are always created explicitly),
 * {@code group.initial.rebalance.delay.ms=0}, and no time-based retention
 * ({@code log.retention.ms=-1}): the project writes events with their clinical event time as record
 * timestamp, often years in the past, and time-based retention would delete them within minutes.
 * {@link #withBrokerProperty(String, String)} overrides any of them.
 *
 * <p>Data lives in {@code dataDir}. A directory already formatted by an earlier run is reused (topics
 * and records survive a restart); an empty or missing one is formatted with a new cluster id.
 *
 * <pre>{@code
 * try (EmbeddedKafkaBroker kafka = new EmbeddedKafkaBroker(dir).start()) {
 *     String bootstrap = kafka.bootstrapServers();
 * }
 * }</pre>
 *
 * <p>Not thread-safe: start and close it from one thread.
 */
public final class EmbeddedKafkaBroker implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedKafkaBroker.class);

    /** Host of every listener; the broker is never reachable from another machine. */
    public static final String HOST = "127.0.0.1";

    static final int NODE_ID = 1;
    private static final String CONTROLLER_LISTENER = "CONTROLLER";
    private static final String BROKER_LISTENER = "PLAINTEXT";
    /** Attempts when a free port, probed before start, is taken by someone else in the meantime. */
    private static final int BIND_ATTEMPTS = 3;

    private final Path dataDir;
    private final int requestedPort;
    private final Map<String, String> overrides = new LinkedHashMap<>();
    private Duration startupTimeout = Duration.ofSeconds(60);

    private KafkaRaftServer server;
    private int port = -1;
    private int controllerPort = -1;

    /** A broker on a free port with its data in {@code dataDir}. */
    public EmbeddedKafkaBroker(Path dataDir) {
        this(dataDir, 0);
    }

    /**
     * A broker on {@code port} (0 picks a free port) with its data in {@code dataDir}. The controller
     * listener always takes a free port.
     */
    public EmbeddedKafkaBroker(Path dataDir, int port) {
        this.dataDir = Objects.requireNonNull(dataDir, "dataDir").toAbsolutePath().normalize();
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be 0..65535: " + port);
        }
        this.requestedPort = port;
    }

    /** Overrides or adds a broker property (before {@link #start()}). */
    public EmbeddedKafkaBroker withBrokerProperty(String name, String value) {
        requireNotStarted();
        overrides.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(value, "value"));
        return this;
    }

    /** How long {@link #start()} waits for the broker to answer; 60 s by default. */
    public EmbeddedKafkaBroker withStartupTimeout(Duration timeout) {
        requireNotStarted();
        this.startupTimeout = Objects.requireNonNull(timeout, "timeout");
        return this;
    }

    /**
     * Formats the data directory if needed, starts the broker and blocks until it answers a
     * {@code describeCluster} request.
     *
     * @return this
     * @throws IllegalStateException if already started, or if the broker could not start
     */
    public EmbeddedKafkaBroker start() {
        requireNotStarted();
        if (requestedPort != 0 && !FreePorts.isFree(requestedPort)) {
            throw new IllegalStateException("Cannot start the Kafka broker: port " + requestedPort + " on " + HOST
                    + " is already in use");
        }
        KafkaLogging.quietDefaults();
        long t0 = System.nanoTime();
        createDirectories(dataDir);
        RuntimeException last = null;
        int attempts = requestedPort == 0 ? BIND_ATTEMPTS : 1;
        for (int attempt = 1; attempt <= attempts; attempt++) {
            int brokerPort = requestedPort != 0 ? requestedPort
                    // on a restart, keep the previous port when it is still free
                    : attempt == 1 && port > 0 && FreePorts.isFree(port) ? port : FreePorts.find();
            int ctrlPort = FreePorts.find(brokerPort);
            try {
                startOnce(brokerPort, ctrlPort);
                awaitReady();
                LOG.info("Kafka broker up at {} in {} ms (data {})", bootstrapServers(),
                        TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0), dataDir);
                return this;
            } catch (RuntimeException e) {
                last = e;
                stopQuietly();
                if (!isBindFailure(e)) {
                    break;
                }
                LOG.warn("Kafka broker could not bind port {} or {} (attempt {}/{}): {}", brokerPort, ctrlPort,
                        attempt, attempts, e.toString());
            }
        }
        throw new IllegalStateException("Kafka broker did not start (data " + dataDir + "): " + last, last);
    }

    private void startOnce(int brokerPort, int ctrlPort) {
        Properties props = brokerProperties(brokerPort, ctrlPort);
        KafkaConfig config = KafkaConfig.fromProps(props, false);
        format(config);
        KafkaRaftServer s = new KafkaRaftServer(config, Time.SYSTEM);
        this.server = s;
        this.port = brokerPort;
        this.controllerPort = ctrlPort;
        s.startup();
    }

    /** The effective broker configuration for the given ports (visible for tests). */
    Properties brokerProperties(int brokerPort, int ctrlPort) {
        String logDir = dataDir.toString();
        Properties p = new Properties();
        p.put("process.roles", "broker,controller");
        p.put("node.id", String.valueOf(NODE_ID));
        p.put("controller.quorum.voters", NODE_ID + "@" + HOST + ":" + ctrlPort);
        p.put("controller.listener.names", CONTROLLER_LISTENER);
        p.put("listeners", BROKER_LISTENER + "://" + HOST + ":" + brokerPort + ","
                + CONTROLLER_LISTENER + "://" + HOST + ":" + ctrlPort);
        p.put("advertised.listeners", BROKER_LISTENER + "://" + HOST + ":" + brokerPort);
        p.put("listener.security.protocol.map", BROKER_LISTENER + ":PLAINTEXT," + CONTROLLER_LISTENER + ":PLAINTEXT");
        p.put("inter.broker.listener.name", BROKER_LISTENER);
        p.put("log.dirs", logDir);
        p.put("metadata.log.dir", logDir);

        // one node: everything replicated once
        p.put("auto.create.topics.enable", "false");
        p.put("num.partitions", "1");
        p.put("default.replication.factor", "1");
        p.put("min.insync.replicas", "1");
        p.put("offsets.topic.replication.factor", "1");
        p.put("offsets.topic.num.partitions", "1");
        p.put("transaction.state.log.replication.factor", "1");
        p.put("transaction.state.log.min.isr", "1");
        p.put("transaction.state.log.num.partitions", "1");
        p.put("share.coordinator.state.topic.replication.factor", "1");
        p.put("share.coordinator.state.topic.min.isr", "1");
        p.put("share.coordinator.state.topic.num.partitions", "1");

        // fast and light for a laptop or a CI box with 2 cores
        p.put("group.initial.rebalance.delay.ms", "0");
        p.put("group.streams.initial.rebalance.delay.ms", "0");
        p.put("num.network.threads", "2");
        p.put("num.io.threads", "2");
        p.put("background.threads", "2");
        p.put("num.recovery.threads.per.data.dir", "1");
        p.put("log.cleaner.threads", "1");
        p.put("log.cleaner.dedupe.buffer.size", String.valueOf(8 * 1024 * 1024));
        p.put("log.segment.bytes", String.valueOf(16 * 1024 * 1024));
        p.put("offsets.topic.segment.bytes", String.valueOf(16 * 1024 * 1024));
        p.put("transaction.state.log.segment.bytes", String.valueOf(16 * 1024 * 1024));
        // event timestamps are clinical dates, often years old: never delete by time
        p.put("log.retention.ms", "-1");

        overrides.forEach(p::put);
        return p;
    }

    private void format(KafkaConfig config) {
        if (Files.exists(dataDir.resolve("meta.properties"))) {
            LOG.debug("Reusing formatted Kafka data directory {}", dataDir);
            return;
        }
        try (PrintStream quiet = new PrintStream(OutputStream.nullOutputStream())) {
            new Formatter()
                    .setPrintStream(quiet)
                    .setNodeId(NODE_ID)
                    .setClusterId(Uuid.randomUuid().toString())
                    .setControllerListenerName(CONTROLLER_LISTENER)
                    .setMetadataLogDirectory(config.metadataLogDir())
                    .addDirectory(dataDir.toString())
                    .run();
        } catch (Exception e) {
            throw new IllegalStateException("Could not format Kafka data directory " + dataDir + ": " + e, e);
        }
    }

    private void awaitReady() {
        long deadline = System.nanoTime() + startupTimeout.toNanos();
        Map<String, Object> conf = Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(),
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10_000);
        Exception last = null;
        try (Admin admin = Admin.create(conf)) {
            while (System.nanoTime() < deadline) {
                try {
                    if (!admin.describeCluster().nodes().get(5, TimeUnit.SECONDS).isEmpty()) {
                        return;
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("Interrupted while waiting for the Kafka broker", e);
                } catch (Exception e) {
                    last = e;
                }
                sleep(100);
            }
        }
        throw new IllegalStateException("Kafka broker at " + bootstrapServers() + " did not answer within "
                + startupTimeout.toSeconds() + " s", last);
    }

    /** {@code 127.0.0.1:PORT}, for {@code bootstrap.servers}. */
    public String bootstrapServers() {
        requireStarted();
        return HOST + ":" + port;
    }

    /** The broker (client) port. */
    public int port() {
        requireStarted();
        return port;
    }

    /** The KRaft controller port (clients never need it). */
    public int controllerPort() {
        requireStarted();
        return controllerPort;
    }

    /** The log and metadata directory. */
    public Path dataDir() {
        return dataDir;
    }

    /** True between a successful {@link #start()} and {@link #close()}. */
    public boolean isRunning() {
        return server != null;
    }

    /** Stops the broker and waits until its threads and ports are released. Idempotent. */
    @Override
    public void close() {
        if (server == null) {
            return;
        }
        long t0 = System.nanoTime();
        stopQuietly();
        LOG.info("Kafka broker stopped in {} ms", TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0));
    }

    private void stopQuietly() {
        KafkaRaftServer s = server;
        server = null;
        if (s == null) {
            return;
        }
        try {
            s.shutdown();
            s.awaitShutdown();
        } catch (RuntimeException e) {
            LOG.warn("Error while stopping the Kafka broker", e);
        }
    }

    private static boolean isBindFailure(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof java.net.BindException) {
                return true;
            }
            String m = t.getMessage();
            if (m != null && (m.contains("Address already in use") || m.contains("failed to bind"))) {
                return true;
            }
        }
        return false;
    }

    private void requireNotStarted() {
        if (server != null) {
            throw new IllegalStateException("Kafka broker already started at " + bootstrapServers());
        }
    }

    private void requireStarted() {
        if (server == null) {
            throw new IllegalStateException("Kafka broker not started");
        }
    }

    private static void createDirectories(Path dir) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create " + dir, e);
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted", e);
        }
    }

    @Override
    public String toString() {
        return "EmbeddedKafkaBroker[" + (server == null ? "not running" : HOST + ":" + port) + ", " + dataDir + "]";
    }
}
