package org.dlmwatch.rules.validation;

import java.util.Locale;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * CEA unit normalisation, clinical-spec §2.2: "normalise to ug/L (ng/mL is numerically identical).
 * Accept the UCUM spellings ng/mL, ug/L, and their common variants (ng/ml, µg/L, mcg/L); convert
 * ng/L (÷1000) and mg/L (×1000). An unknown or missing unit is bad input: dead-letter it with the
 * reason; never guess."
 *
 * <p>Matching ignores letter case and blanks, and accepts both the micro sign (U+00B5) and the Greek
 * mu (U+03BC). Nothing else is accepted: not ug/mL, not pg/mL, not IU, because a unit we would have
 * to interpret is a guess.
 */
public final class CeaUnits {

    /** The canonical unit of every value inside the rules. */
    public static final String UG_PER_L = "ug/L";

    /**
     * The spellings labs send, looked up as they are: the rules convert every value of a patient's
     * history at every evaluation, and normalising the same few strings each time cost more than the
     * rules using them. Their factors come from the normalisation itself, which reads anything else.
     */
    private static final Map<String, OptionalDouble> USUAL_SPELLINGS = Stream.of(
            "ng/mL", "ng/ml", "ug/L", "\u00b5g/L", "\u03bcg/L", "mcg/L", "ng/L", "mg/L")
            .collect(Collectors.toUnmodifiableMap(unit -> unit, CeaUnits::normalisedFactor));

    private CeaUnits() {
    }

    /**
     * The factor that converts a value in {@code unit} to ug/L, or empty when the unit is missing or
     * not recognised.
     */
    public static OptionalDouble factorToUgL(String unit) {
        if (unit == null) {
            return OptionalDouble.empty();
        }
        OptionalDouble usual = USUAL_SPELLINGS.get(unit);
        return usual != null ? usual : normalisedFactor(unit);
    }

    private static OptionalDouble normalisedFactor(String unit) {
        String u = unit.replace(" ", "")
                .replace('\u00b5', 'u') // micro sign
                .replace('\u03bc', 'u') // Greek small mu
                .toLowerCase(Locale.ROOT);
        switch (u) {
            case "ng/ml":
            case "ug/l":
            case "mcg/l":
                return OptionalDouble.of(1.0);
            case "ng/l":
                return OptionalDouble.of(0.001);
            case "mg/l":
                return OptionalDouble.of(1000.0);
            default:
                return OptionalDouble.empty();
        }
    }

    public static boolean isKnown(String unit) {
        return factorToUgL(unit).isPresent();
    }

    /**
     * Converts {@code value} in {@code unit} to ug/L, rounded to 6 decimals (far below any assay's
     * precision) so that 0.0021 mg/L reads as 2.1 and not 2.1000000000000005.
     *
     * @throws RejectedInputException MISSING_UNIT or UNKNOWN_UNIT
     */
    public static double toUgL(double value, String unit) {
        OptionalDouble factor = factorToUgL(unit);
        if (factor.isEmpty()) {
            throw new RejectedInputException(unitRejection(unit));
        }
        return round6(value * factor.getAsDouble());
    }

    static Rejection unitRejection(String unit) {
        return unit == null || unit.isBlank()
                ? new Rejection(ErrorCode.MISSING_UNIT, "CEA result has no unit")
                : new Rejection(ErrorCode.UNKNOWN_UNIT, "unit is not a recognised CEA mass unit");
    }

    private static double round6(double v) {
        return Math.round(v * 1_000_000d) / 1_000_000d;
    }
}
