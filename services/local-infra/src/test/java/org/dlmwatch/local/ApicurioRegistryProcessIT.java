package org.dlmwatch.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A registry of its own (not the shared test cluster): lifecycle, errors, and no orphan processes. */
class ApicurioRegistryProcessIT {

    private static final Logger LOG = LoggerFactory.getLogger(ApicurioRegistryProcessIT.class);

    @TempDir
    Path dir;

    @Test
    void startsWithBackwardCompatibilityAndStopsItsProcess() throws Exception {
        ApicurioRegistryProcess registry = new ApicurioRegistryProcess(dir.resolve("registry"));
        long t0 = System.nanoTime();
        registry.start();
        LOG.info("registry start: {} ms", TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0));
        long pid = registry.pid();
        int port = registry.port();
        try {
            assertThat(registry.url()).isEqualTo("http://127.0.0.1:" + port + "/apis/ccompat/v7");
            assertThat(registry.globalCompatibility()).contains("\"compatibilityLevel\":\"BACKWARD\"");
            ProcessHandle.Info info = ProcessHandle.of(pid).orElseThrow().info();
            assertThat(info.arguments().map(List::of).orElse(List.of()))
                    .contains("-Xmx128m", "-Dquarkus.http.host=127.0.0.1", "-Dquarkus.http.port=" + port);
            assertThat(info.command()).contains(Paths.get(System.getProperty("java.home"), "bin", "java").toString());
            // the child's output goes to the log file
            assertThat(registry.logFile()).exists();
            assertThat(Files.readString(registry.logFile())).contains("Listening on: http://127.0.0.1:" + port);
        } finally {
            t0 = System.nanoTime();
            registry.close();
            LOG.info("registry stop: {} ms", TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0));
        }
        assertThat(registry.isRunning()).isFalse();
        assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive)).isIn(Optional.empty(), Optional.of(false));
        assertThat(FreePorts.isFree(port)).isTrue();
        registry.close(); // idempotent
    }

    @Test
    void refusesAPortThatIsTaken() throws Exception {
        try (ServerSocket taken = new ServerSocket()) {
            taken.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            ApicurioRegistryProcess registry = new ApicurioRegistryProcess(dir.resolve("busy"), taken.getLocalPort());
            assertThatThrownBy(registry::start)
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("port " + taken.getLocalPort())
                    .hasMessageContaining("already in use");
            assertThat(registry.isRunning()).isFalse();
        }
    }

    @Test
    void theRegistryDiesWithItsParentEvenWhenTheParentIsKilled() throws Exception {
        Process parent = startParentJvm("hang");
        long registryPid = readRegistryPid(parent);
        assertThat(ProcessHandle.of(registryPid)).isPresent();
        parent.destroyForcibly(); // SIGKILL: no shutdown hook runs in the parent
        parent.waitFor(10, TimeUnit.SECONDS);
        assertThat(awaitGone(registryPid, Duration.ofSeconds(20))).as("registry pid %d gone", registryPid).isTrue();
    }

    @Test
    void theShutdownHookStopsTheRegistryWhenTheParentExitsWithoutClosingIt() throws Exception {
        Process parent = startParentJvm("exit");
        long registryPid = readRegistryPid(parent);
        assertThat(parent.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(awaitGone(registryPid, Duration.ofSeconds(10))).as("registry pid %d gone", registryPid).isTrue();
    }

    private Process startParentJvm(String mode) throws Exception {
        Path java = Paths.get(System.getProperty("java.home"), "bin", "java");
        ProcessBuilder pb = new ProcessBuilder(java.toString(), "-Xmx128m",
                "-cp", System.getProperty("java.class.path"),
                "-Dmaven.repo.local=" + ApicurioDistribution.localRepository(),
                ParentMain.class.getName(), dir.resolve("parent-" + mode).toString(), mode)
                .redirectErrorStream(true);
        return pb.start();
    }

    private static long readRegistryPid(Process parent) throws Exception {
        BufferedReader out = new BufferedReader(new InputStreamReader(parent.getInputStream(), StandardCharsets.UTF_8));
        StringBuilder seen = new StringBuilder();
        for (String line; (line = out.readLine()) != null; ) {
            if (line.startsWith("REGISTRY_PID ")) {
                long pid = Long.parseLong(line.substring("REGISTRY_PID ".length()).trim());
                Thread drain = new Thread(() -> {
                    try {
                        out.transferTo(java.io.Writer.nullWriter());
                    } catch (Exception e) {
                        // parent gone
                    }
                });
                drain.setDaemon(true);
                drain.start();
                return pid;
            }
            seen.append(line).append('\n');
        }
        throw new AssertionError("parent JVM ended without starting the registry:\n" + seen);
    }

    private static boolean awaitGone(long pid, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (ProcessHandle.of(pid).map(ph -> !ph.isAlive()).orElse(true)) {
                return true;
            }
            Thread.sleep(100);
        }
        return false;
    }

    /** A parent JVM that starts a registry and never closes it. */
    public static final class ParentMain {
        public static void main(String[] args) throws Exception {
            ApicurioRegistryProcess registry = new ApicurioRegistryProcess(Paths.get(args[0])).start();
            // a sanity call, so the registry is really up before the parent goes away
            HttpResponse<String> r = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create(registry.url() + "/subjects")).build(),
                    HttpResponse.BodyHandlers.ofString());
            System.out.println("HTTP " + r.statusCode());
            System.out.println("REGISTRY_PID " + registry.pid());
            System.out.flush();
            if ("exit".equals(args[1])) {
                System.exit(0); // without close(): the shutdown hook must stop it
            }
            Thread.sleep(Long.MAX_VALUE);
        }
    }
}
