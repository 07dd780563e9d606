package org.dlmwatch.cohort;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Couinaud segments for the generator: how often a metastasis lands in each (roughly by segment
 * volume: the right liver is larger) and which segments touch. The contract's spellings.
 */
final class Couinaud {

    static final List<String> SEGMENTS = List.of("I", "II", "III", "IVa", "IVb", "V", "VI", "VII", "VIII");
    /** Relative volume; module choice (right posterior and anterior sections carry most metastases). */
    static final double[] WEIGHTS = {0.03, 0.08, 0.08, 0.08, 0.07, 0.13, 0.14, 0.18, 0.21};

    private static final Map<String, List<String>> ADJACENT = Map.of(
            "I", List.of("II", "IVa", "VII", "VIII"),
            "II", List.of("I", "III", "IVa"),
            "III", List.of("II", "IVb"),
            "IVa", List.of("I", "II", "IVb", "VIII"),
            "IVb", List.of("III", "IVa", "V"),
            "V", List.of("IVb", "VI", "VIII"),
            "VI", List.of("V", "VII"),
            "VII", List.of("I", "VI", "VIII"),
            "VIII", List.of("I", "IVa", "V", "VII"));

    private Couinaud() {}

    static List<String> adjacent(String segment) {
        return ADJACENT.getOrDefault(segment, List.of());
    }

    /** IVa and IVb fold into IV, as the rules do for segment-keyed identities. */
    static String family(String segment) {
        return segment.startsWith("IV") ? "IV" : segment;
    }

    /** The segments whose family holds none of the given segments. */
    static List<String> freeOf(List<String> occupied) {
        List<String> out = new ArrayList<>();
        for (String s : SEGMENTS) {
            boolean taken = false;
            for (String o : occupied) {
                if (family(o).equals(family(s))) {
                    taken = true;
                    break;
                }
            }
            if (!taken) {
                out.add(s);
            }
        }
        return out;
    }

    static double weight(String segment) {
        int i = SEGMENTS.indexOf(segment);
        return i < 0 ? 0 : WEIGHTS[i];
    }
}
