package org.dlmwatch.rules.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.dlmwatch.rules.validation.ErrorCode;
import org.dlmwatch.rules.validation.RejectedInputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Couinaud segments (§2.1) and same-segment matching (§3.2: "IV matches IVa and IVb"). */
class SegmentTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({"I,I", "VIII,VIII", "IVa,IVa", "IVb,IVb", "IV,IV", "iva,IVa", "IVB,IVb", " vii ,VII",
            "1,I", "4,IV", "4a,IVa", "4B,IVb", "8,VIII"})
    void parsesContractSpellingCaseInsensitiveAndArabic(String raw, String expected) {
        assertThat(Segment.parse(raw).label()).isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {"IX", "9", "0", "IVc", "segment 7", "left lobe", "IV a"})
    void anythingElseIsAnUnknownSegment(String raw) {
        assertThatThrownBy(() -> Segment.parse(raw))
                .isInstanceOfSatisfying(RejectedInputException.class, e -> {
                    assertThat(e.rejection().code()).isEqualTo(ErrorCode.UNKNOWN_SEGMENT);
                    assertThat(e.getMessage()).doesNotContain(raw);
                });
    }

    @Test
    void missingSegmentIsAMissingField() {
        assertThatThrownBy(() -> Segment.parse(null))
                .isInstanceOfSatisfying(RejectedInputException.class,
                        e -> assertThat(e.rejection().code()).isEqualTo(ErrorCode.MISSING_FIELD));
        assertThat(Segment.tryParse("")).isEmpty();
    }

    @ParameterizedTest(name = "{0} vs {1}: {2}")
    @CsvSource({"IV,IVa,true", "IVa,IV,true", "IV,IVb,true", "IVb,IV,true", "IV,IV,true", "IVa,IVa,true",
            "IVa,IVb,false", "IVb,IVa,false", "VII,VIII,false", "VII,VII,true", "IV,V,false", "I,IVa,false"})
    void matching(String a, String b, boolean matches) {
        assertThat(Segment.parse(a).matches(Segment.parse(b))).isEqualTo(matches);
    }

    @Test
    void familyFoldsSubSegmentsOfFourOnly() {
        assertThat(Segment.IVa.family()).isEqualTo(Segment.IV);
        assertThat(Segment.IVb.family()).isEqualTo(Segment.IV);
        assertThat(Segment.VII.family()).isEqualTo(Segment.VII);
    }
}
