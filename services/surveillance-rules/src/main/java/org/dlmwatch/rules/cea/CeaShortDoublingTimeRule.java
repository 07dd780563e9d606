package org.dlmwatch.rules.cea;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.dlmwatch.rules.RuleConfig;
import org.dlmwatch.rules.alert.AlertTexts;
import org.dlmwatch.rules.alert.AlertType;
import org.dlmwatch.rules.alert.Evidence;

/**
 * <b>CEA_SHORT_DOUBLING_TIME</b> (medium, supporting), clinical-spec §3.1: "fit ln(CEA) on time by
 * ordinary least squares over the eligible values from the baseline (the nadir; its latest occurrence
 * if it repeats) through the latest value; at least 3 values spanning at least 56 days, slope k > 0,
 * doubling time ln2/k below 80 days, and the latest value above ULN (CEA-dt groups &lt;30, 30-80,
 * >=80 days: EJSO 1999). The alert states the doubling time in days."
 *
 * <p>The fit window starts at the nadir of the current assay method (a method change starts a new
 * doubling-time window, §2.2). Censored values enter as their limit. If any value in the window is 0,
 * its logarithm does not exist and no doubling time is computed.
 */
final class CeaShortDoublingTimeRule implements CeaRule {

    static final String RULE_ID = "CeaShortDoublingTimeRule";
    private static final double SECONDS_PER_DAY = 86_400.0;

    @Override
    public AlertType type() {
        return AlertType.CEA_SHORT_DOUBLING_TIME;
    }

    @Override
    public String ruleId() {
        return RULE_ID;
    }

    @Override
    public CeaTrigger check(CeaContext c) {
        CeaPoint cur = c.current();
        RuleConfig cfg = c.config();
        if (!cur.aboveUln()) {
            return null;
        }
        int from = c.nadirIndex();
        int to = c.index();
        int n = to - from + 1;
        if (n < cfg.doublingTimeMinValues()) {
            return null;
        }
        List<CeaPoint> pts = c.points();
        CeaPoint first = pts.get(from);
        double spanDays = (cur.at().getEpochSecond() - first.at().getEpochSecond()) / SECONDS_PER_DAY;
        if (spanDays < cfg.doublingTimeMinSpanDays() - CeaPoint.EPS) {
            return null;
        }
        Double doublingDays = doublingTimeDays(pts, from, to);
        if (doublingDays == null || doublingDays >= cfg.doublingTimeMaxDays()) {
            return null;
        }
        List<Evidence> evidence = new ArrayList<>(n);
        for (int i = from; i <= to; i++) {
            evidence.add(pts.get(i).evidence(i == from ? "baseline (nadir), start of fit" : "in fit"));
        }
        long shown = Math.round(doublingDays);
        String title = "CEA doubling time about " + shown + " days (" + n + " values over "
                + Math.round(spanDays) + " days since the nadir; latest " + AlertTexts.num(cur.value()) + " ug/L)";
        return new CeaTrigger(title, evidence, Map.of(
                RuleConfig.Key.CEA_DOUBLING_MAX_DAYS.property(), AlertTexts.num(cfg.doublingTimeMaxDays()),
                RuleConfig.Key.CEA_DOUBLING_MIN_VALUES.property(), Integer.toString(cfg.doublingTimeMinValues()),
                RuleConfig.Key.CEA_DOUBLING_MIN_SPAN.property(), Integer.toString(cfg.doublingTimeMinSpanDays()),
                RuleConfig.Key.CEA_DEFAULT_ULN.property(), AlertTexts.num(cfg.defaultUlnUgL())));
    }

    /**
     * ln2 / k, where k is the OLS slope of ln(value) on time in days over points {@code from..to}; null
     * when k is not positive or cannot be computed.
     */
    static Double doublingTimeDays(List<CeaPoint> pts, int from, int to) {
        int n = to - from + 1;
        long t0 = pts.get(from).at().getEpochSecond();
        double sumX = 0;
        double sumY = 0;
        for (int i = from; i <= to; i++) {
            CeaPoint p = pts.get(i);
            if (p.value() <= 0) {
                return null;
            }
            sumX += (p.at().getEpochSecond() - t0) / SECONDS_PER_DAY;
            sumY += Math.log(p.value());
        }
        double meanX = sumX / n;
        double meanY = sumY / n;
        double sxx = 0;
        double sxy = 0;
        for (int i = from; i <= to; i++) {
            CeaPoint p = pts.get(i);
            double dx = (p.at().getEpochSecond() - t0) / SECONDS_PER_DAY - meanX;
            sxx += dx * dx;
            sxy += dx * (Math.log(p.value()) - meanY);
        }
        if (sxx <= 0) {
            return null;
        }
        double k = sxy / sxx;
        return k > 0 ? Math.log(2) / k : null;
    }
}
