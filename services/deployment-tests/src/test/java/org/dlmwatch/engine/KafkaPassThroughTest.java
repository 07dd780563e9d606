package org.dlmwatch.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.streams.StreamsConfig;
import org.dlmwatch.cli.ConnectionOptions;
import org.dlmwatch.cli.DlmWatch;
import org.dlmwatch.rules.RuleConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParseResult;

/**
 * TLS and SASL settings of a {@code --kafka-config} file reach every Kafka client: every command
 * that takes the connection options hands them to its clients, and the engine's Kafka Streams
 * configuration hands them on to each of its own clients (main, restore and global consumers,
 * producer, admin). In package org.dlmwatch.engine to read the engine's own Streams configuration.
 */
class KafkaPassThroughTest {

    private static final Map<String, String> SECURITY = Map.of(
            "security.protocol", "SASL_SSL",
            "sasl.mechanism", "SCRAM-SHA-512",
            "sasl.jaas.config", "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"u\" password=\"p\";",
            "ssl.truststore.location", "/etc/dlm-watch/truststore.p12",
            "ssl.truststore.password", "secret",
            "ssl.endpoint.identification.algorithm", "https");

    @TempDir
    Path dir;

    @Test
    void everyCommandWithConnectionOptionsPassesTheFileOn() throws IOException {
        Path file = securityFile();
        CommandLine model = DlmWatch.commandLine();
        int commands = 0;
        for (CommandSpec command : runnable(model.getCommandSpec())) {
            ConnectionOptions connection = connection(command);
            if (connection == null) {
                continue;
            }
            commands++;
            List<String> args = new java.util.ArrayList<>(List.of(command.qualifiedName(" ").split(" ")));
            args.remove(0);
            args.addAll(List.of("--bootstrap-servers", "kafka-1:19092", "--kafka-config", file.toString()));
            args.addAll(requiredArguments(command));
            ParseResult parsed = DlmWatch.commandLine().parseArgs(args.toArray(String[]::new));
            while (parsed.subcommand() != null) {
                parsed = parsed.subcommand();
            }
            Map<String, Object> kafka = connection(parsed.commandSpec()).kafkaProperties();
            assertThat(kafka).as(command.qualifiedName()).containsAllEntriesOf(SECURITY)
                    .containsEntry("bootstrap.servers", "kafka-1:19092");
        }
        assertThat(commands).as("commands with connection options").isGreaterThanOrEqualTo(5);
    }

    @Test
    void theEnginesStreamsConfigurationHandsTheSettingsToEachOfItsClients() throws IOException {
        CommandLine cli = DlmWatch.commandLine();
        ParseResult parsed = cli.parseArgs("engine", "--bootstrap-servers", "kafka-1:19092", "--kafka-config",
                securityFile().toString(), "--state-dir", dir.resolve("state").toString());
        ConnectionOptions connection = connection(parsed.subcommand().commandSpec());
        // EngineCommand builds its settings from exactly this map (connection.kafkaProperties())
        EngineSettings settings = EngineSettings.defaults(connection.kafkaProperties(), "http://schema-registry:8081",
                dir.resolve("state")).withRules(RuleConfig.defaults());
        StreamsConfig streams = new StreamsConfig(SurveillanceEngine.streamsConfig(settings));
        Map<String, Map<String, Object>> clients = Map.of(
                "main consumer", streams.getMainConsumerConfigs("group", "client", 0),
                "restore consumer", streams.getRestoreConsumerConfigs("client"),
                "global consumer", streams.getGlobalConsumerConfigs("client"),
                "producer", streams.getProducerConfigs("client"),
                "admin", streams.getAdminConfigs("client"));
        clients.forEach((client, config) -> {
            for (Map.Entry<String, String> setting : SECURITY.entrySet()) {
                assertThat(String.valueOf(config.get(setting.getKey()))).as(client + " " + setting.getKey())
                        .isEqualTo(setting.getValue());
            }
            assertThat(config.get("bootstrap.servers")).as(client).asString().contains("kafka-1:19092");
        });
    }

    private Path securityFile() throws IOException {
        Properties p = new Properties();
        p.putAll(SECURITY);
        Path file = dir.resolve("kafka-client.properties");
        try (var out = Files.newOutputStream(file)) {
            p.store(out, null);
        }
        return file;
    }

    private static ConnectionOptions connection(CommandSpec command) {
        for (CommandSpec mixin : command.mixins().values()) {
            if (mixin.userObject() instanceof ConnectionOptions c) {
                return c;
            }
        }
        return null;
    }

    private static List<CommandSpec> runnable(CommandSpec root) {
        List<CommandSpec> all = new java.util.ArrayList<>();
        for (CommandLine sub : new java.util.LinkedHashSet<>(root.subcommands().values())) {
            CommandSpec spec = sub.getCommandSpec();
            all.add(spec);
            all.addAll(runnable(spec));
        }
        return all;
    }

    private static String sample(Class<?> type) {
        boolean number = (type.isPrimitive() && type != boolean.class) || Number.class.isAssignableFrom(type);
        return number ? "1" : "x";
    }

    /** Values for the command's required options and parameters, so that it parses. */
    private static List<String> requiredArguments(CommandSpec command) {
        List<String> args = new java.util.ArrayList<>();
        for (var option : command.options()) {
            if (option.required() && option.group() == null) {
                args.add(option.longestName());
                args.add(sample(option.type()));
            }
        }
        for (var group : command.argGroups()) {
            if (group.multiplicity().min() > 0) {
                var first = group.options().iterator().next();
                args.add(first.longestName());
                if (first.arity().max() > 0) {
                    args.add(sample(first.type()));
                }
            }
        }
        for (var parameter : command.positionalParameters()) {
            if (parameter.required()) {
                args.add("1");
            }
        }
        return args;
    }
}
