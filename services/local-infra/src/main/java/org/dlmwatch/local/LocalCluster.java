package org.dlmwatch.local;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A throwaway local Kafka + schema registry: an {@link EmbeddedKafkaBroker} in this JVM and an
 * {@link ApicurioRegistryProcess} child process, both on 127.0.0.1, under one data folder:
 * {@code <dataDir>/kafka} and {@code <dataDir>/registry}. For local runs, development and tests only;
 * pointing the application at an existing cluster is the CLI's business, not this class's.
 *
 * <p>{@link #start()} begins from empty state every time: it deletes {@code <dataDir>/kafka} and
 * {@code <dataDir>/registry} (nothing else in {@code dataDir}), because the registry keeps its schemas
 * in memory, and Kafka records kept from an earlier run would carry schema ids the new registry does
 * not know. Both are started in parallel. While it runs, the cluster holds a lock file
 * ({@code <dataDir>/local-cluster.lock}), so a second cluster on the same folder, in this JVM or
 * another, fails fast instead of wiping the first one's data.
 *
 * <pre>{@code
 * try (LocalCluster cluster = new LocalCluster(Path.of("target/local")).start()) {
 *     props.put("bootstrap.servers", cluster.bootstrapServers());
 *     props.put("schema.registry.url", cluster.schemaRegistryUrl());
 * }
 * }</pre>
 */
public final class LocalCluster implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LocalCluster.class);

    /** Sub-folder of the data folder for Kafka's logs and metadata. */
    public static final String KAFKA_DIR = "kafka";
    /** Sub-folder of the data folder for the registry's log file and scratch files. */
    public static final String REGISTRY_DIR = "registry";

    private final Path dataDir;
    private final EmbeddedKafkaBroker kafka;
    private final ApicurioRegistryProcess registry;
    private Duration startupDuration;
    private boolean running;
    private DataDirLock lock;

    /** A cluster on free ports under {@code dataDir}. */
    public LocalCluster(Path dataDir) {
        this(dataDir, 0, 0);
    }

    /** A cluster under {@code dataDir} on the given ports (0 picks a free port). */
    public LocalCluster(Path dataDir, int kafkaPort, int registryPort) {
        this.dataDir = Objects.requireNonNull(dataDir, "dataDir").toAbsolutePath().normalize();
        this.kafka = new EmbeddedKafkaBroker(this.dataDir.resolve(KAFKA_DIR), kafkaPort);
        this.registry = new ApicurioRegistryProcess(this.dataDir.resolve(REGISTRY_DIR), registryPort);
    }

    /**
     * Deletes the previous run's Kafka and registry folders, starts the broker and the registry in
     * parallel and returns when both answer.
     *
     * @return this
     * @throws IllegalStateException if either did not start (the other one is then stopped), or if
     *     another running cluster uses the same data folder
     */
    public LocalCluster start() {
        if (running) {
            throw new IllegalStateException("Local cluster already running under " + dataDir);
        }
        long t0 = System.nanoTime();
        lock = DataDirLock.acquire(dataDir);
        LocalFiles.deleteRecursivelyUnchecked(kafka.dataDir());
        LocalFiles.deleteRecursivelyUnchecked(registry.workDir());

        FutureTask<ApicurioRegistryProcess> registryStart = new FutureTask<>(registry::start);
        Thread t = new Thread(registryStart, "dlmwatch-registry-start");
        t.setDaemon(true);
        t.start();

        RuntimeException failure = null;
        try {
            kafka.start();
        } catch (RuntimeException e) {
            failure = e;
        }
        try {
            registryStart.get();
        } catch (ExecutionException e) {
            RuntimeException re = e.getCause() instanceof RuntimeException
                    ? (RuntimeException) e.getCause()
                    : new IllegalStateException(e.getCause());
            if (failure == null) {
                failure = re;
            } else {
                failure.addSuppressed(re);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            registryStart.cancel(true);
            if (failure == null) {
                failure = new IllegalStateException("Interrupted while starting the local cluster", e);
            }
        }
        if (failure != null) {
            stopBoth();
            throw failure;
        }
        running = true;
        startupDuration = Duration.ofNanos(System.nanoTime() - t0);
        LOG.info("Local cluster up in {} ms: kafka {}, schema registry {} (data {})", startupDuration.toMillis(),
                kafka.bootstrapServers(), registry.url(), dataDir);
        return this;
    }

    /** {@code 127.0.0.1:PORT}, for {@code bootstrap.servers}. */
    public String bootstrapServers() {
        requireRunning();
        return kafka.bootstrapServers();
    }

    /** {@code http://127.0.0.1:PORT/apis/ccompat/v7}, for {@code schema.registry.url}. */
    public String schemaRegistryUrl() {
        requireRunning();
        return registry.url();
    }

    /** {@code bootstrap.servers} and {@code schema.registry.url}, to merge into client configs. */
    public Map<String, Object> clientProperties() {
        return Map.of("bootstrap.servers", bootstrapServers(), "schema.registry.url", schemaRegistryUrl());
    }

    /** The broker; it can be configured before {@link #start()}. */
    public EmbeddedKafkaBroker kafka() {
        return kafka;
    }

    /** The registry process; it can be configured before {@link #start()}. */
    public ApicurioRegistryProcess registry() {
        return registry;
    }

    public Path dataDir() {
        return dataDir;
    }

    /** Wall time of the last successful {@link #start()}. */
    public Duration startupDuration() {
        requireRunning();
        return startupDuration;
    }

    public boolean isRunning() {
        return running;
    }

    /** Stops the registry and the broker. Idempotent. */
    @Override
    public void close() {
        if (!running) {
            return;
        }
        running = false;
        long t0 = System.nanoTime();
        stopBoth();
        LOG.info("Local cluster stopped in {} ms", (System.nanoTime() - t0) / 1_000_000);
    }

    private void stopBoth() {
        try {
            registry.close();
        } finally {
            try {
                kafka.close();
            } finally {
                if (lock != null) {
                    lock.close();
                    lock = null;
                }
            }
        }
    }

    private void requireRunning() {
        if (!running) {
            throw new IllegalStateException("Local cluster not running (" + dataDir + ")");
        }
    }

    @Override
    public String toString() {
        return "LocalCluster[" + (running ? kafka.bootstrapServers() + ", " + registry.url() : "not running")
                + ", " + dataDir + "]";
    }
}
