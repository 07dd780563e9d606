package org.dlmwatch.rules.validation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

/** Clinical-spec §2.2 units: normalise to ug/L, convert ng/L and mg/L, never guess. */
class CeaUnitsTest {

    @ParameterizedTest(name = "{0} is ug/L")
    @ValueSource(strings = {"ng/mL", "ug/L", "ng/ml", "µg/L", "μg/L", "mcg/L", "NG/ML", "UG/L", "ng / mL", " ug/l ", "Mcg/L"})
    void massUnitsEqualToUgPerLitreAreAccepted(String unit) {
        assertThat(CeaUnits.toUgL(2.5, unit)).isEqualTo(2.5);
    }

    @Test
    void nanogramsPerLitreAreDividedByAThousand() {
        assertThat(CeaUnits.toUgL(5500, "ng/L")).isEqualTo(5.5);
        assertThat(CeaUnits.toUgL(2100, "ng/l")).isEqualTo(2.1);
    }

    @Test
    void milligramsPerLitreAreMultipliedByAThousand() {
        assertThat(CeaUnits.toUgL(0.0021, "mg/L")).isEqualTo(2.1); // rounded, not 2.1000000000000005
        assertThat(CeaUnits.toUgL(0.005, "mg/L")).isCloseTo(5.0, within(1e-12));
    }

    @ParameterizedTest(name = "{0} is rejected")
    @ValueSource(strings = {"IU/mL", "U/mL", "ug/mL", "pg/mL", "nmol/L", "ng/dL", "%", "ngml", "ug"})
    void unknownUnitsAreRejectedNotGuessed(String unit) {
        assertThat(CeaUnits.isKnown(unit)).isFalse();
        assertThatThrownBy(() -> CeaUnits.toUgL(2.0, unit))
                .isInstanceOfSatisfying(RejectedInputException.class, e -> {
                    assertThat(e.rejection().code()).isEqualTo(ErrorCode.UNKNOWN_UNIT);
                    assertThat(e.getMessage()).doesNotContain(unit);
                });
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"  "})
    void missingUnitIsItsOwnReason(String unit) {
        assertThatThrownBy(() -> CeaUnits.toUgL(2.0, unit))
                .isInstanceOfSatisfying(RejectedInputException.class,
                        e -> assertThat(e.rejection().code()).isEqualTo(ErrorCode.MISSING_UNIT));
    }
}
