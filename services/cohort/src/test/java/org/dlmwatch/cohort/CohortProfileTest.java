package org.dlmwatch.cohort;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.HashSet;
import java.util.Properties;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CohortProfileTest {

    @Test
    void defaultsAreTheSpecsFigures() {
        CohortProfile p = CohortProfile.defaults();
        assertThat(p.regrowth().probability()).isEqualTo(0.35);
        assertThat(p.regrowth().mainFromMonths()).isEqualTo(3);
        assertThat(p.regrowth().mainToMonths()).isEqualTo(24);
        assertThat(p.regrowth().maxMonths()).isEqualTo(36);
        assertThat(p.growth().visibleSizeMm()).isEqualTo(5);
        assertThat(p.growth().maxFirstSeenMm()).isEqualTo(15);
        assertThat(p.cea().riseWithRecurrenceProbability()).isEqualTo(0.65);
        assertThat(p.cea().riseLeadMaxDays()).isEqualTo(90);
        assertThat(p.cea().riseDoublingMinDays()).isEqualTo(30);
        assertThat(p.cea().riseDoublingMaxDays()).isEqualTo(180);
        assertThat(p.cea().noiseCvMin()).isEqualTo(0.10);
        assertThat(p.cea().noiseCvMax()).isEqualTo(0.15);
        assertThat(p.falseAlarmers().fraction()).isBetween(0.05, 0.10);
        assertThat(p.falseAlarmers().levelMinUgL()).isEqualTo(3);
        assertThat(p.falseAlarmers().levelMaxUgL()).isEqualTo(8);
        assertThat(p.schedule().earlyIntervalMonths()).isEqualTo(3);
        assertThat(p.schedule().lateIntervalMonths()).isEqualTo(6);
        assertThat(p.schedule().earlyYears()).isEqualTo(2);
        assertThat(p.labs().ceaShare()).isEqualTo(0.05);
        assertThat(p.lesions().countMin()).isEqualTo(1);
        assertThat(p.lesions().countMax()).isEqualTo(9);
    }

    @Test
    void propertiesOverrideDefaults() {
        Properties props = new Properties();
        props.setProperty("regrowth.probability", "0.4");
        props.setProperty("enrollment.windowStart", "2025-03-01");
        props.setProperty("awkward.forceInFirstPatients", "false");
        props.setProperty("some.other.module", "ignored");
        CohortProfile p = CohortProfile.fromProperties(props);
        assertThat(p.regrowth().probability()).isEqualTo(0.4);
        assertThat(p.enrollment().windowStart()).isEqualTo(LocalDate.of(2025, 3, 1));
        assertThat(p.awkward().forceInFirstPatients()).isFalse();
        assertThat(CohortProfile.describe(CohortProfile.overrides(props))).containsOnlyKeys(
                "regrowth.probability", "enrollment.windowStart", "awkward.forceInFirstPatients");
    }

    @Test
    void aMisspeltOrInvalidSettingFailsLoudly() {
        Properties typo = new Properties();
        typo.setProperty("regrowth.probabilty", "0.4");
        assertThatThrownBy(() -> CohortProfile.fromProperties(typo)).hasMessageContaining("regrowth.probabilty");
        Properties notAFraction = new Properties();
        notAFraction.setProperty("regrowth.probability", "1.5");
        assertThatThrownBy(() -> CohortProfile.fromProperties(notAFraction)).hasMessageContaining("between 0 and 1");
        Properties disordered = new Properties();
        disordered.setProperty("cea.riseDoublingMinDays", "200");
        assertThatThrownBy(() -> CohortProfile.fromProperties(disordered)).hasMessageContaining("must not exceed");
    }

    @Test
    void everySettingIsDocumentedWithItsSource() throws Exception {
        Path doc = Path.of("../../docs/synthetic-cohorts.md");
        assertThat(doc).exists();
        String text = Files.readString(doc);
        Set<String> seen = new HashSet<>();
        for (CohortProfile.Key k : CohortProfile.Key.values()) {
            assertThat(seen.add(k.property())).as("unique property %s", k.property()).isTrue();
            assertThat(k.source()).as("source of %s", k.property()).isNotBlank();
            assertThat(text).as("docs/synthetic-cohorts.md documents %s", k.property()).contains("`" + k.property() + "`");
        }
    }
}
