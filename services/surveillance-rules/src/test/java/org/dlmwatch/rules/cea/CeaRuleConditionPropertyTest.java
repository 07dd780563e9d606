package org.dlmwatch.rules.cea;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import org.dlmwatch.rules.RuleConfig;

/**
 * The walk asks {@link CeaRule#holds} at every value and describes ({@link CeaRule#check}) only the
 * alerts that fire: the two must agree for every rule at every value.
 */
class CeaRuleConditionPropertyTest {

    private static final List<CeaRule> RULES = List.of(new CeaRepeatRequestedRule(), new CeaRiseAboveBaselineRule(),
            new CeaElevatedConfirmedRule(), new CeaConsecutiveRiseRule(), new CeaShortDoublingTimeRule());

    @Property(tries = 300)
    void holdsExactlyWhenCheckFindsATrigger(@ForAll("series") List<CeaPoint> series) {
        CeaContext c = new CeaContext(series, RuleConfig.defaults());
        for (int i = 0; i < series.size(); i++) {
            c.moveTo(i);
            for (CeaRule rule : RULES) {
                assertThat(rule.holds(c)).as("%s at value %d", rule.ruleId(), i).isEqualTo(rule.check(c) != null);
            }
        }
    }

    @Provide
    Arbitrary<List<CeaPoint>> series() {
        Arbitrary<double[]> point = Combinators.combine(
                Arbitraries.doubles().between(0.1, 40).ofScale(2),
                Arbitraries.integers().between(0, 9),
                Arbitraries.integers().between(10, 120))
                .as((value, kind, gapDays) -> new double[] {value, kind, gapDays});
        return point.list().ofMinSize(1).ofMaxSize(25).map(CeaRuleConditionPropertyTest::toSeries);
    }

    private static List<CeaPoint> toSeries(List<double[]> raw) {
        List<CeaPoint> out = new ArrayList<>();
        Instant at = Instant.parse("2025-02-01T08:00:00Z");
        for (int i = 0; i < raw.size(); i++) {
            double[] r = raw.get(i);
            int kind = (int) r[1];
            at = at.plus(Duration.ofDays((long) r[2]));
            boolean censored = kind == 0;
            boolean labUln = kind == 1;
            String method = kind == 2 ? "ROCHE" : kind == 3 ? "ABBOTT" : null;
            out.add(new CeaPoint("R" + i, at, r[0], censored, censored ? "<" : null, labUln ? 3.4 : 5.0, labUln,
                    method));
        }
        return out;
    }
}
