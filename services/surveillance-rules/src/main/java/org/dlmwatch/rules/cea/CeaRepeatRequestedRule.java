package org.dlmwatch.rules.cea;

import java.util.List;
import java.util.Map;

import org.dlmwatch.rules.RuleConfig;
import org.dlmwatch.rules.alert.AlertTexts;
import org.dlmwatch.rules.alert.AlertType;

/**
 * <b>CEA_REPEAT_REQUESTED</b> (low), clinical-spec §3.1: "an eligible value is above ULN, or rose by
 * at least 20% and at least 0.5 ug/L over the previous eligible value. Recommendation: repeat CEA within
 * 4 weeks. FULFILLED by the next eligible value, whatever it shows."
 *
 * <p>Its condition also opens a CEA episode (see {@link CeaEpisodeWalk}). Fulfilment is done by the
 * walk, which sees the next value.
 */
final class CeaRepeatRequestedRule implements CeaRule {

    static final String RULE_ID = "CeaRepeatRequestedRule";

    @Override
    public AlertType type() {
        return AlertType.CEA_REPEAT_REQUESTED;
    }

    @Override
    public String ruleId() {
        return RULE_ID;
    }

    @Override
    public boolean holds(CeaContext c) {
        return c.current().aboveUln() || c.qualifyingRiseAt(c.index());
    }

    @Override
    public CeaTrigger check(CeaContext c) {
        CeaPoint cur = c.current();
        CeaPoint prev = c.previous();
        if (cur.aboveUln()) {
            String title = "CEA " + AlertTexts.num(cur.value()) + " ug/L is above the upper limit of normal ("
                    + AlertTexts.num(cur.uln()) + " ug/L): repeat CEA requested";
            return new CeaTrigger(title, prev == null
                    ? List.of(cur.evidence("above ULN"))
                    : List.of(prev.evidence("previous value"), cur.evidence("above ULN")), parameters(c.config()));
        }
        if (c.qualifyingRiseAt(c.index())) {
            Double pct = QualifyingRise.percent(prev, cur);
            String title = "CEA rose from " + AlertTexts.num(prev.value()) + " to " + AlertTexts.num(cur.value())
                    + " ug/L" + (pct == null ? "" : " (+" + AlertTexts.num(Math.round(pct)) + "%)")
                    + ": repeat CEA requested";
            return new CeaTrigger(title, List.of(prev.evidence("previous value"), cur.evidence("qualifying rise")),
                    parameters(c.config()));
        }
        return null;
    }

    // built only when the rule fires: this check runs at every value of every walk
    private static Map<String, String> parameters(RuleConfig cfg) {
        return Map.of(
                RuleConfig.Key.CEA_DEFAULT_ULN.property(), AlertTexts.num(cfg.defaultUlnUgL()),
                RuleConfig.Key.CEA_REPEAT_RISE_PERCENT.property(), AlertTexts.num(cfg.repeatRisePercent()),
                RuleConfig.Key.CEA_REPEAT_RISE_MIN.property(), AlertTexts.num(cfg.repeatRiseMinUgL()),
                RuleConfig.Key.CEA_REPEAT_WITHIN.property(), Integer.toString(cfg.repeatWithinWeeks()));
    }
}
