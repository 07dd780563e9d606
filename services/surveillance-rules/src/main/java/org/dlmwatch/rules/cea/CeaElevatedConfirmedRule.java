package org.dlmwatch.rules.cea;

import java.util.List;
import java.util.Map;

import org.dlmwatch.rules.RuleConfig;
import org.dlmwatch.rules.alert.AlertTexts;
import org.dlmwatch.rules.alert.AlertType;

/**
 * <b>CEA_ELEVATED_CONFIRMED</b> (high), clinical-spec §3.1: "two consecutive eligible values above ULN
 * (ASCO 2006: 'an elevated CEA, if confirmed by retesting, warrants further evaluation')." Each value
 * is judged against its own ULN.
 */
final class CeaElevatedConfirmedRule implements CeaRule {

    static final String RULE_ID = "CeaElevatedConfirmedRule";

    @Override
    public AlertType type() {
        return AlertType.CEA_ELEVATED_CONFIRMED;
    }

    @Override
    public String ruleId() {
        return RULE_ID;
    }

    @Override
    public CeaTrigger check(CeaContext c) {
        CeaPoint cur = c.current();
        CeaPoint prev = c.previous();
        if (prev == null || !prev.aboveUln() || !cur.aboveUln()) {
            return null;
        }
        String title = "CEA above the upper limit of normal on two consecutive tests ("
                + AlertTexts.num(prev.value()) + ", then " + AlertTexts.num(cur.value()) + " ug/L)";
        return new CeaTrigger(title,
                List.of(prev.evidence("first value above ULN"), cur.evidence("confirming value above ULN")),
                Map.of(RuleConfig.Key.CEA_DEFAULT_ULN.property(), AlertTexts.num(c.config().defaultUlnUgL())));
    }
}
