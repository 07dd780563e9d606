package org.dlmwatch.deployment;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A dlm-watch service of compose.yaml run on this machine as its container would run it: the same
 * command line, the same DLMWATCH_* environment (the parent's own DLMWATCH_* variables removed),
 * container paths of bind-mounted files mapped to the files in docker/, and the overrides a test
 * needs (where the cluster is, free ports, a state folder of its own).
 */
final class ServiceProcess implements AutoCloseable {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final String name;
    private final Process process;
    private final Path log;

    private ServiceProcess(String name, Process process, Path log) {
        this.name = name;
        this.process = process;
        this.log = log;
    }

    static ServiceProcess start(Compose.Service service, Map<String, String> overrides, Path log) {
        List<List<String>> invocations = service.invocations();
        if (invocations.size() != 1) {
            throw new IllegalArgumentException(service.name() + " runs " + invocations.size() + " commands, not one service");
        }
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx384m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                // the CLI's own logback.xml (DLMWATCH_LOG_FORMAT, DLMWATCH_LOG_LEVEL), not this module's logback-test.xml
                "-Dlogback.configurationFile=" + CliModel.logbackXmlUrl(),
                "-cp", System.getProperty("java.class.path"),
                ServiceMain.class.getName()));
        command.addAll(invocations.get(0));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        Map<String, String> env = builder.environment();
        env.keySet().removeIf(k -> k.startsWith("DLMWATCH_"));
        service.environment().forEach((k, v) -> env.put(k, hostPath(service, v)));
        env.remove("JAVA_OPTS");
        env.putAll(overrides);
        try {
            Files.createDirectories(log.getParent());
            return new ServiceProcess(service.name(), builder.start(), log);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + service.name(), e);
        }
    }

    /** A container path on a ./ bind mount, as the path of the file in docker/; anything else as it is. */
    private static String hostPath(Compose.Service service, String value) {
        if (!value.startsWith("/")) {
            return value;
        }
        return service.mountOf(value)
                .filter(m -> m.getValue().startsWith("./"))
                .map(m -> Repository.path("docker").resolve(m.getValue()).normalize()
                        .resolve(value.substring(m.getKey().length()).replaceFirst("^/", "")).toString())
                .orElse(value);
    }

    /** GET on the service; the status and body, or -1 when nothing answers. */
    static Response get(String url) {
        try {
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            return new Response(response.statusCode(), response.body());
        } catch (IOException e) {
            return new Response(-1, e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    record Response(int status, String body) {}

    /** Waits until {@code url} answers 200, failing early (with the log) if the process dies. */
    void awaitReady(String url, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new AssertionError(name + " exited with " + process.exitValue() + " before it was ready:\n" + logTail());
            }
            if (get(url).status() == 200) {
                return;
            }
            sleep(250);
        }
        throw new AssertionError(name + " was not ready at " + url + " within " + timeout + ":\n" + logTail());
    }

    boolean isAlive() {
        return process.isAlive();
    }

    String logTail() {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    /**
     * Stops the service as {@code docker stop} does (SIGTERM) and waits for it to exit; returns
     * how long that took, or null if it had to be killed.
     */
    Duration stop(Duration grace) {
        long start = System.nanoTime();
        process.destroy();
        try {
            if (process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
                return Duration.ofNanos(System.nanoTime() - start);
            }
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
            return null;
        }
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            stop(Duration.ofSeconds(45));
        }
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
