package org.dlmwatch.rules.cea;

import static org.assertj.core.api.Assertions.assertThat;
import static org.dlmwatch.rules.Fx.cea;
import static org.dlmwatch.rules.Fx.enrollment;
import static org.dlmwatch.rules.Fx.evaluate;
import static org.dlmwatch.rules.Fx.only;
import static org.dlmwatch.rules.Fx.ofType;
import static org.dlmwatch.rules.Fx.t;
import static org.dlmwatch.rules.Fx.types;
import static org.dlmwatch.rules.alert.AlertType.CEA_CONSECUTIVE_RISE;
import static org.dlmwatch.rules.alert.AlertType.CEA_ELEVATED_CONFIRMED;
import static org.dlmwatch.rules.alert.AlertType.CEA_REPEAT_REQUESTED;
import static org.dlmwatch.rules.alert.AlertType.CEA_RISE_ABOVE_BASELINE;
import static org.dlmwatch.rules.alert.AlertType.CEA_SHORT_DOUBLING_TIME;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.dlmwatch.rules.Fx;
import org.dlmwatch.rules.RuleConfig;
import org.dlmwatch.rules.alert.Alert;
import org.dlmwatch.rules.alert.AlertStatus;
import org.dlmwatch.rules.alert.AlertType;
import org.dlmwatch.rules.alert.AlertTexts;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The CEA rules of clinical-spec §3.1, one nested class per rule, with their threshold boundaries. */
class CeaRulesTest {

    private static List<Alert> series(double... values) {
        List<Object> events = new ArrayList<>();
        events.add(enrollment());
        Instant start = t("2025-01-15");
        for (int i = 0; i < values.length; i++) {
            events.add(cea("R" + (i + 1), start.plus(Duration.ofDays(14L * i)).toString(), values[i]));
        }
        return evaluate(events.toArray());
    }

    @Nested
    class RepeatRequested {

        @ParameterizedTest(name = "{0} -> {1}: {2}")
        @CsvSource({
                "2.0, 2.5, true", // +25 %, +0.5: both bounds inclusive
                "2.5, 3.0, true", // exactly +20 % and +0.5
                "2.0, 2.4, false", // +20 % but only +0.4
                "3.0, 3.5, false", // +0.5 but only +16.7 %
                "4.9, 5.1, true", // small rise but above ULN
                "4.6, 5.0, false" // at ULN, +8.7 %
        })
        void qualifyingRiseBoundaries(double prev, double cur, boolean fires) {
            assertThat(types(series(prev, cur)).contains(CEA_REPEAT_REQUESTED)).isEqualTo(fires);
        }

        @Test
        void exactlyAtUlnIsNotAbove() {
            assertThat(types(series(4.8, 5.0))).isEmpty();
            assertThat(types(series(4.8, 5.01))).containsExactly(CEA_REPEAT_REQUESTED);
        }

        @Test
        void firstValueAboveUlnRequestsARepeat() {
            Alert a = only(series(5.5), CEA_REPEAT_REQUESTED);
            assertThat(a.status()).isEqualTo(AlertStatus.RAISED);
            assertThat(a.title()).contains("5.5").contains("above the upper limit of normal");
            assertThat(a.recommendation()).startsWith("Repeat CEA within 4 weeks.");
        }

        @Test
        void fulfilledByTheNextEligibleValueWhateverItShows() {
            Alert a = only(series(2.0, 6.0, 9.0), CEA_REPEAT_REQUESTED);
            assertThat(a.status()).isEqualTo(AlertStatus.FULFILLED);
            assertThat(a.evidence()).extracting(e -> e.refId()).containsExactly("R1", "R2", "R3");
            assertThat(only(series(2.0, 6.0, 1.0), CEA_REPEAT_REQUESTED).status()).isEqualTo(AlertStatus.FULFILLED);
        }

        @Test
        void labUlnFromReferenceRangeIsConvertedWithTheUnit() {
            List<Alert> alerts = evaluate(enrollment(), cea("R1", "2025-01-15", 2900).unit("ng/L").ref(3000),
                    cea("R2", "2025-02-15", 3100).unit("ng/L").ref(3000));
            assertThat(types(alerts)).containsExactly(CEA_REPEAT_REQUESTED);
            assertThat(alerts.get(0).evidence().get(1).note()).contains("ULN 3 (lab)");
        }
    }

