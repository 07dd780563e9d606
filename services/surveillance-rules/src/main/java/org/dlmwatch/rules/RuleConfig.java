package org.dlmwatch.rules;

import java.time.Duration;
import java.time.Period;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

/**
 * Every threshold, window and interval of clinical-spec §3, in one place. "Every number below is a
 * default that a deployment can change in configuration; the source of each default is named so that
 * a clinician can review it."
 *
 * <p>Sources, in order of precedence (later wins): {@link #defaults()}, a {@link Properties} file
 * ({@link #fromProperties}), environment variables ({@link #withEnvironment}). Each {@link Key} has a
 * property name such as {@code cea.riseAboveBaselineUgL} and an environment name derived from it by
 * one rule ({@link Key#envName()}): {@code DLMWATCH_} + the property name in upper case, with dots
 * and camel-case word breaks turned into underscores ({@code DLMWATCH_CEA_RISE_ABOVE_BASELINE_UGL}).
 * A unit written as one word ({@code UgL}) stays one word.
 */
public record RuleConfig(
        double defaultUlnUgL,
        int chemoWindowWeeks,
        double repeatRisePercent,
        double repeatRiseMinUgL,
        int repeatWithinWeeks,
        double riseAboveBaselineUgL,
        double doublingTimeMaxDays,
        int doublingTimeMinValues,
        int doublingTimeMinSpanDays,
        int equivocalRepeatMinWeeks,
        int equivocalRepeatMaxWeeks,
        int escalationWindowDays,
        int earlyPhaseYears,
        int earlyIntervalMonths,
        int lateIntervalMonths,
        int overdueGraceDays,
        int programmeLengthYears,
        int historyMarginDays,
        int historyMaxLabResults,
        int historyMaxReports,
        int futureToleranceHours) {

    /** One configurable number: its property name, default, meaning and source in the spec. */
    public enum Key {
        CEA_DEFAULT_ULN("cea.defaultUlnUgL", "5", "ULN used when the lab sends no reference upper limit (ug/L); \"above ULN\" is strictly above",
                "§2.2 \"default ULN 5 ug/L\""),
        CEA_CHEMO_WINDOW("cea.chemoWindowWeeks", "6", "CEA collected before the last chemotherapy dose + this many weeks never triggers and is never a baseline",
                "§3.1 Eligibility (ASCO 2006)"),
        CEA_REPEAT_RISE_PERCENT("cea.repeatRisePercent", "20", "a qualifying rise over the previous eligible value is at least this many percent ...",
                "§3.1 CEA_REPEAT_REQUESTED, CEA_CONSECUTIVE_RISE (CEAwatch, Verberne BJS 2017)"),
        CEA_REPEAT_RISE_MIN("cea.repeatRiseMinUgL", "0.5", "... and at least this many ug/L",
                "§3.1 CEA_REPEAT_REQUESTED, CEA_CONSECUTIVE_RISE (CEAwatch, Verberne BJS 2017)"),
        CEA_REPEAT_WITHIN("cea.repeatWithinWeeks", "4", "a requested repeat CEA should be drawn within this many weeks (recommendation text)",
                "§3.1 CEA_REPEAT_REQUESTED"),
        CEA_RISE_ABOVE_BASELINE("cea.riseAboveBaselineUgL", "7", "an eligible value at least this many ug/L above the baseline (nadir) raises CEA_RISE_ABOVE_BASELINE",
                "§3.1 (FACS trial trigger, Primrose JAMA 2014; Shinkins BJS 2018)"),
        CEA_DOUBLING_MAX_DAYS("cea.doublingTimeMaxDays", "80", "CEA_SHORT_DOUBLING_TIME when the fitted doubling time is below this many days",
                "§3.1 (CEA-dt groups <30, 30-80, >=80 days: EJSO 1999)"),
        CEA_DOUBLING_MIN_VALUES("cea.doublingTimeMinValues", "3", "the doubling-time fit needs at least this many values from the nadir",
                "§3.1 CEA_SHORT_DOUBLING_TIME"),
        CEA_DOUBLING_MIN_SPAN("cea.doublingTimeMinSpanDays", "56", "... spanning at least this many days",
                "§3.1 CEA_SHORT_DOUBLING_TIME"),
        EQUIVOCAL_REPEAT_MIN("imaging.equivocalRepeatMinWeeks", "6", "earliest repeat hepatobiliary MRI after an equivocal finding, in weeks (recommendation text)",
                "§3.2 LESION_EQUIVOCAL"),
        EQUIVOCAL_REPEAT_MAX("imaging.equivocalRepeatMaxWeeks", "8", "latest repeat hepatobiliary MRI after an equivocal finding, in weeks (recommendation text)",
                "§3.2 LESION_EQUIVOCAL"),
        ESCALATION_WINDOW("escalation.windowDays", "90", "a high CEA alert and a high imaging alert at most this many days apart raise RESCUE_EVALUATION",
                "§3.3 RESCUE_EVALUATION"),
        SCHEDULE_EARLY_PHASE("schedule.earlyPhaseYears", "2", "programme years (from enrollment) with the early, shorter interval",
                "§3.4 \"every 3 months in years 1-2\""),
        SCHEDULE_EARLY_INTERVAL("schedule.earlyIntervalMonths", "3", "interval between liver MRI (and between CEA) in the early years, in months",
                "§3.4 \"every 3 months in years 1-2\""),
        SCHEDULE_LATE_INTERVAL("schedule.lateIntervalMonths", "6", "interval between liver MRI (and between CEA) after the early years, in months",
                "§3.4 \"every 6 months in years 3-5\""),
        SCHEDULE_OVERDUE_GRACE("schedule.overdueGraceDays", "30", "an exam more than this many days past due raises SURVEILLANCE_OVERDUE",
                "§3.4 SURVEILLANCE_OVERDUE"),
        PROGRAMME_LENGTH("programme.lengthYears", "5", "length of the surveillance schedule from the enrollment date; no SURVEILLANCE_OVERDUE alert has a clinical time after it (every other alert continues while the enrollment is ACTIVE)",
                "§3.4 \"After year 5 the patient leaves active surveillance; no overdue alerts\""),
        HISTORY_MARGIN("history.marginDays", "365", "history is kept from this many days before the enrollment date on, with no upper time limit",
                "module choice (README, History bound)"),
        HISTORY_MAX_LAB_RESULTS("history.maxLabResults", "400", "hard cap of CEA result ids kept per patient (a 5-year programme has about 40, follow-up adds about 4 a year); cancelled ones dropped first, then the oldest; never the current baseline (nadir)",
                "module choice (README, History bound)"),
        HISTORY_MAX_REPORTS("history.maxReports", "200", "hard cap of imaging report ids kept per patient (a 5-year programme has about 20, follow-up adds about 3 a year); cancelled ones dropped first, then the oldest",
                "module choice (README, History bound)"),
        FUTURE_TOLERANCE("validation.futureToleranceHours", "24", "a timestamp more than this many hours after the time of validation is rejected (FUTURE_TIMESTAMP)",
                "module choice (clock skew between source systems)");

        private final String property;
        private final String defaultValue;
        private final String meaning;
        private final String source;

        Key(String property, String defaultValue, String meaning, String source) {
            this.property = property;
            this.defaultValue = defaultValue;
            this.meaning = meaning;
            this.source = source;
        }

        public String property() {
            return property;
        }

        public String defaultValue() {
            return defaultValue;
        }

        public String meaning() {
            return meaning;
        }

        public String source() {
            return source;
        }

        /**
         * {@code DLMWATCH_} + the property name upper-cased, with '.' as '_' and a '_' before every
         * capital that follows a lower-case letter or digit and starts a lower-case word.
         */
        public String envName() {
            StringBuilder sb = new StringBuilder("DLMWATCH_");
            for (int i = 0; i < property.length(); i++) {
                char c = property.charAt(i);
                if (c == '.') {
                    sb.append('_');
                    continue;
                }
                boolean wordStart = Character.isUpperCase(c) && i > 0
                        && (Character.isLowerCase(property.charAt(i - 1)) || Character.isDigit(property.charAt(i - 1)))
                        && i + 1 < property.length() && Character.isLowerCase(property.charAt(i + 1));
                if (wordStart) {
                    sb.append('_');
                }
                sb.append(Character.toUpperCase(c));
            }
            return sb.toString();
        }

        static Key forProperty(String name) {
            for (Key k : values()) {
                if (k.property.equals(name)) {
                    return k;
                }
            }
            return null;
        }
    }

    /** Property prefixes owned by this module: an unknown key under them is a typo and fails loudly. */
    private static final List<String> OWNED_PREFIXES =
            List.of("cea.", "imaging.", "escalation.", "schedule.", "programme.", "history.", "validation.");

    public RuleConfig {
        requirePositive("cea.defaultUlnUgL", defaultUlnUgL);
        requireAtLeast("cea.chemoWindowWeeks", chemoWindowWeeks, 0);
        requirePositive("cea.repeatRisePercent", repeatRisePercent);
        requirePositive("cea.repeatRiseMinUgL", repeatRiseMinUgL);
        requireAtLeast("cea.repeatWithinWeeks", repeatWithinWeeks, 1);
        requirePositive("cea.riseAboveBaselineUgL", riseAboveBaselineUgL);
        requirePositive("cea.doublingTimeMaxDays", doublingTimeMaxDays);
        requireAtLeast("cea.doublingTimeMinValues", doublingTimeMinValues, 2); // a line needs two points
        requireAtLeast("cea.doublingTimeMinSpanDays", doublingTimeMinSpanDays, 1);
        requireAtLeast("imaging.equivocalRepeatMinWeeks", equivocalRepeatMinWeeks, 1);
        requireAtLeast("imaging.equivocalRepeatMaxWeeks", equivocalRepeatMaxWeeks, equivocalRepeatMinWeeks);
        requireAtLeast("escalation.windowDays", escalationWindowDays, 0);
        requireAtLeast("schedule.earlyPhaseYears", earlyPhaseYears, 0);
        requireAtLeast("schedule.earlyIntervalMonths", earlyIntervalMonths, 1);
        requireAtLeast("schedule.lateIntervalMonths", lateIntervalMonths, 1);
        requireAtLeast("schedule.overdueGraceDays", overdueGraceDays, 0);
        requireAtLeast("programme.lengthYears", programmeLengthYears, 1);
        requireAtLeast("history.marginDays", historyMarginDays, 0);
        requireAtLeast("history.maxLabResults", historyMaxLabResults, 1);
        requireAtLeast("history.maxReports", historyMaxReports, 1);
        requireAtLeast("validation.futureToleranceHours", futureToleranceHours, 0);
    }

    /** The spec's defaults. */
    public static RuleConfig defaults() {
        return fromValues(new EnumMap<>(Key.class));
    }

    /**
     * Defaults overlaid with the given properties. Keys of other modules are ignored; an unknown key
     * under one of this module's prefixes ({@code cea.}, {@code imaging.}, {@code escalation.},
     * {@code schedule.}, {@code programme.}, {@code history.}, {@code validation.}) is rejected, because
     * a misspelt clinical threshold must not silently fall back to its default.
     *
     * @throws IllegalArgumentException for an unknown owned key or a value that is not a valid number
     */
    public static RuleConfig fromProperties(Properties properties) {
        Map<Key, String> values = new EnumMap<>(Key.class);
        for (String name : properties.stringPropertyNames()) {
            Key key = Key.forProperty(name);
            if (key != null) {
                values.put(key, properties.getProperty(name).trim());
            } else if (OWNED_PREFIXES.stream().anyMatch(name::startsWith)) {
                throw new IllegalArgumentException("unknown surveillance rule setting: " + name);
            }
        }
        return fromValues(values);
    }

    /** Defaults, then {@code properties}, then environment variables. */
    public static RuleConfig load(Properties properties, Map<String, String> environment) {
        return fromProperties(properties).withEnvironment(environment);
    }

    /**
     * This configuration overlaid with the environment variables named by {@link Key#envName()}.
     * Other variables are ignored.
     */
    public RuleConfig withEnvironment(Map<String, String> environment) {
        Map<Key, String> values = asValues();
        for (Key key : Key.values()) {
            String v = environment.get(key.envName());
            if (v != null && !v.isBlank()) {
                values.put(key, v.trim());
            }
        }
        return fromValues(values);
    }

    /** Every setting as its property name and value, for logging the effective configuration. */
    public Map<Key, String> asValues() {
        Map<Key, String> m = new EnumMap<>(Key.class);
        m.put(Key.CEA_DEFAULT_ULN, num(defaultUlnUgL));
        m.put(Key.CEA_CHEMO_WINDOW, Integer.toString(chemoWindowWeeks));
        m.put(Key.CEA_REPEAT_RISE_PERCENT, num(repeatRisePercent));
        m.put(Key.CEA_REPEAT_RISE_MIN, num(repeatRiseMinUgL));
        m.put(Key.CEA_REPEAT_WITHIN, Integer.toString(repeatWithinWeeks));
        m.put(Key.CEA_RISE_ABOVE_BASELINE, num(riseAboveBaselineUgL));
        m.put(Key.CEA_DOUBLING_MAX_DAYS, num(doublingTimeMaxDays));
        m.put(Key.CEA_DOUBLING_MIN_VALUES, Integer.toString(doublingTimeMinValues));
        m.put(Key.CEA_DOUBLING_MIN_SPAN, Integer.toString(doublingTimeMinSpanDays));
        m.put(Key.EQUIVOCAL_REPEAT_MIN, Integer.toString(equivocalRepeatMinWeeks));
        m.put(Key.EQUIVOCAL_REPEAT_MAX, Integer.toString(equivocalRepeatMaxWeeks));
        m.put(Key.ESCALATION_WINDOW, Integer.toString(escalationWindowDays));
        m.put(Key.SCHEDULE_EARLY_PHASE, Integer.toString(earlyPhaseYears));
        m.put(Key.SCHEDULE_EARLY_INTERVAL, Integer.toString(earlyIntervalMonths));
        m.put(Key.SCHEDULE_LATE_INTERVAL, Integer.toString(lateIntervalMonths));
        m.put(Key.SCHEDULE_OVERDUE_GRACE, Integer.toString(overdueGraceDays));
        m.put(Key.PROGRAMME_LENGTH, Integer.toString(programmeLengthYears));
        m.put(Key.HISTORY_MARGIN, Integer.toString(historyMarginDays));
        m.put(Key.HISTORY_MAX_LAB_RESULTS, Integer.toString(historyMaxLabResults));
        m.put(Key.HISTORY_MAX_REPORTS, Integer.toString(historyMaxReports));
        m.put(Key.FUTURE_TOLERANCE, Integer.toString(futureToleranceHours));
        return m;
    }

    private static RuleConfig fromValues(Map<Key, String> v) {
        return new RuleConfig(
                dbl(v, Key.CEA_DEFAULT_ULN),
                integer(v, Key.CEA_CHEMO_WINDOW),
                dbl(v, Key.CEA_REPEAT_RISE_PERCENT),
                dbl(v, Key.CEA_REPEAT_RISE_MIN),
                integer(v, Key.CEA_REPEAT_WITHIN),
                dbl(v, Key.CEA_RISE_ABOVE_BASELINE),
                dbl(v, Key.CEA_DOUBLING_MAX_DAYS),
                integer(v, Key.CEA_DOUBLING_MIN_VALUES),
                integer(v, Key.CEA_DOUBLING_MIN_SPAN),
                integer(v, Key.EQUIVOCAL_REPEAT_MIN),
                integer(v, Key.EQUIVOCAL_REPEAT_MAX),
                integer(v, Key.ESCALATION_WINDOW),
                integer(v, Key.SCHEDULE_EARLY_PHASE),
                integer(v, Key.SCHEDULE_EARLY_INTERVAL),
                integer(v, Key.SCHEDULE_LATE_INTERVAL),
                integer(v, Key.SCHEDULE_OVERDUE_GRACE),
                integer(v, Key.PROGRAMME_LENGTH),
                integer(v, Key.HISTORY_MARGIN),
                integer(v, Key.HISTORY_MAX_LAB_RESULTS),
                integer(v, Key.HISTORY_MAX_REPORTS),
                integer(v, Key.FUTURE_TOLERANCE));
    }

    // ---- derived values used by the rules -------------------------------------------------

    /** Chemotherapy window as a period (§3.1 Eligibility). */
    public Period chemoWindow() {
        return Period.ofWeeks(chemoWindowWeeks);
    }

    /** Qualifying-rise fraction, e.g. 0.20 for 20 %. */
    public double repeatRiseFraction() {
        return repeatRisePercent / 100.0;
    }

    public Duration escalationWindow() {
        return Duration.ofDays(escalationWindowDays);
    }

    public Duration overdueGrace() {
        return Duration.ofDays(overdueGraceDays);
    }

    public Duration futureTolerance() {
        return Duration.ofHours(futureToleranceHours);
    }

    /** §3.4: the interval that applies when the last exam fell in programme year {@code year} (1-based). */
    public Period intervalForProgrammeYear(int year) {
        return Period.ofMonths(year <= earlyPhaseYears ? earlyIntervalMonths : lateIntervalMonths);
    }

    // ---- parsing helpers ------------------------------------------------------------------------

    private static double dbl(Map<Key, String> v, Key k) {
        String s = v.getOrDefault(k, k.defaultValue);
        try {
            double d = Double.parseDouble(s);
            if (!Double.isFinite(d)) {
                throw new NumberFormatException();
            }
            return d;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(k.property + " must be a number");
        }
    }

    private static int integer(Map<Key, String> v, Key k) {
        String s = v.getOrDefault(k, k.defaultValue);
        try {
            return Integer.parseInt(s);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(k.property + " must be a whole number");
        }
    }

    private static void requirePositive(String name, double value) {
        if (!(value > 0) || !Double.isFinite(value)) {
            throw new IllegalArgumentException(name + " must be a positive number");
        }
    }

    private static void requireAtLeast(String name, int value, int min) {
        if (value < min) {
            throw new IllegalArgumentException(name + " must be at least " + min);
        }
    }

    private static String num(double d) {
        return d == Math.rint(d) && Math.abs(d) < 1e15 ? Long.toString((long) d) : String.format(Locale.ROOT, "%s", d);
    }
}
