package org.dlmwatch.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * JUnit 5 extension giving tests one {@link LocalCluster} per test run (per JVM, in practice per
 * Surefire/Failsafe fork): started lazily by the first test class that uses the extension, kept in
 * the root {@link ExtensionContext.Store}, shared by every later class, and closed by JUnit when the
 * run ends. Register it with {@link WithLocalCluster @WithLocalCluster} or
 * {@code @ExtendWith(LocalClusterExtension.class)}; declare a {@link LocalCluster} parameter on a test
 * method, a constructor, or a {@code @BeforeAll}/{@code @BeforeEach} method to receive it.
 *
 * <p>Data folder: system property {@value #DATA_DIR_PROPERTY} (the parent POM's Failsafe
 * configuration sets it to {@code target/it-data}), else a new temporary folder, deleted at the end.
 * If another test JVM (parallel forks) already runs a cluster on that folder, this one uses
 * {@code <dataDir>-<pid>} next to it. Ports are free ports.
 *
 * <p>If the cluster cannot start, every test class using it fails with the same cause, without a
 * second attempt.
 *
 * <p>JUnit is an optional dependency of this module: only test class paths have it.
 */
public final class LocalClusterExtension implements BeforeAllCallback, ParameterResolver {

    /** System property naming the data folder of the test cluster. */
    public static final String DATA_DIR_PROPERTY = "dlmwatch.test.dataDir";

    private static final Logger LOG = LoggerFactory.getLogger(LocalClusterExtension.class);
    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(LocalClusterExtension.class);
    private static final String KEY = "local-cluster";

    @Override
    public void beforeAll(ExtensionContext context) {
        cluster(context);
    }

    @Override
    public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        return parameterContext.getParameter().getType() == LocalCluster.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        try {
            return cluster(extensionContext);
        } catch (RuntimeException e) {
            throw new ParameterResolutionException("The local cluster did not start: " + e.getMessage(), e);
        }
    }

    /** The run's cluster, started on first call. Usable from other extensions. */
    public static LocalCluster cluster(ExtensionContext context) {
        return context.getRoot().getStore(NAMESPACE)
                .getOrComputeIfAbsent(KEY, k -> Holder.start(), Holder.class)
                .get();
    }

    /** Lives in the root store; JUnit closes it (an {@link AutoCloseable}) when the run ends. */
    static final class Holder implements AutoCloseable {
        /** How many clusters this JVM started through the extension (for tests of the extension). */
        static final java.util.concurrent.atomic.AtomicInteger STARTS = new java.util.concurrent.atomic.AtomicInteger();

        private final LocalCluster cluster;
        private final RuntimeException failure;
        private final Path tempDir;

        private Holder(LocalCluster cluster, RuntimeException failure, Path tempDir) {
            this.cluster = cluster;
            this.failure = failure;
            this.tempDir = tempDir;
        }

        static Holder start() {
            Path tempDir = null;
            Path dataDir;
            String configured = System.getProperty(DATA_DIR_PROPERTY);
            if (configured != null && !configured.isBlank()) {
                dataDir = Paths.get(configured.trim());
            } else {
                try {
                    tempDir = Files.createTempDirectory("dlm-watch-test-");
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                dataDir = tempDir;
            }
            LocalCluster cluster = new LocalCluster(dataDir);
            STARTS.incrementAndGet();
            try {
                try {
                    cluster.start();
                } catch (IllegalStateException inUse) {
                    if (!DataDirLock.isHeldElsewhere(dataDir)) {
                        throw inUse;
                    }
                    // another test JVM (parallel forks) runs a cluster on the same folder: use our own
                    Path own = dataDir.resolveSibling(dataDir.getFileName() + "-" + ProcessHandle.current().pid());
                    LOG.info("{} is in use by another test JVM; using {}", dataDir, own);
                    cluster = new LocalCluster(own);
                    cluster.start();
                }
                LOG.info("Test cluster started in {} ms", cluster.startupDuration().toMillis());
                return new Holder(cluster, null, tempDir);
            } catch (RuntimeException e) {
                LOG.error("Test cluster did not start", e);
                return new Holder(null, e, tempDir);
            }
        }

        LocalCluster get() {
            if (failure != null) {
                throw new IllegalStateException("The local test cluster did not start: " + failure.getMessage(), failure);
            }
            return cluster;
        }

        @Override
        public void close() {
            try {
                if (cluster != null) {
                    cluster.close();
                }
            } finally {
                if (tempDir != null) {
                    LocalFiles.deleteRecursivelyQuietly(tempDir);
                }
            }
        }
    }
}
