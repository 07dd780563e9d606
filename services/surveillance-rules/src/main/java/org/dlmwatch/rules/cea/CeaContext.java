package org.dlmwatch.rules.cea;

import java.util.List;

import org.dlmwatch.rules.RuleConfig;

/**
 * The eligible series with its baselines, positioned at one value of the walk. Each CEA rule asks it
 * about "the current value", "the previous eligible value" and "the baseline".
 *
 * <p><b>Baseline (§3.1):</b> "the lowest eligible value since enrollment (the nadir), within the
 * current assay method". §2.2: "a change of method starts a new baseline and a new doubling-time
 * window ... a rise is still judged against the previous value. A missing method is not a change."
 * So each value knows where its method segment starts and where the nadir of that segment (up to and
 * including the value, latest occurrence on ties) is.
 */
public final class CeaContext {

    private final List<CeaPoint> points;
    private final RuleConfig config;
    private final int[] segmentStart;
    private final int[] nadir;
    private int index;

    CeaContext(List<CeaPoint> points, RuleConfig config) {
        this.points = points;
        this.config = config;
        int n = points.size();
        this.segmentStart = new int[n];
        this.nadir = new int[n];
        String method = null;
        int start = 0;
        for (int i = 0; i < n; i++) {
            String m = points.get(i).method();
            if (m != null) {
                if (method != null && !m.equals(method)) {
                    start = i; // a new assay: new baseline, new doubling-time window
                }
                method = m;
            }
            segmentStart[i] = start;
            if (i == start || points.get(i).value() <= points.get(nadir[i - 1]).value() + CeaPoint.EPS) {
                nadir[i] = i; // new minimum, or the same minimum again (latest occurrence)
            } else {
                nadir[i] = nadir[i - 1];
            }
        }
    }

    void moveTo(int i) {
        this.index = i;
    }

    public RuleConfig config() {
        return config;
    }

    public List<CeaPoint> points() {
        return points;
    }

    public int index() {
        return index;
    }

    public CeaPoint current() {
        return points.get(index);
    }

    /** The previous eligible value (any method), or null for the first one. */
    public CeaPoint previous() {
        return index > 0 ? points.get(index - 1) : null;
    }

    /** The baseline: the nadir of the current method up to and including the current value. */
    public CeaPoint baseline() {
        return points.get(nadir[index]);
    }

    /** Index of the latest occurrence of the nadir of the current method (start of the doubling-time fit). */
    public int nadirIndex() {
        return nadir[index];
    }

    /** True when the value at {@code i} rose qualifyingly over its predecessor. */
    public boolean qualifyingRiseAt(int i) {
        return i > 0 && QualifyingRise.test(points.get(i - 1), points.get(i), config);
    }
}
