package org.dlmwatch.local;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Apicurio Registry {@value ApicurioDistribution#VERSION} as a child process, with in-memory storage,
 * on 127.0.0.1, serving the Confluent-compatible API at {@link #url()}. For local runs, development
 * and tests; never for production.
 *
 * <p>{@link #start()} finds the distribution ({@link ApicurioDistribution#locate()}), runs it with the
 * {@code java} of the current JVM ({@code -Xmx128m}), sends its output to {@code registry.log} in the
 * work directory (never to the console), waits until {@code /apis/ccompat/v7/subjects} answers, then
 * sets the global compatibility level to {@code BACKWARD} (Apicurio's default is {@code NONE}) and
 * checks that it took.
 *
 * <p>The child never outlives this JVM: {@link #close()} stops it (and any descendants) and waits; a
 * shutdown hook does the same on normal JVM exit and Ctrl-C; and if this JVM is killed outright, the
 * child notices that its standard input (a pipe from this JVM) closed and exits by itself (see
 * {@link ApicurioWatchdog}).
 *
 * <p>Storage is in memory: schemas are gone when the process stops.
 */
public final class ApicurioRegistryProcess implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ApicurioRegistryProcess.class);

    public static final String HOST = "127.0.0.1";
    /** Path of the Confluent-compatible API. */
    public static final String CCOMPAT_PATH = "/apis/ccompat/v7";
    /** Name of the log file in the work directory. */
    public static final String LOG_FILE = "registry.log";

    private static final String QUARKUS_MAIN = "io.quarkus.runner.GeneratedMain";
    private static final String SCHEMA_REGISTRY_JSON = "application/vnd.schemaregistry.v1+json";
    private static final Pattern BACKWARD = Pattern.compile("\"compatibilityLevel\"\\s*:\\s*\"BACKWARD\"");
    private static final int START_ATTEMPTS = 3;
    /** Environment variables passed on to the child; everything else (QUARKUS_*, REGISTRY_*, JAVA_TOOL_OPTIONS ...) is dropped. */
    private static final List<String> ENV_KEPT = List.of(
            "PATH", "HOME", "USER", "LANG", "LC_ALL", "TZ", "TMPDIR", "SystemRoot", "windir", "TEMP", "TMP");

    private final Path workDir;
    private final int requestedPort;
    private final Map<String, String> systemProperties = new LinkedHashMap<>();
    private Path distribution;
    private Duration startupTimeout = Duration.ofSeconds(90);

    private Process process;
    private OutputStream parentPipe;
    private int port = -1;
    private HttpClient http;

    /** A registry on a free port, with its log and scratch files in {@code workDir}. */
    public ApicurioRegistryProcess(Path workDir) {
        this(workDir, 0);
    }

    /** A registry on {@code port} (0 picks a free port), with its log and scratch files in {@code workDir}. */
    public ApicurioRegistryProcess(Path workDir, int port) {
        this.workDir = Objects.requireNonNull(workDir, "workDir").toAbsolutePath().normalize();
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be 0..65535: " + port);
        }
        this.requestedPort = port;
    }

    /** Uses this extracted distribution instead of {@link ApicurioDistribution#locate()}. */
    public ApicurioRegistryProcess withDistribution(Path home) {
        requireNotStarted();
        this.distribution = Objects.requireNonNull(home, "home").toAbsolutePath();
        return this;
    }

    /** Adds or overrides a {@code -D} system property of the child (Quarkus or Registry setting). */
    public ApicurioRegistryProcess withSystemProperty(String name, String value) {
        requireNotStarted();
        systemProperties.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(value, "value"));
        return this;
    }

    /** How long {@link #start()} waits for the API; 90 s by default. */
    public ApicurioRegistryProcess withStartupTimeout(Duration timeout) {
        requireNotStarted();
        this.startupTimeout = Objects.requireNonNull(timeout, "timeout");
        return this;
    }

    /**
     * Starts the registry and blocks until its Confluent-compatible API answers and reports the
     * global compatibility level {@code BACKWARD}.
     *
     * @return this
     * @throws IllegalStateException if it did not come up; the message ends with the log's tail
     */
    public ApicurioRegistryProcess start() {
        requireNotStarted();
        long t0 = System.nanoTime();
        Path home = distribution != null ? distribution : ApicurioDistribution.locate();
        if (!ApicurioDistribution.isDistribution(home)) {
            throw new IllegalStateException(home + " does not contain " + ApicurioDistribution.RUNNER_JAR + " and lib/");
        }
        if (requestedPort != 0 && !FreePorts.isFree(requestedPort)) {
            throw new IllegalStateException("Cannot start Apicurio Registry: port " + requestedPort + " on " + HOST
                    + " is already in use");
        }
        try {
            Files.createDirectories(workDir);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create " + workDir, e);
        }
        http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        int attempts = requestedPort == 0 ? START_ATTEMPTS : 1;
        RuntimeException last = null;
        for (int attempt = 1; attempt <= attempts; attempt++) {
            int p = requestedPort != 0 ? requestedPort
                    : attempt == 1 && port > 0 && FreePorts.isFree(port) ? port : FreePorts.find();
            try {
                launch(home, p);
                awaitApi(t0);
                setBackwardCompatibility();
                LOG.info("Apicurio Registry up at {} in {} ms (pid {}, log {})", url(),
                        TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0), process.pid(), logFile());
                return this;
            } catch (RuntimeException e) {
                last = e;
                boolean bindFailure = logMentionsBindFailure();
                stop(Duration.ofSeconds(5));
                if (!bindFailure) {
                    break;
                }
                LOG.warn("Apicurio Registry could not bind port {} (attempt {}/{})", p, attempt, attempts);
            }
        }
        throw last;
    }

    private void launch(Path home, int p) {
        Path javaBin = Paths.get(System.getProperty("java.home"), "bin",
                isWindows() ? "java.exe" : "java");
        Path classesDir = workDir.resolve("watchdog-classes");
        installWatchdog(classesDir);
        try {
            Files.createDirectories(workDir.resolve("tmp"));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create " + workDir.resolve("tmp"), e);
        }
        List<String> cmd = new ArrayList<>();
        cmd.add(javaBin.toString());
        cmd.add("-Xmx128m");
        cmd.add("-XX:+UseSerialGC");
        // C1 only: starts faster and burns less CPU on small machines; plenty for a local registry
        cmd.add("-XX:TieredStopAtLevel=1");
        cmd.add("-XX:-UsePerfData");
        cmd.add("-Dfile.encoding=UTF-8");
        defaultSystemProperties(p).forEach((k, v) -> cmd.add("-D" + k + "=" + v));
        systemProperties.forEach((k, v) -> cmd.add("-D" + k + "=" + v));
        cmd.add("-cp");
        cmd.add(home.resolve(ApicurioDistribution.RUNNER_JAR) + java.io.File.pathSeparator + classesDir);
        cmd.add(ApicurioWatchdog.class.getName());
        cmd.add(QUARKUS_MAIN);

        ProcessBuilder pb = new ProcessBuilder(cmd)
                .directory(workDir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.to(logFile().toFile()))
                .redirectInput(ProcessBuilder.Redirect.PIPE);
        Map<String, String> env = pb.environment();
        Map<String, String> kept = new LinkedHashMap<>();
        for (String k : ENV_KEPT) {
            if (env.containsKey(k)) {
                kept.put(k, env.get(k));
            }
        }
        env.clear();
        env.putAll(kept);
        try {
            process = pb.start();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot start " + javaBin + ": " + e, e);
        }
        port = p;
        parentPipe = process.getOutputStream(); // kept open: its closing tells the child we are gone
        Reaper.register(process);
        LOG.debug("Started Apicurio Registry pid {}: {}", process.pid(), cmd);
    }

    /** The child's settings: loopback only, fixed port, small pools, quiet, scratch files in the work dir. */
    Map<String, String> defaultSystemProperties(int p) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("quarkus.http.host", HOST);
        m.put("quarkus.http.port", String.valueOf(p));
        m.put("quarkus.banner.enabled", "false");
        // the built-in prod profile opens 20 H2 connections up front
        m.put("quarkus.datasource.jdbc.initial-size", "2");
        m.put("quarkus.datasource.jdbc.min-size", "2");
        m.put("quarkus.datasource.jdbc.max-size", "20");
        // Vert.x writes a file cache; keep it out of /tmp
        m.put("vertx.cacheDirBase", workDir.resolve("vertx-cache").toString());
        m.put("java.io.tmpdir", workDir.resolve("tmp").toString());
        // open local API, no auth server to call
        m.put("registry.auth.enabled", "false");
        return m;
    }

    private static void installWatchdog(Path classesDir) {
        String resource = ApicurioWatchdog.class.getSimpleName() + ".class";
        Path target = classesDir.resolve(ApicurioWatchdog.class.getName().replace('.', '/') + ".class");
        try (InputStream in = ApicurioWatchdog.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("Class file " + resource + " not found on the class path");
            }
            Files.createDirectories(target.getParent());
            Files.write(target, in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write " + target, e);
        }
    }

    private void awaitApi(long t0) {
        long deadline = t0 + startupTimeout.toNanos();
        URI subjects = URI.create(url() + "/subjects");
        String lastProblem = "no answer";
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("Apicurio Registry exited with code " + process.exitValue()
                        + " during startup. " + logTailMessage());
            }
            try {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(subjects).timeout(Duration.ofSeconds(2))
                        .GET().build(), HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200) {
                    return;
                }
                lastProblem = "HTTP " + r.statusCode();
            } catch (IOException e) {
                lastProblem = e.toString();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted while waiting for Apicurio Registry", e);
            }
            sleep(100);
        }
        throw new IllegalStateException("Apicurio Registry did not answer at " + subjects + " within "
                + startupTimeout.toSeconds() + " s (" + lastProblem + "). " + logTailMessage());
    }

    private void setBackwardCompatibility() {
        URI config = URI.create(url() + "/config");
        try {
            HttpResponse<String> put = http.send(HttpRequest.newBuilder(config).timeout(Duration.ofSeconds(10))
                            .header("Content-Type", SCHEMA_REGISTRY_JSON)
                            .PUT(HttpRequest.BodyPublishers.ofString("{\"compatibility\":\"BACKWARD\"}"))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            if (put.statusCode() != 200) {
                throw new IllegalStateException("PUT " + config + " answered HTTP " + put.statusCode() + ": " + put.body());
            }
            String level = globalCompatibility();
            if (!BACKWARD.matcher(level).find()) {
                throw new IllegalStateException("Apicurio Registry reports global compatibility " + level
                        + " after setting BACKWARD");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot set compatibility at " + config + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted", e);
        }
    }

    /**
     * The body of {@code GET /config}, e.g. {@code {"compatibilityLevel":"BACKWARD"}}.
     */
    public String globalCompatibility() {
        requireStarted();
        try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url() + "/config"))
                    .timeout(Duration.ofSeconds(10)).GET().build(), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) {
                throw new IllegalStateException("GET " + url() + "/config answered HTTP " + r.statusCode() + ": " + r.body());
            }
            return r.body();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted", e);
        }
    }

    /** {@code http://127.0.0.1:PORT/apis/ccompat/v7}: the {@code schema.registry.url} for Confluent-style clients. */
    public String url() {
        return baseUrl() + CCOMPAT_PATH;
    }

    /** {@code http://127.0.0.1:PORT}: the registry's root (its native API is under {@code /apis/registry/v2}). */
    public String baseUrl() {
        requireStarted();
        return "http://" + HOST + ":" + port;
    }

    public int port() {
        requireStarted();
        return port;
    }

    /** Process id of the child JVM. */
    public long pid() {
        requireStarted();
        return process.pid();
    }

    /** The child's stdout and stderr. */
    public Path logFile() {
        return workDir.resolve(LOG_FILE);
    }

    public Path workDir() {
        return workDir;
    }

    /** True while the child process runs. */
    public boolean isRunning() {
        return process != null && process.isAlive();
    }

    /** Stops the child and its descendants and waits for them to exit. Idempotent. */
    @Override
    public void close() {
        if (process == null) {
            return;
        }
        long t0 = System.nanoTime();
        stop(Duration.ofSeconds(10));
        LOG.info("Apicurio Registry stopped in {} ms", TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0));
    }

    private void stop(Duration grace) {
        Process p = process;
        process = null;
        if (p == null) {
            return;
        }
        Reaper.kill(p, grace);
        Reaper.unregister(p);
        try {
            parentPipe.close();
        } catch (IOException e) {
            // already gone
        }
    }

    private boolean logMentionsBindFailure() {
        String tail = String.join("\n", logTail(60));
        return tail.contains("Address already in use") || tail.contains("Port already bound")
                || tail.contains("seems to be in use");
    }

    private String logTailMessage() {
        return "Last lines of " + logFile() + ":\n    " + String.join("\n    ", logTail(40));
    }

    /** The last {@code n} lines of the log file (empty if there is none). */
    List<String> logTail(int n) {
        Deque<String> lines = new ArrayDeque<>();
        try (var reader = Files.newBufferedReader(logFile(), StandardCharsets.UTF_8)) {
            for (String line; (line = reader.readLine()) != null; ) {
                lines.addLast(line);
                if (lines.size() > n) {
                    lines.removeFirst();
                }
            }
        } catch (IOException | UncheckedIOException e) {
            // no log (yet), or not decodable: show what we have
        }
        return new ArrayList<>(lines);
    }

    private void requireNotStarted() {
        if (process != null) {
            throw new IllegalStateException("Apicurio Registry already started at " + url());
        }
    }

    private void requireStarted() {
        if (process == null) {
            throw new IllegalStateException("Apicurio Registry not started");
        }
    }

    private static boolean isWindows() {
        return System.getProperty("os.name", "").toLowerCase(java.util.Locale.ROOT).startsWith("windows");
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
        return "ApicurioRegistryProcess[" + (process == null ? "not running" : baseUrl() + ", pid " + process.pid())
                + ", " + workDir + "]";
    }

    /** Kills child processes, and on JVM exit every one still registered. */
    static final class Reaper {
        private static final Set<Process> LIVE = ConcurrentHashMap.newKeySet();
        private static volatile boolean hookInstalled;

        private Reaper() {
        }

        static synchronized void register(Process p) {
            if (!hookInstalled) {
                Runtime.getRuntime().addShutdownHook(new Thread(Reaper::killAll, "dlmwatch-registry-reaper"));
                hookInstalled = true;
            }
            LIVE.add(p);
        }

        static void unregister(Process p) {
            LIVE.remove(p);
        }

        static void killAll() {
            for (Process p : LIVE) {
                kill(p, Duration.ofSeconds(3));
            }
        }

        /** SIGTERM to the descendants and the process, SIGKILL after {@code grace}; waits for the exit. */
        static void kill(Process p, Duration grace) {
            List<ProcessHandle> descendants = p.descendants().toList();
            descendants.forEach(ProcessHandle::destroy);
            p.destroy();
            try {
                if (!p.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
                    p.destroyForcibly();
                    p.waitFor(5, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                p.destroyForcibly();
                Thread.currentThread().interrupt();
            }
            descendants.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
        }
    }
}
