package org.dlmwatch.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;
import org.dlmwatch.rules.RuleConfig;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;
import picocli.CommandLine.Spec;

/**
 * {@code dlm-watch config reference}: prints docs/configuration.md, the reference of every setting
 * of every command, generated from the command line model itself (options, their environment
 * variables and defaults as declared, before any environment is applied), the rule settings of
 * {@link RuleConfig.Key}, the Kafka client pass-through and the logging variables of logback.xml.
 * Hidden: it is for maintainers, and a test compares its output with docs/configuration.md.
 */
@Command(name = "config", hidden = true, mixinStandardHelpOptions = true,
        description = "Configuration tools for maintainers.",
        subcommands = {ConfigReferenceCommand.Reference.class})
final class ConfigReferenceCommand {

    /** The command that regenerates docs/configuration.md, quoted in the document and in the test. */
    static final String REGENERATE = "java -jar services/cli/target/dlm-watch.jar config reference > docs/configuration.md";

    /** {@code ${env:NAME}} or {@code ${env:NAME:-fallback}} in a declared default value. */
    static final Pattern ENV_DEFAULT = Pattern.compile("\\$\\{env:([A-Za-z0-9_]+)(?::-([^}]*))?}");

    /** {@code ${NAME:-fallback}} of logback.xml. */
    private static final Pattern LOGBACK_VARIABLE = Pattern.compile("\\$\\{(DLMWATCH_[A-Z0-9_]+)(?::-([^}]*))?}");

    /** What the logging variables of logback.xml do; a variable missing here is listed without meaning. */
    private static final Map<String, String> LOGGING_MEANINGS = Map.of(
            "DLMWATCH_LOG_FORMAT", "`TEXT`: one human-readable line per event; `JSON`: one JSON object per line, for log "
                    + "shippers. Logs go to stderr; they carry topic, partition, offset, alert ids and error codes, never "
                    + "patient data.",
            "DLMWATCH_LOG_LEVEL", "Level of dlm-watch's own loggers (`org.dlmwatch`): `ERROR`, `WARN`, `INFO`, `DEBUG`, "
                    + "`TRACE`. Kafka's own loggers stay at `WARN`.");

    @Command(name = "reference", hidden = true, mixinStandardHelpOptions = true,
            description = {"Print the configuration reference (docs/configuration.md) as Markdown, generated from the code:",
                "  " + REGENERATE})
    static final class Reference implements Runnable {

        @Spec
        CommandSpec spec;

        @Override
        public void run() {
            PrintWriter out = spec.commandLine().getOut();
            out.print(markdown());
            out.flush();
        }
    }

    private ConfigReferenceCommand() {}