    @Nested
    class ElevatedConfirmed {

        @Test
        void twoConsecutiveValuesAboveUln() {
            assertThat(types(series(5.5, 5.4))).containsExactlyInAnyOrder(CEA_REPEAT_REQUESTED, CEA_ELEVATED_CONFIRMED);
            assertThat(only(series(5.5, 5.4), CEA_ELEVATED_CONFIRMED).eventTime()).isEqualTo(t("2025-01-29"));
        }

        @Test
        void notConfirmedWhenTheRetestIsNormal() {
            assertThat(types(series(5.5, 4.0))).containsExactly(CEA_REPEAT_REQUESTED);
        }

        @Test
        void eachValueAgainstItsOwnUln() {
            List<Alert> alerts = evaluate(enrollment(), cea("R1", "2025-01-15", 6.0).ref(10),
                    cea("R2", "2025-02-15", 6.2));
            assertThat(ofType(alerts, CEA_ELEVATED_CONFIRMED)).isEmpty();
        }
    }

    @Nested
    class RiseAboveBaseline {

        @Test
        void exactlySevenAboveFires() {
            assertThat(types(series(1.5, 8.5))).contains(CEA_RISE_ABOVE_BASELINE);
        }

        @Test
        void exactlySevenSurvivesUnitConversion() {
            assertThat(types(evaluate(enrollment(), cea("R1", "2025-01-15", 0.0015).unit("mg/L"),
                    cea("R2", "2025-02-15", 0.0085).unit("mg/L")))).contains(CEA_RISE_ABOVE_BASELINE);
            assertThat(types(evaluate(enrollment(), cea("R1", "2025-01-15", 1500).unit("ng/L"),
                    cea("R2", "2025-02-15", 8500).unit("ng/L")))).contains(CEA_RISE_ABOVE_BASELINE);
        }

        @Test
        void justBelowSevenDoesNot() {
            assertThat(types(series(1.5, 8.49))).doesNotContain(CEA_RISE_ABOVE_BASELINE);
        }

        @Test
        void baselineIsTheNadirNotTheFirstValue() {
            // 3.0, then the nadir 1.2, then 8.2 = 7.0 above the nadir
            Alert a = only(series(3.0, 1.2, 8.2), CEA_RISE_ABOVE_BASELINE);
            assertThat(a.evidence().get(0).refId()).isEqualTo("R2");
            assertThat(a.evidence().get(0).note()).startsWith("baseline (nadir)");
        }

        @Test
        void withAHighLabUlnTheFacsTriggerStillFiresOnceAndOpensAnEpisode() {
            List<Alert> alerts = evaluate(enrollment(), cea("R1", "2025-01-15", 1.0).ref(20),
                    cea("R2", "2025-02-15", 8.0).ref(20), cea("R3", "2025-03-15", 8.3).ref(20),
                    cea("R4", "2025-04-15", 8.1).ref(20));
            // 1.0 -> 8.0 is also a qualifying rise, so a repeat is requested; the FACS alert fires once
            assertThat(ofType(alerts, CEA_RISE_ABOVE_BASELINE)).hasSize(1);
            List<Alert> noRise = evaluate(enrollment(), cea("R1", "2025-01-15", 1.0).ref(20),
                    cea("R2", "2025-02-01", 1.4).ref(20), cea("R3", "2025-02-15", 1.6).ref(20),
                    cea("R4", "2025-03-01", 1.9).ref(20), cea("R5", "2025-03-15", 2.2).ref(20),
                    cea("R6", "2025-04-01", 2.6).ref(20));
            assertThat(noRise).isEmpty();
        }
    }

    @Nested
    class ConsecutiveRise {

        @Test
        void qualifyingRiseThenAnyFurtherRise() {
            Alert a = only(series(2.0, 2.6, 2.61), CEA_CONSECUTIVE_RISE);
            assertThat(a.evidence()).extracting(e -> e.refId()).containsExactly("R1", "R2", "R3");
            assertThat(a.eventTime()).isEqualTo(t("2025-02-12"));
        }

