package org.dlmwatch.rules.cea;

import org.dlmwatch.rules.RuleConfig;

/**
 * "rose by at least 20% and at least 0.5 ug/L over the previous eligible value" (§3.1,
 * CEA_REPEAT_REQUESTED and CEA_CONSECUTIVE_RISE; CEAwatch, Verberne BJS 2017). Both bounds are
 * inclusive. "a censored value can be a baseline but never counts as a rise" (§2.2): a censored
 * current value is never a rise; a censored previous value counts as its limit (the true rise is at
 * least that large).
 */
public final class QualifyingRise {

    private QualifyingRise() {
    }

    public static boolean test(CeaPoint previous, CeaPoint current, RuleConfig config) {
        if (previous == null || current.censored()) {
            return false;
        }
        double rise = current.value() - previous.value();
        return rise >= config.repeatRiseMinUgL() - CeaPoint.EPS
                && rise >= config.repeatRiseFraction() * previous.value() - CeaPoint.EPS;
    }

    /** The rise in percent of the previous value, for texts (null when the previous value is 0). */
    static Double percent(CeaPoint previous, CeaPoint current) {
        return previous.value() > 0 ? (current.value() - previous.value()) / previous.value() * 100.0 : null;
    }
}
