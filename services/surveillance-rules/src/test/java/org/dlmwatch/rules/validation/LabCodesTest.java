package org.dlmwatch.rules.validation;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Clinical-spec §2.2: which LOINC codes are CEA. */
class LabCodesTest {

    @Test
    void onlyMassCeaEntersTheSeries() {
        assertThat(LabCodes.classify("2039-6")).isEqualTo(LabCodes.Kind.CEA_MASS);
        assertThat(LabCodes.isCeaMass("2039-6")).isTrue();
        assertThat(LabCodes.isCeaMass("19166-8")).isFalse();
    }

    @Test
    void unitsAndMolesPerVolumeAreNonComparableCeaNotErrors() {
        assertThat(LabCodes.classify("19166-8")).isEqualTo(LabCodes.Kind.CEA_NON_COMPARABLE);
        assertThat(LabCodes.classify("19167-6")).isEqualTo(LabCodes.Kind.CEA_NON_COMPARABLE);
        assertThat(LabCodes.isCeaRelevant("19166-8")).isTrue();
        assertThat(LabCodes.isCeaRelevant("19167-6")).isTrue();
    }

    @Test
    void everythingElseIsIgnoredSilently() {
        assertThat(LabCodes.isCeaRelevant("2345-7")).isFalse(); // glucose
        assertThat(LabCodes.isCeaRelevant(null)).isFalse();
        assertThat(LabCodes.isCeaRelevant("")).isFalse();
        assertThat(LabCodes.isCeaRelevant(" 2039-6 ")).isTrue();
    }
}