        @Test
        void noFurtherRiseNoAlert() {
            assertThat(types(series(2.0, 2.6, 2.6))).doesNotContain(CEA_CONSECUTIVE_RISE);
            assertThat(types(series(2.0, 2.6, 2.5))).doesNotContain(CEA_CONSECUTIVE_RISE);
        }

        @Test
        void twoSmallRisesAreNotConsecutiveRise() {
            assertThat(types(series(2.0, 2.3, 2.6))).isEmpty();
        }
    }

    @Nested
    class ShortDoublingTime {

        /** Exponential growth with a known doubling time: the OLS fit must find it exactly. */
        @Test
        void olsFitOnLnCeaRecoversTheDoublingTime() {
            List<CeaPoint> pts = new ArrayList<>();
            for (int d = 0; d <= 90; d += 30) {
                pts.add(point("R" + d, t("2025-01-15").plus(Duration.ofDays(d)), 2.0 * Math.pow(2, d / 45.0)));
            }
            assertThat(CeaShortDoublingTimeRule.doublingTimeDays(pts, 0, pts.size() - 1))
                    .isCloseTo(45.0, org.assertj.core.data.Offset.offset(1e-9));
        }

        @Test
        void fallingOrFlatCeaHasNoDoublingTime() {
            List<CeaPoint> pts = List.of(point("a", t("2025-01-15"), 4.0), point("b", t("2025-02-15"), 3.0),
                    point("c", t("2025-03-15"), 2.0));
            assertThat(CeaShortDoublingTimeRule.doublingTimeDays(pts, 0, 2)).isNull();
        }

        @Test
        void firesWithThreeValuesOverFiftySixDaysAndStatesTheDoublingTime() {
            // 3.0 -> 4.24 -> 6.0 over 56 days: doubling time 56 days
            List<Alert> alerts = evaluate(enrollment(), cea("R1", "2025-01-15", 3.0), cea("R2", "2025-02-12", 4.24),
                    cea("R3", "2025-03-12", 6.0));
            Alert dt = only(alerts, CEA_SHORT_DOUBLING_TIME);
            assertThat(dt.title()).contains("about 56 days");
            assertThat(dt.ruleParameters()).containsEntry("cea.doublingTimeMaxDays", "80");
        }

        @Test
        void fiftyFiveDaysIsTooShortASpan() {
            List<Alert> alerts = evaluate(enrollment(), cea("R1", "2025-01-15", 3.0), cea("R2", "2025-02-12", 4.24),
                    cea("R3", "2025-03-11", 6.0));
            assertThat(types(alerts)).doesNotContain(CEA_SHORT_DOUBLING_TIME);
        }

        @Test
        void twoValuesAreTooFew() {
            assertThat(types(evaluate(enrollment(), cea("R1", "2025-01-15", 3.0), cea("R2", "2025-04-15", 12.0))))
                    .doesNotContain(CEA_SHORT_DOUBLING_TIME);
        }

        @Test
        void latestValueMustBeAboveUln() {
            // doubling in 30 days but still below ULN
            List<Alert> alerts = evaluate(enrollment(), cea("R1", "2025-01-15", 0.5), cea("R2", "2025-02-14", 1.0),
                    cea("R3", "2025-03-16", 2.0), cea("R4", "2025-04-15", 4.0));
            assertThat(types(alerts)).doesNotContain(CEA_SHORT_DOUBLING_TIME);
        }

        @Test
        void fitStartsAtTheLatestOccurrenceOfTheNadir() {
            // nadir 2.0 occurs twice; the fit starts at its second occurrence (R3)
            List<Alert> alerts = evaluate(enrollment(), cea("R1", "2025-01-05", 2.0), cea("R2", "2025-01-10", 2.4),
                    cea("R3", "2025-01-15", 2.0), cea("R4", "2025-02-12", 3.5), cea("R5", "2025-03-12", 5.6));
            Alert dt = only(alerts, CEA_SHORT_DOUBLING_TIME);
            assertThat(dt.evidence()).extracting(e -> e.refId()).containsExactly("R3", "R4", "R5");
        }

