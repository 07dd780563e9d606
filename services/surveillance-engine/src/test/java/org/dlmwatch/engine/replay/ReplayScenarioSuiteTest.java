package org.dlmwatch.engine.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.dlmwatch.engine.replay.TopologyReplay.DeadLetterLine;
import org.dlmwatch.events.v1.SurveillanceAlert;
import org.dlmwatch.platform.json.ContractJson;
import org.dlmwatch.platform.json.EventFile;
import org.dlmwatch.rules.RuleConfig;
import org.dlmwatch.rules.scenario.Scenario;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The clinical scenario suite of the rules module (services/surveillance-rules, scenarios/),
 * end to end through the replay path: the JSON lines are encoded as Avro in the registry wire
 * format and run through the engine's own Kafka Streams topology, exactly as
 * {@code dlm-watch replay} does. Each scenario's final alerts must match its expected.jsonl, and
 * only the scenarios about bad input may produce dead letters.
 */
class ReplayScenarioSuiteTest {

    /** Dead letters (error codes, in line order) that the bad-input scenarios must produce. */
    private static final Map<String, List<String>> EXPECTED_DEAD_LETTERS = Map.of(
            "21-unit-unknown-or-missing-dead-lettered", List.of("UNKNOWN_UNIT", "MISSING_UNIT"),
            "65-unknown-segment-dead-lettered", List.of("UNKNOWN_SEGMENT"),
            "75-dead-lettered-cea-is-not-an-exam", List.of("UNKNOWN_UNIT", "UNKNOWN_UNIT", "UNKNOWN_UNIT"));

    static Stream<Scenario> scenarios() {
        return Scenario.all().stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("scenarios")
    void replayEndsInTheExpectedAlerts(Scenario scenario) throws Exception {
        EventFile events = EventFile.read(new BufferedReader(new StringReader(String.join("\n", scenario.eventLines()))));
        assertThat(events.rejections()).as("every line of %s is valid JSON of the contract", scenario.name()).isEmpty();

        var result = TopologyReplay.run(events, Optional.ofNullable(scenario.asOf()), RuleConfig.defaults());

        compare(scenario, result.alerts(), result.deadLetters());
        assertThat(result.deadLetters()).extracting(DeadLetterLine::errorCode)
                .as("dead letters of %s", scenario.name())
                .containsExactlyElementsOf(EXPECTED_DEAD_LETTERS.getOrDefault(scenario.name(), List.of()));
    }

    private static void compare(Scenario scenario, List<SurveillanceAlert> alerts, List<DeadLetterLine> deadLetters) {
        List<ObjectNode> unmatched = alerts.stream().map(ContractJson::toJson).collect(Collectors.toList());
        List<JsonNode> missing = new ArrayList<>();
        List<JsonNode> expected = new ArrayList<>(scenario.expected());
        // expectations that pin an eventTime first, so that looser ones cannot take their alert
        expected.sort((a, b) -> Boolean.compare(!a.has("eventTime"), !b.has("eventTime")));
        for (JsonNode expectation : expected) {
            Optional<ObjectNode> match = unmatched.stream().filter(actual -> matches(expectation, actual)).findFirst();
            match.ifPresentOrElse(unmatched::remove, () -> missing.add(expectation));
        }
        if (!missing.isEmpty() || !unmatched.isEmpty()) {
            fail("scenario " + scenario.name() + " (" + scenario.description() + ")\n  expected but missing:\n"
                    + lines(missing) + "  not expected:\n" + lines(unmatched) + "  dead letters: " + deadLetters);
        }
    }

    /** Every field the expectation names has the same value in the alert. */
    private static boolean matches(JsonNode expectation, JsonNode actual) {
        for (var fields = expectation.fields(); fields.hasNext(); ) {
            var field = fields.next();
            if (!field.getValue().equals(actual.get(field.getKey()))) {
                return false;
            }
        }
        return true;
    }

    private static String lines(List<? extends JsonNode> nodes) {
        return nodes.stream().map(n -> "    " + n + "\n").collect(Collectors.joining());
    }
}
