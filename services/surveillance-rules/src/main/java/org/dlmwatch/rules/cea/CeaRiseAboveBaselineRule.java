package org.dlmwatch.rules.cea;

import java.util.List;
import java.util.Map;

import org.dlmwatch.rules.RuleConfig;
import org.dlmwatch.rules.alert.AlertTexts;
import org.dlmwatch.rules.alert.AlertType;

/**
 * <b>CEA_RISE_ABOVE_BASELINE</b> (high), clinical-spec §3.1: "an eligible value at least 7 ug/L above
 * baseline (FACS trial trigger, Primrose JAMA 2014; Shinkins BJS 2018)." The baseline is the nadir of
 * the current assay method ({@link CeaContext#baseline()}). Inclusive: exactly 7.0 above fires. A
 * censored current value never counts as a rise.
 */
final class CeaRiseAboveBaselineRule implements CeaRule {

    static final String RULE_ID = "CeaRiseAboveBaselineRule";

    @Override
    public AlertType type() {
        return AlertType.CEA_RISE_ABOVE_BASELINE;
    }

    @Override
    public String ruleId() {
        return RULE_ID;
    }

    @Override
    public boolean holds(CeaContext c) {
        CeaPoint cur = c.current();
        return !cur.censored() && cur.value() - c.baseline().value() >= c.config().riseAboveBaselineUgL() - CeaPoint.EPS;
    }

    @Override
    public CeaTrigger check(CeaContext c) {
        if (!holds(c)) {
            return null;
        }
        CeaPoint cur = c.current();
        CeaPoint base = c.baseline();
        double threshold = c.config().riseAboveBaselineUgL();
        String title = "CEA " + AlertTexts.num(cur.value()) + " ug/L is " + AlertTexts.num(cur.value() - base.value())
                + " ug/L above the baseline of " + AlertTexts.num(base.value()) + " ug/L";
        return new CeaTrigger(title,
                List.of(base.evidence("baseline (nadir)"), cur.evidence("rise above baseline")),
                Map.of(RuleConfig.Key.CEA_RISE_ABOVE_BASELINE.property(), AlertTexts.num(threshold)));
    }
}
