package org.dlmwatch.rules.scenario;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One clinical scenario folder under {@code scenarios/} on the test classpath:
 * <ul>
 *   <li>{@code README}: one line describing the clinical situation;
 *   <li>{@code events.jsonl}: the events in arrival order, in the contract's JSON-lines form;
 *   <li>{@code as-of.txt} (optional): the ISO instant at which to judge the schedule after the last
 *       event;
 *   <li>{@code expected.jsonl}: one line per alert in its final state, {@code {"patientId", "type",
 *       "status", "severity", "lesionIds"}} and optionally {@code "eventTime"}; empty when no alert is
 *       expected.
 * </ul>
 * The folder names are listed in {@code scenarios/index.txt} so that the suite can be read from a jar
 * (the engine module runs it from this module's test-jar).
 */
public record Scenario(String name, String description, List<String> eventLines, Instant asOf,
        List<JsonNode> expected) {

    public static final String ROOT = "scenarios/";

    /** Every scenario named in the index, in index order. */
    public static List<Scenario> all() {
        List<Scenario> out = new ArrayList<>();
        for (String name : index()) {
            out.add(load(name));
        }
        return out;
    }

    public static List<String> index() {
        List<String> names = new ArrayList<>();
        for (String line : lines(resource(ROOT + "index.txt"))) {
            if (!line.isBlank() && !line.startsWith("#")) {
                names.add(line.trim());
            }
        }
        return names;
    }

    public static Scenario load(String name) {
        String dir = ROOT + name + "/";
        String readme = String.join(" ", lines(resource(dir + "README"))).trim();
        String asOfText = optional(dir + "as-of.txt");
        List<JsonNode> expected = new ArrayList<>();
        for (String line : lines(resource(dir + "expected.jsonl"))) {
            if (!line.isBlank()) {
                expected.add(EventJson.read(line));
            }
        }
        return new Scenario(name, readme, lines(resource(dir + "events.jsonl")),
                asOfText == null || asOfText.isBlank() ? null : Instant.parse(asOfText.trim()), expected);
    }

    @Override
    public String toString() {
        return name; // the parameterized test's display name
    }

    private static String optional(String path) {
        InputStream in = Scenario.class.getClassLoader().getResourceAsStream(path);
        if (in == null) {
            return null;
        }
        return String.join("\n", lines(in));
    }

    private static InputStream resource(String path) {
        InputStream in = Scenario.class.getClassLoader().getResourceAsStream(path);
        if (in == null) {
            throw new IllegalStateException("missing scenario resource " + path);
        }
        return in;
    }

    private static List<String> lines(InputStream in) {
        try (in) {
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            return text.isEmpty() ? List.of() : List.of(text.split("\r?\n"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
