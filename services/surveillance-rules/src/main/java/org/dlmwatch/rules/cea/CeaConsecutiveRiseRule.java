package org.dlmwatch.rules.cea;

import java.util.List;
import java.util.Map;

import org.dlmwatch.rules.RuleConfig;
import org.dlmwatch.rules.alert.AlertTexts;
import org.dlmwatch.rules.alert.AlertType;

/**
 * <b>CEA_CONSECUTIVE_RISE</b> (high), clinical-spec §3.1: "a rise of at least 20% and at least 0.5
 * ug/L over the previous eligible value, followed by a further rise (any increase) on the next value
 * (CEAwatch, Verberne BJS 2017)." A censored value is never a rise.
 */
final class CeaConsecutiveRiseRule implements CeaRule {

    static final String RULE_ID = "CeaConsecutiveRiseRule";

    @Override
    public AlertType type() {
        return AlertType.CEA_CONSECUTIVE_RISE;
    }

    @Override
    public String ruleId() {
        return RULE_ID;
    }

    @Override
    public CeaTrigger check(CeaContext c) {
        int i = c.index();
        if (i < 2 || !c.qualifyingRiseAt(i - 1)) {
            return null;
        }
        CeaPoint cur = c.current();
        CeaPoint prev = c.previous();
        if (cur.censored() || cur.value() <= prev.value() + CeaPoint.EPS) {
            return null;
        }
        CeaPoint first = c.points().get(i - 2);
        String title = "CEA rose on consecutive tests: " + AlertTexts.num(first.value()) + ", then "
                + AlertTexts.num(prev.value()) + ", then " + AlertTexts.num(cur.value()) + " ug/L";
        RuleConfig cfg = c.config();
        return new CeaTrigger(title,
                List.of(first.evidence("value before the rise"), prev.evidence("qualifying rise"),
                        cur.evidence("further rise")),
                Map.of(RuleConfig.Key.CEA_REPEAT_RISE_PERCENT.property(), AlertTexts.num(cfg.repeatRisePercent()),
                        RuleConfig.Key.CEA_REPEAT_RISE_MIN.property(), AlertTexts.num(cfg.repeatRiseMinUgL())));
    }
}
