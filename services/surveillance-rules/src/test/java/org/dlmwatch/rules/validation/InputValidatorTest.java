package org.dlmwatch.rules.validation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.dlmwatch.rules.Fx.cea;
import static org.dlmwatch.rules.Fx.enrollment;
import static org.dlmwatch.rules.Fx.lesion;
import static org.dlmwatch.rules.Fx.mri;
import static org.dlmwatch.rules.Fx.present;
import static org.dlmwatch.rules.Fx.t;

import java.time.Instant;
import java.util.List;

import org.dlmwatch.rules.Fx;
import org.dlmwatch.rules.RuleConfig;
import org.dlmwatch.rules.model.Enrollment;
import org.dlmwatch.rules.model.ImagingReport;
import org.dlmwatch.rules.model.LabResult;
import org.dlmwatch.rules.model.LesionFinding;
import org.dlmwatch.rules.model.ResultStatus;
import org.dlmwatch.rules.model.Segment;
import org.dlmwatch.rules.model.FindingStatus;
import org.junit.jupiter.api.Test;

/** What is dead-lettered, with which code, and that no message carries patient data. */
class InputValidatorTest {

    private static final String SECRET_PATIENT = "NHS-943-476-5919";
    private final InputValidator validator = new InputValidator(RuleConfig.defaults());
    private final Instant now = t("2025-03-01T12:00:00Z");

    private static LabResult lab(Fx.Lab b) {
        LabResult r = b.patient(SECRET_PATIENT).build();
        return r;
    }

    private static void assertRejected(ValidationResult result, ErrorCode code) {
        assertThat(result).isInstanceOf(Rejection.class);
        Rejection r = (Rejection) result;
        assertThat(r.code()).isEqualTo(code);
        assertThat(r.message()).doesNotContain(SECRET_PATIENT).doesNotContain("R9").doesNotContain("9.87")
                .doesNotContain("kU/L").isNotBlank();
    }

    @Test
    void aGoodCeaResultIsOk() {
        assertThat(validator.validate(lab(cea("R9", "2025-02-15", 2.1)), now)).isEqualTo(ValidationResult.OK);
        assertThat(ValidationResult.OK.isOk()).isTrue();
    }

    @Test
    void missingAndUnknownUnits() {
        assertRejected(validator.validate(lab(cea("R9", "2025-02-15", 9.87).unit(null))), ErrorCode.MISSING_UNIT);
        assertRejected(validator.validate(lab(cea("R9", "2025-02-15", 9.87).unit("kU/L"))), ErrorCode.UNKNOWN_UNIT);
    }

    @Test
    void negativeOrNonFiniteValues() {
        assertRejected(validator.validate(lab(cea("R9", "2025-02-15", -9.87))), ErrorCode.INVALID_VALUE);
        assertRejected(validator.validate(lab(cea("R9", "2025-02-15", Double.NaN))), ErrorCode.INVALID_VALUE);
        assertRejected(validator.validate(lab(cea("R9", "2025-02-15", Double.POSITIVE_INFINITY))), ErrorCode.INVALID_VALUE);
        assertRejected(validator.validate(lab(cea("R9", "2025-02-15", 2.0).ref(-1))), ErrorCode.INVALID_VALUE);
    }

    @Test
    void zeroIsAValidValue() {
        assertThat(validator.validate(lab(cea("R9", "2025-02-15", 0.0))).isOk()).isTrue();
    }

    @Test
    void finalOrCorrectedCeaWithoutValueIsMissingValue() {
        assertRejected(validator.validate(lab(cea("R9", "2025-02-15", 1).value(null))), ErrorCode.MISSING_VALUE);
        assertRejected(validator.validate(lab(cea("R9", "2025-02-15", 1).value(null).status(ResultStatus.CORRECTED))),
                ErrorCode.MISSING_VALUE);
    }

    @Test
    void cancellationsNeedNoValueOrUnit() {
        assertThat(validator.validate(lab(cea("R9", "2025-02-15", 1).value(null).unit(null)
                .status(ResultStatus.CANCELLED))).isOk()).isTrue();
        assertThat(validator.validate(lab(cea("R9", "2025-02-15", 1).value(null).unit(null)
                .status(ResultStatus.ENTERED_IN_ERROR))).isOk()).isTrue();
    }

    @Test
    void nonComparableCeaIsNotAnError() {
        assertThat(validator.validate(lab(cea("R9", "2025-02-15", 50).loinc("19166-8").unit("U/mL"))).isOk()).isTrue();
    }

    @Test
    void badComparator() {
        assertRejected(validator.validate(lab(cea("R9", "2025-02-15", 2).censored("~"))), ErrorCode.INVALID_COMPARATOR);
    }

    @Test
    void timestampsMoreThanADayAheadAreRejected() {
        assertThat(validator.validate(lab(cea("R9", "2025-03-02", 2.0).resulted("2025-03-02T11:00:00Z")), now).isOk())
                .isTrue(); // 23 h ahead: tolerated clock skew
        assertRejected(validator.validate(lab(cea("R9", "2025-03-03", 2.0)), now), ErrorCode.FUTURE_TIMESTAMP);
        assertRejected(validator.validate(lab(cea("R9", "2025-02-15", 2.0).resulted("2025-03-02T12:00:01Z")), now),
                ErrorCode.FUTURE_TIMESTAMP);
        assertRejected(validator.validate(mri("I1", "2025-03-05"), now), ErrorCode.FUTURE_TIMESTAMP);
        Enrollment late = Fx.ended(enrollment(), "2025-03-04T00:00:00Z");
        assertRejected(validator.validate(late, now), ErrorCode.FUTURE_TIMESTAMP);
        // without a clock (content only), the same records pass
        assertThat(validator.validate(mri("I1", "2025-03-05")).isOk()).isTrue();
    }

    @Test
    void missingFields() {
        LabResult noTime = new LabResult("R9", SECRET_PATIENT, "2039-6", 2.0, null, "ng/mL", null, ResultStatus.FINAL,
                null, t("2025-02-15"), null, null, "lab");
        assertRejected(validator.validate(noTime), ErrorCode.MISSING_FIELD);
        ImagingReport noModality = new ImagingReport("I1", SECRET_PATIENT, t("2025-02-15"), null,
                org.dlmwatch.rules.model.ReportStatus.FINAL, List.of(), t("2025-02-15"), "ris");
        assertRejected(validator.validate(noModality), ErrorCode.MISSING_FIELD);
    }

    @Test
    void negativeFindingSize() {
        ImagingReport r = mri("I1", "2025-02-15", new LesionFinding(null, Segment.VII, -3.0, FindingStatus.PRESENT));
        assertRejected(validator.validate(r), ErrorCode.INVALID_VALUE);
        assertThat(validator.validate(mri("I1", "2025-02-15", present("VII", null, 8.0))).isOk()).isTrue();
    }

    @Test
    void duplicateLesionIdsMakeMatchingImpossible() {
        assertRejected(validator.validate(enrollment(lesion("L1", "VII"), lesion("l1 ", "II"))), ErrorCode.DUPLICATE_LESION_ID);
        assertThat(validator.validate(enrollment(lesion("L1", "VII"), lesion("L2", "II"))).isOk()).isTrue();
    }

    @Test
    void engineCodesExist() {
        assertThat(ErrorCode.valueOf("DESERIALIZATION_FAILED")).isNotNull();
        assertThat(ErrorCode.valueOf("RULE_FAILURE")).isNotNull();
    }
}