    /** The whole document, with '\n' line ends whatever the platform. */
    static String markdown() {
        CommandLine model = DlmWatch.commandLine();
        // the declared values ("${env:X:-9400}"), never those of the environment this runs in
        model.setInterpolateVariables(false);
        List<CommandSpec> commands = new ArrayList<>();
        collect(model.getCommandSpec(), commands);

        StringBuilder md = new StringBuilder();
        md.append("# Configuration reference\n\n");
        md.append("<!-- Generated from the code by `dlm-watch config reference`; do not edit by hand. Regenerate with:\n");
        md.append("     mvn -o -q install -DskipTests -pl services/cli && ").append(REGENERATE).append(" -->\n\n");
        md.append("Every setting of every `dlm-watch` command: its option, the environment variable it reads, its default "
                + "and what it means. An option given on the command line beats its environment variable, which beats "
                + "the default. `java -jar dlm-watch.jar help COMMAND` prints the same for one command.\n\n");
        md.append("Sections: [commands](#commands), [surveillance rule settings](#surveillance-rule-settings), "
                + "[Kafka client settings (TLS, SASL)](#kafka-client-settings-tls-sasl), [logging](#logging).\n\n");

        md.append("## Commands\n\n");
        md.append("| command | what it does |\n|---|---|\n");
        for (CommandSpec command : commands) {
            md.append("| [`").append(command.qualifiedName()).append("`](#").append(anchor(command.qualifiedName()))
                    .append(") | ").append(cell(firstSentence(command.usageMessage().description()))).append(" |\n");
        }
        md.append('\n');

        for (CommandSpec command : commands) {
            md.append("### `").append(command.qualifiedName()).append("`\n\n");
            md.append(String.join(" ", command.usageMessage().description()).strip()).append("\n\n");
            List<ArgSpec> settings = settings(command);
            if (settings.isEmpty()) {
                md.append("No settings.\n\n");
                continue;
            }
            md.append("| option | environment variable | default | meaning |\n|---|---|---|---|\n");
            for (ArgSpec arg : settings) {
                md.append("| ").append(cell(label(arg))).append(" | ").append(cell(envName(arg)))
                        .append(" | ").append(cell(defaultValue(arg))).append(" | ").append(cell(meaning(arg))).append(" |\n");
            }
            if (readsRuleSettings(command)) {
                md.append("\nAlso reads every [surveillance rule setting](#surveillance-rule-settings) from the "
                        + "environment.\n");
            }
            md.append('\n');
        }

        md.append("## Surveillance rule settings\n\n");
        md.append("Read by ").append(commands.stream().filter(ConfigReferenceCommand::readsRuleSettings)
                .map(c -> "`" + c.qualifiedName() + "`").collect(Collectors.joining(", "))).append(". ");
        md.append("The clinical thresholds of `shared/clinical-spec.md`. Defaults come from the spec; a properties file "
                + "given with `--rules FILE` (env `DLMWATCH_RULES_FILE`) overrides them by property name, and environment "
                + "variables override both. An unknown property under `cea.`, `imaging.`, `escalation.`, `schedule.`, "
                + "`programme.`, `history.` or `validation.` stops the service at start, so that a misspelt threshold never "
                + "falls back to its default silently. A change takes effect for a patient at the patient's next event or "
                + "overdue check (see services/surveillance-rules/README.md).\n\n");
        md.append("| property | environment variable | default | meaning | source |\n|---|---|---|---|---|\n");
        for (RuleConfig.Key key : RuleConfig.Key.values()) {
            md.append("| `").append(key.property()).append("` | `").append(key.envName()).append("` | ")
                    .append(cell(key.defaultValue())).append(" | ").append(cell(key.meaning())).append(" | ")
                    .append(cell(key.source())).append(" |\n");
        }
        md.append('\n');

        md.append("## Kafka client settings (TLS, SASL)\n\n");
        md.append("Read by ").append(commands.stream()
                .filter(c -> c.findOption("--kafka-config") != null)
                .map(c -> "`" + c.qualifiedName() + "`").collect(Collectors.joining(", "))).append(".\n\n");
        md.append("Any Kafka client setting goes in a Java properties file named by `--kafka-config FILE` (env "
                + "`DLMWATCH_KAFKA_CONFIG`). Every line passes unchanged to every Kafka client of the command: producers, "
                + "consumers, the admin client, and Kafka Streams, which hands it on to each of its own clients (main, "
                + "restore and global consumers, producer, admin). Typical content:\n\n");
        md.append("```properties\n");
        md.append("security.protocol=SASL_SSL\n");
        md.append("sasl.mechanism=SCRAM-SHA-512\n");
        md.append("sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required username=\"dlm-watch\" "
                + "password=\"...\";\n");
        md.append("ssl.truststore.location=/etc/dlm-watch/kafka-truststore.p12\n");
        md.append("ssl.truststore.type=PKCS12\n");
        md.append("ssl.truststore.password=...\n");
        md.append("```\n\n");
        md.append("- `bootstrap.servers` in the file is ignored: `--bootstrap-servers` (or its environment variable or "
                + "default) always wins.\n");
        md.append("- What a command fixes itself also wins over the file: the engine's `application.id` "
                + "(`--application-id`), `processing.guarantee=exactly_once_v2`, `state.dir` (`--state-dir`), "
                + "`num.stream.threads` (`--stream-threads`) and `num.standby.replicas` (`--standby-replicas`); "
                + "`publish` uses `acks=all` and idempotence; the dead-letter tools read `read_committed`.\n");
        md.append("- For the engine alone, Kafka Streams also takes settings for one kind of its clients with a prefix, "
                + "e.g. `consumer.max.poll.records=200` or `producer.compression.type=zstd` (other commands' clients log "
                + "that they do not know them).\n");
        md.append("- The schema registry is reached over HTTP(S) at `--schema-registry-url`; this file does not "
                + "configure it. For a registry whose certificate is signed by a private CA, give the JVM a trust store "
                + "(`-Djavax.net.ssl.trustStore=...` in `JAVA_OPTS` of the container image).\n\n");

        md.append("## Logging\n\n");
        md.append("Every command logs to stderr through logback (its `logback.xml` is in the jar) and reads:\n\n");
        md.append("| environment variable | default | meaning |\n|---|---|---|\n");
        for (Map.Entry<String, String> variable : loggingVariables().entrySet()) {
            md.append("| `").append(variable.getKey()).append("` | ").append(cell(variable.getValue())).append(" | ")
                    .append(cell(LOGGING_MEANINGS.getOrDefault(variable.getKey(), ""))).append(" |\n");
        }
        return md.toString();
    }

    /** Every command, depth first in declaration order, without hidden ones and without {@code help}. */
    private static void collect(CommandSpec command, List<CommandSpec> into) {
        Set<CommandLine> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        for (CommandLine sub : command.subcommands().values()) {
            CommandSpec spec = sub.getCommandSpec();
            if (!seen.add(sub) || spec.usageMessage().hidden() || spec.userObject() instanceof CommandLine.HelpCommand) {
                continue;
            }
            if (spec.userObject() instanceof Runnable || spec.userObject() instanceof java.util.concurrent.Callable<?>) {
                into.add(spec);
            }
            collect(spec, into);
        }
    }

