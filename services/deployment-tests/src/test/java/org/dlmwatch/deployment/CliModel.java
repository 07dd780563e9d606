package org.dlmwatch.deployment;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.dlmwatch.cli.DlmWatch;
import org.dlmwatch.cli.RuleOptions;
import org.dlmwatch.rules.RuleConfig;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParseResult;

/**
 * The real picocli model of {@code dlm-watch} ({@link DlmWatch#commandLine()}), read the way a
 * deployment uses it: which command a command line runs, which environment variables that command
 * reads, and what value each of its options takes under a given environment.
 */
final class CliModel {

    /** {@code ${env:NAME}} or {@code ${env:NAME:-fallback}} in a declared default value. */
    static final Pattern ENV_DEFAULT = Pattern.compile("\\$\\{env:([A-Za-z0-9_]+)(?::-([^}]*))?}");
    private static final Pattern LOGBACK_VARIABLE = Pattern.compile("\\$\\{(DLMWATCH_[A-Z0-9_]+)(?::-([^}]*))?}");

    /** The declared model: defaults as written ("${env:X:-9400}"), whatever this machine's environment. */
    private final CommandLine declared;

    CliModel() {
        this.declared = DlmWatch.commandLine();
        declared.setInterpolateVariables(false);
    }

    /** One command line: the command it runs and the options it gives. */
    record Invocation(List<String> args, CommandSpec command, Map<String, String> given) {

        String name() {
            return command.qualifiedName(" ").replaceFirst("^dlm-watch ", "");
        }
    }

    /**
     * Parses a command line (without "dlm-watch") with the real model. Fails like the CLI would on
     * an unknown command or option, or on a group command that runs nothing.
     */
    Invocation parse(List<String> args) {
        // defaults interpolated against this machine, so that they convert; resolve() uses the declared ones
        CommandLine parser = DlmWatch.commandLine();
        ParseResult result = parser.parseArgs(args.toArray(String[]::new));
        while (result.subcommand() != null) {
            result = result.subcommand();
        }
        Object runs = result.commandSpec().userObject();
        if (!(runs instanceof Runnable) && !(runs instanceof java.util.concurrent.Callable<?>)) {
            throw new IllegalArgumentException("'" + String.join(" ", args) + "' names a group of commands, not one");
        }
        Map<String, String> given = new LinkedHashMap<>();
        for (OptionSpec option : result.matchedOptions()) {
            given.put(option.longestName(), String.join(",", option.stringValues()));
        }
        CommandSpec command = find(result.commandSpec().qualifiedName());
        return new Invocation(List.copyOf(args), command, given);
    }

    /** Every runnable command of the model (hidden ones included), depth first. */
    List<CommandSpec> commands() {
        List<CommandSpec> all = new ArrayList<>();
        collect(declared.getCommandSpec(), all, Collections.newSetFromMap(new IdentityHashMap<>()));
        return all;
    }

    private static void collect(CommandSpec command, List<CommandSpec> into, Set<CommandSpec> seen) {
        for (CommandLine sub : command.subcommands().values()) {
            CommandSpec spec = sub.getCommandSpec();
            if (seen.add(spec)) {
                into.add(spec);
                collect(spec, into, seen);
            }
        }
    }

    private CommandSpec find(String qualifiedName) {
        return commands().stream().filter(c -> c.qualifiedName().equals(qualifiedName)).findFirst()
                .orElseThrow(() -> new IllegalStateException("no command " + qualifiedName));
    }

    /**
     * Every environment variable a command reads: the {@code ${env:...}} of its options' declared
     * defaults, the rule settings when it takes them ({@link RuleOptions} mixed in), and the
     * logging variables of the jar's logback.xml, which every command reads.
     */
    Set<String> environmentRead(CommandSpec command) {
        Set<String> names = new TreeSet<>();
        for (OptionSpec option : command.options()) {
            envName(option).ifPresent(names::add);
        }
        if (readsRuleSettings(command)) {
            for (RuleConfig.Key key : RuleConfig.Key.values()) {
                names.add(key.envName());
            }
        }
        names.addAll(loggingVariables());
        return names;
    }

    static java.util.Optional<String> envName(OptionSpec option) {
        Matcher m = ENV_DEFAULT.matcher(declaredDefault(option));
        return m.find() ? java.util.Optional.of(m.group(1)) : java.util.Optional.empty();
    }

    static String declaredDefault(OptionSpec option) {
        return option.defaultValue() == null ? "" : option.defaultValue();
    }

    static boolean readsRuleSettings(CommandSpec command) {
        for (CommandSpec mixin : command.mixins().values()) {
            if (mixin.userObject() instanceof RuleOptions || readsRuleSettings(mixin)) {
                return true;
            }
        }
        return false;
    }

    /**
     * The value each option of an invocation takes in an environment: given on the command line,
     * else its environment variable, else its declared fallback ({@code null}: none).
     */
    Map<OptionSpec, String> resolve(Invocation invocation, Map<String, String> environment) {
        Map<OptionSpec, String> values = new LinkedHashMap<>();
        for (OptionSpec option : invocation.command().options()) {
            if (option.usageHelp() || option.versionHelp()) {
                continue;
            }
            String value;
            if (invocation.given().containsKey(option.longestName())) {
                value = invocation.given().get(option.longestName());
            } else {
                String declared = declaredDefault(option);
                Matcher m = ENV_DEFAULT.matcher(declared);
                if (m.find()) {
                    String fromEnv = environment.get(m.group(1));
                    value = fromEnv != null ? fromEnv : m.group(2);
                } else {
                    value = declared.isEmpty() ? null : declared;
                }
            }
            values.put(option, value);
        }
        return values;
    }

    static String value(Map<OptionSpec, String> resolved, String optionName) {
        return resolved.entrySet().stream().filter(e -> Arrays.asList(e.getKey().names()).contains(optionName))
                .map(Map.Entry::getValue).findFirst()
                .orElseThrow(() -> new AssertionError("no option " + optionName));
    }

    static boolean isPath(OptionSpec option) {
        return Path.class.isAssignableFrom(option.type());
    }

    static boolean isPort(OptionSpec option) {
        return option.longestName().endsWith("-port");
    }

    /** The DLMWATCH_ variables of the CLI jar's logback.xml: every command reads them. */
    static Set<String> loggingVariables() {
        Set<String> names = new LinkedHashSet<>();
        Matcher m = LOGBACK_VARIABLE.matcher(logbackXml());
        while (m.find()) {
            names.add(m.group(1));
        }
        return names;
    }

    /** logback.xml of the jar that holds the CLI (not this module's logback-test.xml or a library's). */
    static String logbackXml() {
        try (InputStream in = logbackXmlUrl().openStream()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static URL logbackXmlUrl() {
        try {
            String cliJar = DlmWatch.class.getProtectionDomain().getCodeSource().getLocation().toString();
            var resources = DlmWatch.class.getClassLoader().getResources("logback.xml");
            while (resources.hasMoreElements()) {
                URL candidate = resources.nextElement();
                if (candidate.toString().contains(cliJar.replaceFirst("^file:", ""))) {
                    return candidate;
                }
            }
            throw new IllegalStateException("the CLI jar " + cliJar + " has no logback.xml");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
