package org.dlmwatch.rules.cea;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;

import org.dlmwatch.rules.RuleConfig;
import org.dlmwatch.rules.alert.AlertBuilder;
import org.dlmwatch.rules.alert.AlertStatus;
import org.dlmwatch.rules.alert.AlertTexts;
import org.dlmwatch.rules.alert.AlertType;

/**
 * Walks the eligible CEA series in collection-time order and raises the CEA alerts of §3.1, at most
 * one of each type per CEA episode.
 *
 * <p><b>CEA episode (§3.1):</b> "opens at the first eligible value that meets the CEA_REPEAT_REQUESTED
 * condition, and closes at the first later eligible value that is at or below ULN and is not itself a
 * qualifying rise (at least 20% and 0.5 ug/L over its predecessor). Within one episode each CEA alert
 * type fires at most once; a later episode may alert again."
 *
 * <p>Choices where the spec is silent (README):
 * <ul>
 *   <li>The closing value still belongs to its episode: a small further rise that closes the episode
 *       (2.0, 2.6, 2.7 ug/L) completes CEA_CONSECUTIVE_RISE, which is exactly the CEAwatch pattern.
 *   <li>With a lab ULN higher than baseline + 7 ug/L, a value can be 7 ug/L above baseline without
 *       being above ULN. Such a value also opens an episode (or keeps one open), so that the FACS
 *       trigger is never lost and does not fire again on every following value.
 *   <li>Every CEA alert of an episode takes its id from the result that opened it; its clinical time is
 *       the collection time of the value that completed its condition (§3.3).
 * </ul>
 */
public final class CeaEpisodeWalk {

    private static final CeaRepeatRequestedRule REPEAT = new CeaRepeatRequestedRule();
    private static final CeaRiseAboveBaselineRule RISE_ABOVE_BASELINE = new CeaRiseAboveBaselineRule();
    private static final List<CeaRule> HIGH_AND_SUPPORTING = List.of(
            new CeaElevatedConfirmedRule(),
            new CeaConsecutiveRiseRule(),
            new CeaShortDoublingTimeRule());

    private final RuleConfig config;

    public CeaEpisodeWalk(RuleConfig config) {
        this.config = config;
    }

    /**
     * @param contextFlags shown on every CEA alert, never suppressing it (§3.1)
     */
    public List<AlertBuilder> walk(String patientId, List<CeaPoint> series, List<String> contextFlags) {
        List<AlertBuilder> out = new ArrayList<>();
        if (series.isEmpty()) {
            return out;
        }
        CeaContext c = new CeaContext(series, config);
        boolean open = false;
        int openerIndex = -1;
        String episodeKey = null;
        EnumSet<AlertType> fired = EnumSet.noneOf(AlertType.class);
        AlertBuilder awaitingRepeat = null;

        for (int i = 0; i < series.size(); i++) {
            c.moveTo(i);
            CeaPoint cur = c.current();
            if (awaitingRepeat != null) {
                // "FULFILLED by the next eligible value, whatever it shows."
                awaitingRepeat.status(AlertStatus.FULFILLED).evidence(cur.evidence("repeat value (fulfils the request)"));
                awaitingRepeat = null;
            }
            boolean repeat = REPEAT.holds(c);
            boolean rise = RISE_ABOVE_BASELINE.holds(c);
            if (!open && (repeat || rise)) {
                open = true;
                openerIndex = i;
                episodeKey = "cea-episode:" + cur.resultId();
                fired.clear();
            }
            if (!open) {
                continue;
            }
            if (repeat && fired.add(AlertType.CEA_REPEAT_REQUESTED)) {
                awaitingRepeat = fire(out, patientId, episodeKey, REPEAT, REPEAT.check(c), cur, contextFlags);
            }
            if (rise && fired.add(AlertType.CEA_RISE_ABOVE_BASELINE)) {
                fire(out, patientId, episodeKey, RISE_ABOVE_BASELINE, RISE_ABOVE_BASELINE.check(c), cur, contextFlags);
            }
            for (CeaRule rule : HIGH_AND_SUPPORTING) {
                if (!fired.contains(rule.type())) {
                    CeaTrigger t = rule.check(c);
                    if (t != null) {
                        fired.add(rule.type());
                        fire(out, patientId, episodeKey, rule, t, cur, contextFlags);
                    }
                }
            }
            if (i != openerIndex && !repeat && !rise) {
                open = false; // at or below ULN and not a qualifying rise: the episode closes here
            }
        }
        return out;
    }

    private AlertBuilder fire(List<AlertBuilder> out, String patientId, String episodeKey, CeaRule rule,
            CeaTrigger trigger, CeaPoint at, List<String> contextFlags) {
        AlertBuilder b = new AlertBuilder(patientId, rule.type(), episodeKey, rule.ruleId())
                .eventTime(at.at())
                .title(trigger.title())
                .recommendation(recommendation(rule.type(), contextFlags))
                .evidence(trigger.evidence())
                .parameters(trigger.parameters())
                .contextFlags(contextFlags);
        out.add(b);
        return b;
    }

    private String recommendation(AlertType type, List<String> contextFlags) {
        String action = type == AlertType.CEA_REPEAT_REQUESTED
                ? "Repeat CEA within " + config.repeatWithinWeeks() + " weeks."
                : type == AlertType.CEA_SHORT_DOUBLING_TIME
                        ? "Supporting signal: a short CEA doubling time is associated with recurrence. "
                                + AlertTexts.CEA_IMAGE_NOW
                        : AlertTexts.CEA_IMAGE_NOW;
        return AlertTexts.recommendation(action + contextNote(contextFlags));
    }

    /** §3.1: "Context flags (smoker, liver disease) are shown on the alert; they never suppress it." */
    private static String contextNote(List<String> flags) {
        if (flags.isEmpty()) {
            return "";
        }
        List<String> words = new ArrayList<>(2);
        if (flags.contains(ContextFlags.SMOKER)) {
            words.add("current smoker");
        }
        if (flags.contains(ContextFlags.CHRONIC_LIVER_DISEASE)) {
            words.add("chronic liver disease");
        }
        return " Context: " + String.join(" and ", words)
                + "; these can raise CEA but do not explain a rise away, so the alert stands.";
    }
}