    /** The options and parameters of a command that configure it (not --help and --version). */
    static List<ArgSpec> settings(CommandSpec command) {
        List<ArgSpec> settings = new ArrayList<>();
        for (PositionalParamSpec parameter : command.positionalParameters()) {
            if (!parameter.hidden()) {
                settings.add(parameter);
            }
        }
        for (OptionSpec option : command.options()) {
            if (!option.hidden() && !option.usageHelp() && !option.versionHelp()) {
                settings.add(option);
            }
        }
        return settings;
    }

    /** Whether a command takes the rule settings ({@link RuleOptions} mixed in, at any depth). */
    static boolean readsRuleSettings(CommandSpec command) {
        for (CommandSpec mixin : command.mixins().values()) {
            if (mixin.userObject() instanceof RuleOptions || readsRuleSettings(mixin)) {
                return true;
            }
        }
        return false;
    }

    private static String label(ArgSpec arg) {
        if (arg instanceof OptionSpec option) {
            String names = String.join(", ", option.names());
            return "`" + (arg.arity().max() == 0 ? names : names + " " + option.paramLabel()) + "`";
        }
        return "`" + arg.paramLabel() + "` (parameter)";
    }

    private static String envName(ArgSpec arg) {
        Matcher m = ENV_DEFAULT.matcher(rawDefault(arg));
        return m.find() ? "`" + m.group(1) + "`" : "";
    }

    private static String defaultValue(ArgSpec arg) {
        if (arg.group() != null && arg.group().exclusive()) {
            String others = arg.group().args().stream().filter(other -> other != arg)
                    .map(other -> other instanceof OptionSpec o ? "`" + o.longestName() + "`" : "`" + other.paramLabel() + "`")
                    .collect(Collectors.joining(" or "));
            return (arg.group().multiplicity().min() > 0 ? "required, or " : "none; excludes ") + others;
        }
        if (arg.required()) {
            return "required";
        }
        String raw = rawDefault(arg);
        Matcher m = ENV_DEFAULT.matcher(raw);
        String value = m.find() ? (m.group(2) == null ? "" : m.group(2)) : raw;
        if (value.isEmpty()) {
            return arg.arity().max() == 0 ? "`false`" : "none";
        }
        return "`" + value + "`";
    }

    private static String rawDefault(ArgSpec arg) {
        String value = arg.defaultValue();
        return value == null ? "" : value;
    }

    /** The description without what the other columns say: "(env X; default ${DEFAULT-VALUE})". */
    static String meaning(ArgSpec arg) {
        String text = String.join(" ", arg.description()).strip();
        Matcher groups = Pattern.compile("\\s*\\(([^()]*)\\)").matcher(text);
        StringBuilder cleaned = new StringBuilder();
        while (groups.find()) {
            List<String> kept = new ArrayList<>();
            for (String part : groups.group(1).split(";\\s*")) {
                if (!part.matches("env [A-Z0-9_]+") && !part.equals("default ${DEFAULT-VALUE}")) {
                    kept.add(part);
                }
            }
            String replacement = kept.isEmpty() ? "" : " (" + String.join("; ", kept) + ")";
            groups.appendReplacement(cleaned, Matcher.quoteReplacement(replacement));
        }
        groups.appendTail(cleaned);
        String meaning = cleaned.toString().replace("${DEFAULT-VALUE}", defaultValue(arg).replace("`", ""));
        Iterable<String> candidates = arg.completionCandidates();
        if (candidates != null && arg.type().isEnum()) {
            meaning += " One of: " + StreamSupport.stream(candidates.spliterator(), false)
                    .map(c -> "`" + c + "`").collect(Collectors.joining(", ")) + ".";
        }
        return meaning;
    }

    /** The DLMWATCH_ variables of the jar's logback.xml, with their defaults. */
    static Map<String, String> loggingVariables() {
        String xml = logbackXml();
        Map<String, String> variables = new LinkedHashMap<>();
        Matcher m = LOGBACK_VARIABLE.matcher(xml);
        while (m.find()) {
            variables.putIfAbsent(m.group(1), m.group(2) == null ? "none" : "`" + m.group(2) + "`");
        }
        return variables;
    }

    /** logback.xml of the jar that holds this class (not a test's or another library's). */
    static String logbackXml() {
        try {
            URL own = ConfigReferenceCommand.class.getProtectionDomain().getCodeSource().getLocation();
            var resources = ConfigReferenceCommand.class.getClassLoader().getResources("logback.xml");
            URL found = null;
            while (resources.hasMoreElements()) {
                URL candidate = resources.nextElement();
                if (found == null || candidate.toString().contains(own.getPath())) {
                    found = candidate;
                }
            }
            if (found == null) {
                throw new IllegalStateException("logback.xml is not on the class path");
            }
            try (InputStream in = found.openStream()) {
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String firstSentence(String[] description) {
        String text = String.join(" ", description).strip();
        int end = text.indexOf(". ");
        return end < 0 ? text : text.substring(0, end + 1);
    }

    private static String anchor(String heading) {
        return heading.toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9 -]", "").replace(' ', '-');
    }

    private static String cell(String text) {
        return text.replace("|", "\\|").replace("\n", " ");
    }
}