        @Test
        void doublingTimeAtEightyDaysDoesNotFire() {
            RuleConfig cfg = RuleConfig.defaults();
            double growth = Math.pow(2, 28 / 80.0); // exactly 80-day doubling over 28-day steps
            List<Alert> alerts = evaluate(cfg, null, enrollment(), cea("R1", "2025-01-15", 4.0),
                    cea("R2", "2025-02-12", 4.0 * growth), cea("R3", "2025-03-12", 4.0 * growth * growth));
            assertThat(types(alerts)).doesNotContain(CEA_SHORT_DOUBLING_TIME);
        }
    }

    @Nested
    class EligibilityAndBaseline {

        @Test
        void valuesInsideTheChemotherapyWindowNeverTriggerNorServeAsBaseline() {
            // last dose 5 Jan: eligible from 16 Feb 00:00 UTC
            Object enr = Fx.withChemo(enrollment(), "2025-01-05");
            assertThat(evaluate(enr, cea("R1", "2025-02-15T23:59:59Z", 9.0), cea("R2", "2025-03-15", 2.0))).isEmpty();
            assertThat(types(evaluate(enr, cea("R1", "2025-02-16T00:00:00Z", 9.0)))).contains(CEA_REPEAT_REQUESTED);
            // 1.0 in the window is not the baseline for 8.5 (7.5 above it, 4.5 above the eligible 4.0)
            assertThat(types(evaluate(enr, cea("R1", "2025-02-10", 1.0), cea("R2", "2025-03-01", 4.0),
                    cea("R3", "2025-04-01", 8.5)))).containsExactly(CEA_REPEAT_REQUESTED);
        }

        @Test
        void assayChangeStartsANewBaselineButARiseIsJudgedAgainstThePreviousValue() {
            List<Alert> alerts = evaluate(enrollment(), cea("R1", "2025-01-15", 1.0).method("Roche"),
                    cea("R2", "2025-02-15", 2.0).method("Abbott"), cea("R3", "2025-03-01", 8.5).method("Abbott"));
            assertThat(types(alerts)).contains(CEA_REPEAT_REQUESTED, CEA_CONSECUTIVE_RISE)
                    .doesNotContain(CEA_RISE_ABOVE_BASELINE); // 6.5 above the new baseline, 7.5 above the old
            assertThat(only(alerts, CEA_REPEAT_REQUESTED).eventTime()).isEqualTo(t("2025-02-15"));
        }

        @Test
        void methodNamesAreComparedIgnoringCaseAndBlanks() {
            List<Alert> alerts = evaluate(enrollment(), cea("R1", "2025-01-15", 1.0).method("Roche Elecsys"),
                    cea("R2", "2025-02-15", 8.0).method(" roche elecsys "));
            assertThat(types(alerts)).contains(CEA_RISE_ABOVE_BASELINE);
        }

        @Test
        void censoredValuesAreALimitThatCanBeABaselineButNeverARise() {
            assertThat(types(evaluate(enrollment(), cea("R1", "2025-01-15", 0.5).censored("<"),
                    cea("R2", "2025-02-15", 7.5)))).contains(CEA_RISE_ABOVE_BASELINE);
            assertThat(evaluate(enrollment(), cea("R1", "2025-01-15", 0.3),
                    cea("R2", "2025-02-15", 1.0).censored("<="))).isEmpty();
            assertThat(evaluate(enrollment(), cea("R1", "2025-01-15", 1.0),
                    cea("R2", "2025-02-15", 20).censored("<"))).isEmpty(); // "<20" is not above ULN
        }

        @Test
        void greaterThanValuesCountAsTheirLimit() {
            assertThat(types(evaluate(enrollment(), cea("R1", "2025-01-15", 1.0),
                    cea("R2", "2025-02-15", 1000).censored(">")))).contains(CEA_RISE_ABOVE_BASELINE);
        }

