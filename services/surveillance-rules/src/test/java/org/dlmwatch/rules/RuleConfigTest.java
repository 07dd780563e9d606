package org.dlmwatch.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Period;
import java.util.Map;
import java.util.Properties;

import org.junit.jupiter.api.Test;

/** Every threshold in one place, with the spec's defaults, property and environment overlays. */
class RuleConfigTest {

    @Test
    void defaultsAreTheSpecsNumbers() {
        RuleConfig c = RuleConfig.defaults();
        assertThat(c.defaultUlnUgL()).isEqualTo(5.0);
        assertThat(c.chemoWindow()).isEqualTo(Period.ofWeeks(6));
        assertThat(c.repeatRisePercent()).isEqualTo(20.0);
        assertThat(c.repeatRiseMinUgL()).isEqualTo(0.5);
        assertThat(c.repeatWithinWeeks()).isEqualTo(4);
        assertThat(c.riseAboveBaselineUgL()).isEqualTo(7.0);
        assertThat(c.doublingTimeMaxDays()).isEqualTo(80.0);
        assertThat(c.doublingTimeMinValues()).isEqualTo(3);
        assertThat(c.doublingTimeMinSpanDays()).isEqualTo(56);
        assertThat(c.equivocalRepeatMinWeeks()).isEqualTo(6);
        assertThat(c.equivocalRepeatMaxWeeks()).isEqualTo(8);
        assertThat(c.escalationWindowDays()).isEqualTo(90);
        assertThat(c.intervalForProgrammeYear(1)).isEqualTo(Period.ofMonths(3));
        assertThat(c.intervalForProgrammeYear(2)).isEqualTo(Period.ofMonths(3));
        assertThat(c.intervalForProgrammeYear(3)).isEqualTo(Period.ofMonths(6));
        assertThat(c.intervalForProgrammeYear(5)).isEqualTo(Period.ofMonths(6));
        assertThat(c.overdueGraceDays()).isEqualTo(30);
        assertThat(c.programmeLengthYears()).isEqualTo(5);
    }

    @Test
    void envNamesFollowOneRule() {
        assertThat(RuleConfig.Key.CEA_RISE_ABOVE_BASELINE.envName()).isEqualTo("DLMWATCH_CEA_RISE_ABOVE_BASELINE_UGL");
        assertThat(RuleConfig.Key.CEA_DEFAULT_ULN.envName()).isEqualTo("DLMWATCH_CEA_DEFAULT_ULN_UGL");
        assertThat(RuleConfig.Key.CEA_DOUBLING_MIN_SPAN.envName()).isEqualTo("DLMWATCH_CEA_DOUBLING_TIME_MIN_SPAN_DAYS");
        assertThat(RuleConfig.Key.SCHEDULE_OVERDUE_GRACE.envName()).isEqualTo("DLMWATCH_SCHEDULE_OVERDUE_GRACE_DAYS");
        assertThat(RuleConfig.Key.HISTORY_MAX_LAB_RESULTS.envName()).isEqualTo("DLMWATCH_HISTORY_MAX_LAB_RESULTS");
        for (RuleConfig.Key k : RuleConfig.Key.values()) {
            assertThat(k.envName()).matches("DLMWATCH_[A-Z0-9_]+").doesNotContain("__");
        }
    }

    @Test
    void propertiesOverrideDefaultsAndEnvironmentOverridesProperties() {
        Properties p = new Properties();
        p.setProperty("cea.riseAboveBaselineUgL", "5.5");
        p.setProperty("schedule.overdueGraceDays", "14");
        p.setProperty("kafka.bootstrap.servers", "ignored:9092"); // another module's key
        RuleConfig fromFile = RuleConfig.fromProperties(p);
        assertThat(fromFile.riseAboveBaselineUgL()).isEqualTo(5.5);
        assertThat(fromFile.overdueGraceDays()).isEqualTo(14);
        assertThat(fromFile.defaultUlnUgL()).isEqualTo(5.0);

        RuleConfig both = RuleConfig.load(p, Map.of("DLMWATCH_CEA_RISE_ABOVE_BASELINE_UGL", "6", "PATH", "/bin"));
        assertThat(both.riseAboveBaselineUgL()).isEqualTo(6.0);
        assertThat(both.overdueGraceDays()).isEqualTo(14);
    }

    @Test
    void aMisspeltClinicalSettingFailsLoudly() {
        Properties p = new Properties();
        p.setProperty("cea.riseAboveBaseline", "5.5");
        assertThatThrownBy(() -> RuleConfig.fromProperties(p)).hasMessageContaining("cea.riseAboveBaseline");
    }

    @Test
    void invalidValuesAreRejected() {
        assertThatThrownBy(() -> RuleConfig.fromProperties(props("cea.defaultUlnUgL", "five")))
                .hasMessageContaining("cea.defaultUlnUgL");
        assertThatThrownBy(() -> RuleConfig.fromProperties(props("cea.defaultUlnUgL", "-1")))
                .hasMessageContaining("positive");
        assertThatThrownBy(() -> RuleConfig.fromProperties(props("cea.doublingTimeMinValues", "1")))
                .hasMessageContaining("at least 2");
        assertThatThrownBy(() -> RuleConfig.defaults().withEnvironment(Map.of("DLMWATCH_SCHEDULE_EARLY_INTERVAL_MONTHS", "0")))
                .hasMessageContaining("schedule.earlyIntervalMonths");
    }

    @Test
    void asValuesRoundTrips() {
        Properties p = new Properties();
        RuleConfig.defaults().asValues().forEach((k, v) -> p.setProperty(k.property(), v));
        assertThat(RuleConfig.fromProperties(p)).isEqualTo(RuleConfig.defaults());
    }

    @Test
    void readmeDocumentsEveryKeyWithItsDefaultAndEnvName() throws IOException {
        String readme = Files.readString(Path.of("README.md"));
        for (RuleConfig.Key k : RuleConfig.Key.values()) {
            assertThat(readme).as("README row for " + k.property())
                    .contains("| `" + k.property() + "` | `" + k.envName() + "` | " + k.defaultValue() + " |");
        }
    }

    private static Properties props(String k, String v) {
        Properties p = new Properties();
        p.setProperty(k, v);
        return p;
    }
}
