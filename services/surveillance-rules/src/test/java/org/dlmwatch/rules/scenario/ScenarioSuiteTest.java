package org.dlmwatch.rules.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;

import org.dlmwatch.rules.RuleConfig;
import org.dlmwatch.rules.alert.Alert;
import org.dlmwatch.rules.model.ClinicalEvent;
import org.dlmwatch.rules.replay.Replay;
import org.dlmwatch.rules.replay.ReplayResult;
import org.dlmwatch.rules.validation.RejectedInputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The clinical scenario suite: every folder of {@code src/test/resources/scenarios} replayed through
 * {@link Replay}, final alerts compared with {@code expected.jsonl} on patientId, type, status,
 * severity, lesion ids and, where the expectation gives it, eventTime.
 */
class ScenarioSuiteTest {

    static Stream<Scenario> scenarios() {
        return Scenario.all().stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("scenarios")
    void scenarioEndsInTheExpectedAlerts(Scenario s) {
        List<ClinicalEvent> events = new ArrayList<>();
        for (String line : s.eventLines()) {
            if (line.isBlank()) {
                continue;
            }
            try {
                events.add(EventJson.parseEvent(line));
            } catch (RejectedInputException e) {
                // dead-lettered at the mapping step (e.g. a segment that is not Couinaud)
            }
        }
        ReplayResult result = Replay.run(events, s.asOf(), RuleConfig.defaults());
        compare(s, result.alerts());
    }

    /** Matches expectations with an eventTime first, so that looser lines cannot take their alert. */
    static void compare(Scenario s, List<Alert> actual) {
        List<Alert> unmatched = new ArrayList<>(actual);
        List<JsonNode> missing = new ArrayList<>();
        List<JsonNode> ordered = new ArrayList<>(s.expected());
        ordered.sort((a, b) -> Boolean.compare(!a.has("eventTime"), !b.has("eventTime")));
        for (JsonNode e : ordered) {
            Alert match = unmatched.stream().filter(a -> matches(e, a)).findFirst().orElse(null);
            if (match == null) {
                missing.add(e);
            } else {
                unmatched.remove(match);
            }
        }
        if (!missing.isEmpty() || !unmatched.isEmpty()) {
            fail("Scenario " + s.name() + " (" + s.description() + ")\n"
                    + "  expected but missing:\n" + lines(missing.stream().map(JsonNode::toString))
                    + "  not expected:\n" + lines(unmatched.stream().map(a -> EventJson.expectation(a, true).toString()))
                    + "  all actual alerts (final state):\n"
                    + lines(actual.stream().map(a -> EventJson.expectation(a, true) + "  # " + a.title())));
        }
    }

    private static boolean matches(JsonNode e, Alert a) {
        JsonNode shape = EventJson.expectation(a, e.has("eventTime"));
        for (var field : shape.properties()) {
            if (field.getKey().equals("lesionIds")) {
                List<String> expected = new ArrayList<>();
                e.path("lesionIds").forEach(n -> expected.add(n.asText()));
                expected.sort(null);
                List<String> got = new ArrayList<>();
                field.getValue().forEach(n -> got.add(n.asText()));
                if (!expected.equals(got)) {
                    return false;
                }
            } else if (!field.getValue().equals(e.get(field.getKey()))) {
                return false;
            }
        }
        return true;
    }

    private static String lines(Stream<String> s) {
        String joined = s.map(l -> "    " + l).collect(Collectors.joining("\n"));
        return joined.isEmpty() ? "    (none)\n" : joined + "\n";
    }

    @Test
    void indexListsEveryScenarioFolder() throws IOException {
        Path root = Path.of("src/test/resources/scenarios");
        List<String> folders;
        try (Stream<Path> dirs = Files.list(root)) {
            folders = dirs.filter(Files::isDirectory).map(p -> p.getFileName().toString()).sorted().toList();
        }
        assertThat(Scenario.index()).containsExactlyElementsOf(folders);
        assertThat(folders).hasSizeGreaterThanOrEqualTo(44);
        for (String f : folders) {
            assertThat(root.resolve(f).resolve("README")).as(f + " README").isRegularFile();
            assertThat(root.resolve(f).resolve("events.jsonl")).as(f + " events").isRegularFile();
            assertThat(root.resolve(f).resolve("expected.jsonl")).as(f + " expected").isRegularFile();
        }
    }
}
