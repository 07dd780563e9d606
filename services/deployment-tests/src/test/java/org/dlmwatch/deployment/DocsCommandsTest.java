package org.dlmwatch.deployment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import picocli.CommandLine.Model.CommandSpec;

/**
 * The runbook's commands work: every dlm-watch command line in docs/operations.md and
 * docker/README.md parses with the real CLI model, every DLMWATCH_ variable they name is read by a
 * command, and every runbook link (from the runbook itself and from the Prometheus alert rules)
 * lands on a heading. The desk's part is isolated in {@link #deskCommandsOfTheDocsParse}.
 */
class DocsCommandsTest {

    static final List<String> DOCS = List.of("docs/operations.md", "docker/README.md");

    /** The desk's variables (brief of issue 5), read by {@code dlm-watch desk}. */
    static final Set<String> DESK_VARIABLES = Set.of("DLMWATCH_DESK_HOST", "DLMWATCH_DESK_PORT", "DLMWATCH_DESK_OPS_PORT", "DLMWATCH_USERS_FILE",
            "DLMWATCH_PUBLIC_URL", "DLMWATCH_DELIVERY_CONFIG", "DLMWATCH_SESSION_SECRET_FILE");

    /** "java -jar .../dlm-watch.jar ARGS", or "docker compose run ... engine ARGS" (the image runs dlm-watch). */
    private static final Pattern INVOCATION = Pattern.compile(
            "(?:java -jar \\S*dlm-watch\\.jar|docker compose run --rm --no-deps (?:engine|desk))((?: +[^ `|\\n]+)*)");

    private final CliModel cli = new CliModel();

    @Test
    void commandsOfTheDocsParse() {
        List<List<String>> commands = commands(false);
        assertThat(commands).as("dlm-watch commands in " + DOCS).hasSizeGreaterThan(10);
        for (List<String> args : commands) {
            try {
                cli.parse(args);
            } catch (RuntimeException e) {
                fail("'dlm-watch " + String.join(" ", args) + "' of " + DOCS + " does not parse: " + e.getMessage());
            }
        }
    }

    @Test
    void deskCommandsOfTheDocsParse() {
        List<List<String>> commands = commands(true);
        assertThat(commands).isNotEmpty();
        for (List<String> args : commands) {
            try {
                cli.parse(args);
            } catch (RuntimeException e) {
                fail("'dlm-watch " + String.join(" ", args) + "' of " + DOCS + " does not parse: " + e.getMessage());
            }
        }
        Set<String> read = readByAnyCommand();
        assertThat(read).containsAll(DESK_VARIABLES);
    }

    @Test
    void variablesOfTheDocsAreReadByACommand() {
        Set<String> read = readByAnyCommand();
        for (String doc : DOCS) {
            Matcher m = Pattern.compile("DLMWATCH_[A-Z0-9_]+").matcher(Repository.read(doc));
            while (m.find()) {
                String variable = m.group();
                assertThat(read).as(doc + " names " + variable + ", which no command reads").contains(variable);
            }
        }
    }

    @Test
    void runbookLinksLandOnHeadings() {
        String runbook = Repository.read(Monitoring.RUNBOOK);
        Set<String> anchors = new TreeSet<>();
        Matcher heading = Pattern.compile("(?m)^#+ (.+)$").matcher(runbook);
        while (heading.find()) {
            anchors.add(slug(heading.group(1)));
        }
        List<String> links = new ArrayList<>();
        Matcher internal = Pattern.compile("]\\(#([^)]+)\\)").matcher(runbook);
        while (internal.find()) {
            links.add(internal.group(1));
        }
        Matcher fromAlerts = Pattern.compile("docs/operations\\.md#([a-z0-9-]+)").matcher(Repository.read(Monitoring.ALERTS));
        while (fromAlerts.find()) {
            links.add(fromAlerts.group(1));
        }
        assertThat(links).isNotEmpty();
        assertThat(anchors).containsAll(links);
    }

    private Set<String> readByAnyCommand() {
        Set<String> read = new TreeSet<>();
        for (CommandSpec command : cli.commands()) {
            read.addAll(cli.environmentRead(command));
        }
        return read;
    }

    /** Every dlm-watch command line of the docs (continuation lines joined), the desk's or the others. */
    static List<List<String>> commands(boolean desk) {
        List<List<String>> commands = new ArrayList<>();
        for (String doc : DOCS) {
            String text = Repository.read(doc).replace("\\\n", " ");
            Matcher m = INVOCATION.matcher(text);
            while (m.find()) {
                List<String> args = new ArrayList<>();
                for (String word : m.group(1).trim().split(" +")) {
                    if (!word.isEmpty()) {
                        args.add(word);
                    }
                }
                if (args.isEmpty()) {
                    continue;
                }
                boolean isDesk = args.get(0).equals("desk") || m.group().contains(" desk");
                if (isDesk == desk) {
                    commands.add(args);
                }
            }
        }
        return commands;
    }

    /** GitHub's anchor of a heading. */
    static String slug(String heading) {
        return heading.strip().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9 _-]", "").replace(' ', '-');
    }
}
