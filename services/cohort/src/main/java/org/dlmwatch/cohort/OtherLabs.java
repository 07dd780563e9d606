package org.dlmwatch.cohort;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;

/**
 * The lab topic's other traffic: common tests with plausible values and UCUM units, drawn with the
 * surveillance CEA (a standard panel) and at other encounters. The engine must drop all of it
 * without touching a patient's state. Medians and spreads are those of adult reference populations
 * (module choice); they only need to look like real traffic.
 */
final class OtherLabs {

    /** One test: LOINC code, unit, median, log-sd, decimals, reference upper limit (null if none). */
    record Test(String loinc, String unit, double median, double logSd, int decimals, Double referenceHigh,
            boolean liverEnzyme) {

        double value(Rng rng, boolean chronicLiverDisease) {
            double v = rng.logNormal(median, logSd, 0, Double.MAX_VALUE);
            if (chronicLiverDisease && liverEnzyme) {
                v *= 1.8;
            }
            return round(v, decimals);
        }
    }

    static final List<Test> CATALOGUE = List.of(
            new Test("718-7", "g/dL", 13.4, 0.09, 1, 17.5, false),           // hemoglobin
            new Test("6690-2", "10*3/uL", 6.4, 0.25, 1, 11.0, false),        // leukocytes
            new Test("777-3", "10*3/uL", 235, 0.25, 0, 400.0, false),        // platelets
            new Test("2160-0", "mg/dL", 0.9, 0.20, 2, 1.3, false),           // creatinine
            new Test("33914-3", "mL/min/{1.73_m2}", 84, 0.15, 0, null, false), // eGFR (MDRD)
            new Test("2951-2", "mmol/L", 140, 0.015, 0, 145.0, false),       // sodium
            new Test("2823-3", "mmol/L", 4.2, 0.07, 1, 5.1, false),          // potassium
            new Test("1742-6", "U/L", 24, 0.40, 0, 55.0, true),              // ALT
            new Test("1920-8", "U/L", 24, 0.35, 0, 40.0, true),              // AST
            new Test("6768-6", "U/L", 80, 0.30, 0, 130.0, true),             // alkaline phosphatase
            new Test("1975-2", "mg/dL", 0.6, 0.35, 1, 1.2, false),           // bilirubin total
            new Test("1751-7", "g/dL", 4.1, 0.08, 1, 5.0, false),            // albumin
            new Test("2324-2", "U/L", 30, 0.50, 0, 60.0, true),              // GGT
            new Test("2345-7", "mg/dL", 98, 0.15, 0, 140.0, false),          // glucose
            new Test("1988-5", "mg/L", 2.5, 0.80, 1, 5.0, false),            // CRP
            new Test("6301-6", "{INR}", 1.0, 0.07, 2, 1.2, false),           // INR
            new Test("24108-3", "U/mL", 12, 0.60, 0, 37.0, false),           // CA 19-9
            new Test("3094-0", "mg/dL", 15, 0.30, 0, 20.0, false));          // urea nitrogen

    /** The panel drawn with every surveillance CEA, in order (blood count, renal and liver function). */
    static final List<Test> PANEL = CATALOGUE.subList(0, 13);

    private OtherLabs() {}

    /** A random subset of {@code k} different tests of the catalogue, in catalogue order. */
    static List<Test> pick(Rng rng, int k) {
        List<Test> pool = new ArrayList<>(CATALOGUE);
        List<Integer> chosen = new ArrayList<>();
        List<Integer> indices = new ArrayList<>();
        for (int i = 0; i < pool.size(); i++) {
            indices.add(i);
        }
        for (int i = 0; i < Math.min(k, pool.size()); i++) {
            chosen.add(indices.remove(rng.between(0, indices.size() - 1)));
        }
        chosen.sort(Integer::compare);
        List<Test> out = new ArrayList<>(chosen.size());
        for (int i : chosen) {
            out.add(pool.get(i));
        }
        return out;
    }

    static double round(double v, int decimals) {
        return BigDecimal.valueOf(v).setScale(decimals, RoundingMode.HALF_UP).doubleValue();
    }
}