        @Test
        void valuesBeforeTheEnrollmentDateAreNotPreviousValues() {
            assertThat(evaluate(enrollment(), cea("R0", "2025-01-09T23:00:00Z", 0.5), cea("R1", "2025-01-15", 2.0)))
                    .isEmpty();
        }
    }

    @Nested
    class Episodes {

        @Test
        void eachTypeFiresAtMostOncePerEpisode() {
            List<Alert> alerts = series(2.0, 6.0, 6.5, 6.2, 7.0, 6.8);
            for (AlertType type : List.of(CEA_REPEAT_REQUESTED, CEA_ELEVATED_CONFIRMED)) {
                assertThat(ofType(alerts, type)).as(type.name()).hasSize(1);
            }
        }

        @Test
        void aLaterEpisodeMayAlertAgainWithAnotherId() {
            List<Alert> alerts = series(2.0, 6.0, 6.5, 3.0, 6.1, 6.3);
            List<Alert> elevated = ofType(alerts, CEA_ELEVATED_CONFIRMED);
            assertThat(elevated).hasSize(2);
            assertThat(elevated.get(0).alertId()).isNotEqualTo(elevated.get(1).alertId());
        }

        @Test
        void aValueAtUlnThatIsAQualifyingRiseKeepsTheEpisodeOpen() {
            // 6.0 opens; 4.0 closes; 4.9 (+22.5 %, +0.9) reopens a new episode
            List<Alert> alerts = series(2.0, 6.0, 4.0, 4.9);
            assertThat(ofType(alerts, CEA_REPEAT_REQUESTED)).hasSize(2);
            // 6.0, then 5.0 is at ULN and falls: closes
            assertThat(ofType(series(2.0, 6.0, 5.0, 5.5), CEA_REPEAT_REQUESTED)).hasSize(2);
            // 6.0, 5.5, 5.6: never closes
            assertThat(ofType(series(2.0, 6.0, 5.5, 5.6), CEA_REPEAT_REQUESTED)).hasSize(1);
        }

        @Test
        void allAlertsOfAnEpisodeTakeTheirIdentityFromItsOpeningResult() {
            List<Alert> a = series(2.0, 6.0, 6.5);
            List<Alert> b = evaluate(enrollment(), cea("R1", "2025-01-15", 2.0), cea("R2", "2025-01-29", 6.0),
                    cea("R3", "2025-01-29T12:00:00Z", 6.4).resulted("2025-02-01T00:00:00Z"));
            // same opener R2 -> same ids, even though the completing value differs
            assertThat(only(a, CEA_ELEVATED_CONFIRMED).alertId()).isEqualTo(only(b, CEA_ELEVATED_CONFIRMED).alertId());
        }
    }

    @Nested
    class Context {

        @Test
        void contextFlagsAreShownAndNeverSuppress() {
            List<Alert> alerts = evaluate(Fx.withFlags(enrollment(), true, true), cea("R1", "2025-01-15", 2.0),
                    cea("R2", "2025-02-15", 6.0), cea("R3", "2025-03-01", 6.4));
            assertThat(alerts).isNotEmpty().allSatisfy(a -> {
                assertThat(a.contextFlags()).containsExactly("CHRONIC_LIVER_DISEASE", "SMOKER");
                assertThat(a.recommendation()).contains("current smoker and chronic liver disease")
                        .endsWith(AlertTexts.DECISION_SUPPORT);
            });
        }

        @Test
        void highCeaAlertsRecommendImagingThenMdt() {
            Alert a = only(series(1.0, 8.5), CEA_RISE_ABOVE_BASELINE);
            assertThat(a.recommendation()).contains("hepatobiliary phase").contains("DWI")
                    .contains("CT of chest, abdomen and pelvis").contains("MDT review for rescue therapy");
            assertThat(a.ruleId()).isEqualTo("CeaRiseAboveBaselineRule");
            assertThat(a.ruleParameters()).isEqualTo(Map.of("cea.riseAboveBaselineUgL", "7"));
        }
    }

    private static CeaPoint point(String id, Instant at, double v) {
        return new CeaPoint(id, at, v, false, null, 5.0, false, null);
    }
}
