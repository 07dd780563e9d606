package org.dlmwatch.engine.it;

import ch.qos.logback.classic.Level;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.dlmwatch.engine.EngineSettings;
import org.dlmwatch.engine.SurveillanceEngine;
import org.dlmwatch.rules.RuleConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A surveillance engine in a JVM of its own, so that a test can kill it outright ({@code kill -9}:
 * no close, no commit, no leaving the group, an open transaction left behind).
 *
 * <p>Arguments: bootstrap servers, registry URL, application id, state folder, overdue check
 * interval (ms), then Kafka settings as {@code name=value}. Prints {@link #RUNNING} once the engine
 * runs, then runs until killed, or until its standard input closes (the test JVM is gone), so
 * that it never outlives the test.
 */
public final class EngineProcess {

    static final String RUNNING = "ENGINE RUNNING";

    private EngineProcess() {}

    public static void main(String[] args) throws IOException {
        ((ch.qos.logback.classic.Logger) LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME)).setLevel(Level.WARN);
        Map<String, Object> kafka = new HashMap<>();
        kafka.put("bootstrap.servers", args[0]);
        for (int i = 5; i < args.length; i++) {
            String[] setting = args[i].split("=", 2);
            kafka.put(setting[0], setting[1]);
        }
        EngineSettings settings = EngineSettings.defaults(kafka, args[1], Path.of(args[3]))
                .withApplicationId(args[2])
                .withOverdueCheckInterval(Duration.ofMillis(Long.parseLong(args[4])))
                .withRules(RuleConfig.defaults());
        SurveillanceEngine engine = new SurveillanceEngine(settings, new SimpleMeterRegistry());
        engine.start(ItCluster.ENGINE_START);
        System.out.println(RUNNING);
        System.out.flush();
        while (System.in.read() >= 0) {
            // nothing to read: the test never writes; end of input means the test JVM is gone
        }
        Runtime.getRuntime().halt(3);
    }

    /** Starts an engine process with the same settings a test would give {@link ItCluster#engineSettings}. */
    static Process start(EngineSettings settings, Path log) throws IOException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "-cp", System.getProperty("java.class.path"),
                EngineProcess.class.getName(),
                String.valueOf(settings.kafka().get("bootstrap.servers")),
                settings.schemaRegistryUrl(),
                settings.applicationId(),
                settings.stateDir().toAbsolutePath().toString(),
                Long.toString(settings.overdueCheckInterval().toMillis())));
        settings.kafka().forEach((name, value) -> {
            if (!name.equals("bootstrap.servers")) {
                command.add(name + "=" + value);
            }
        });
        File logFile = log.toFile();
        logFile.getParentFile().mkdirs();
        return new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(logFile)
                .start();
    }
}
