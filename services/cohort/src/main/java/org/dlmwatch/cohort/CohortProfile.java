package org.dlmwatch.cohort;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

/**
 * Every number of a synthetic cohort (clinical-spec §5), with its default and its source, in one
 * place. The defaults are the spec's figures; where the spec is silent the choice is the module's and
 * says so. docs/synthetic-cohorts.md explains each one.
 *
 * <p>Sources, later wins: {@link #defaults()}, then a {@link Properties} file
 * ({@link #fromProperties}). Every {@link Key} has a property name such as
 * {@code regrowth.probability}; an unknown key under one of the profile's prefixes is rejected, so that
 * a misspelt parameter never silently falls back to its default.
 */
public record CohortProfile(
        Enrollment enrollment,
        Lesions lesions,
        Regrowth regrowth,
        Growth growth,
        NewLesions newLesions,
        Cea cea,
        FalseAlarmers falseAlarmers,
        Context context,
        Schedule schedule,
        Response response,
        Dropout dropout,
        Labs labs,
        Imaging imaging,
        Awkward awkward) {

    /** When patients enter and how long the programme lasts. */
    public record Enrollment(LocalDate windowStart, int windowMonths, int programmeYears, int lastChemoMinDays,
            int lastChemoMaxDays) {}

    /** The DLM registered at enrollment. */
    public record Lesions(double countPoissonMean, int countMin, int countMax, double baselineSizeMedianMm,
            double baselineSizeLogSd, double baselineSizeMinMm, double baselineSizeMaxMm, double hbpDwiFraction,
            double hbpFraction) {}

    /** Which DLM regrow in situ, and when they become visible on MRI. */
    public record Regrowth(double probability, double nonHbpProbability, int nonHbpMaxMonths, int minMonths,
            int mainFromMonths, int mainToMonths, int maxMonths, double earlyFraction, double tailFraction) {}

    /** Size of a lesion once visible: {@code visibleSizeMm * 2^(days since visible / diameter doubling time)}. */
    public record Growth(double visibleSizeMm, double maxFirstSeenMm, int diameterDoublingMinDays,
            int diameterDoublingMaxDays) {}

    /** New lesions elsewhere in the liver. */
    public record NewLesions(double patientProbability, double secondLesionProbability, double adjacentSegmentFraction,
            double trackedFraction) {}

    /** Serum CEA: baseline, noise, censoring, and the rise that comes with a recurrence. */
    public record Cea(double riseWithRecurrenceProbability, int riseLeadMinDays, int riseLeadMaxDays,
            int riseDoublingMinDays, int riseDoublingMaxDays, double baselineMedianUgL, double baselineLogSd,
            double baselineMinUgL, double baselineMaxUgL, double noiseCvMin, double noiseCvMax,
            double censorLimitUgL) {}

    /** Persistent false alarmers: smokers and patients with chronic liver disease whose CEA runs high. */
    public record FalseAlarmers(double fraction, double levelMinUgL, double levelMaxUgL) {}

    /** Context flags of patients who are not false alarmers. */
    public record Context(double smokerFraction, double liverDiseaseFraction) {}

    /** The surveillance visits: CEA, and liver MRI a few days later. */
    public record Schedule(int earlyYears, int earlyIntervalMonths, int lateIntervalMonths, int jitterMinDays,
            int jitterMaxDays, int mriOffsetMaxDays) {}

    /** What the team does with a finding: repeat CEA, early MRI, repeat MRI, restaging, rescue therapy. */
    public record Response(int repeatCeaMinDays, int repeatCeaMaxDays, int earlyMriMinDays, int earlyMriMaxDays,
            int earlyMriMinGapDays, int equivocalRepeatMinDays, int equivocalRepeatMaxDays, int restagingCtMinDays,
            int restagingCtMaxDays, int rescueMinDays, int rescueMaxDays) {}

    /** Patients who leave the programme for other reasons (withdrawn, transferred, deceased, progression). */
    public record Dropout(double annualRate) {}

    /** The lab topic: every test, not only CEA, and the lab's habits. */
    public record Labs(double ceaShare, double lateFraction, int lateMinDays, int lateMaxDays,
            double unitVariantFraction, double correctedFraction, double assayChangeAt, double assayChangeFactor,
            double labAShare, double labBShare) {}

    /** The radiology systems' habits. */
    public record Imaging(double lateReportFraction, int lateReportMinDays, int lateReportMaxDays,
            double amendedFraction, double trackedFindingFraction, double listAbsentFraction, double hbpDwiFraction,
            double equivocalPrecursorFraction, int equivocalPrecursorWindowDays, double benignEquivocalFraction,
            double missedMriFraction) {}

    /** The awkward cases of §5 that are not already habits of the labs and radiology. */
    public record Awkward(double chemoRiseFraction, double chemoRiseFactorMin, double chemoRiseFactorMax,
            double outOfOrderFraction, boolean forceInFirstPatients) {}

    private static final String SPEC5 = "clinical-spec §5";
    private static final String MODULE = "module choice";

    /** One parameter: property name, default, meaning and source. */
    public enum Key {
        ENROLLMENT_WINDOW_START("enrollment.windowStart", "2024-01-01",
                "first possible enrollment date; also the start of the cohort's horizon", MODULE),
        ENROLLMENT_WINDOW_MONTHS("enrollment.windowMonths", "24",
                "enrollment dates are spread uniformly over this many months (at most half the horizon)",
                MODULE + " (accrual over two years, as in a multicentre registry)"),
        PROGRAMME_YEARS("programme.lengthYears", "5",
                "a patient's surveillance stops this many years after enrollment", "clinical-spec §3.4 (year 5)"),
        CHEMO_MIN_DAYS("chemo.lastDoseMinDays", "21",
                "fewest days from the last chemotherapy dose to enrollment", MODULE + " (restaging MRI, then MDT)"),
        CHEMO_MAX_DAYS("chemo.lastDoseMaxDays", "120",
                "most days from the last chemotherapy dose to enrollment", MODULE),

        DLM_COUNT_MEAN("dlm.countPoissonMean", "2.0",
                "DLM per patient = dlm.countMin + Poisson(this mean), capped at dlm.countMax (median 3)",
                SPEC5 + ": \"DLM per patient median 3 (1-9)\""),
        DLM_COUNT_MIN("dlm.countMin", "1", "fewest DLM per patient", SPEC5 + ": \"(1-9)\""),
        DLM_COUNT_MAX("dlm.countMax", "9", "most DLM per patient", SPEC5 + ": \"(1-9)\""),
        DLM_SIZE_MEDIAN("dlm.baselineSizeMedianMm", "12",
                "median size of a DLM before chemotherapy, mm (log-normal)", MODULE + " (DLM are small lesions)"),
        DLM_SIZE_LOGSD("dlm.baselineSizeLogSd", "0.45", "log-sd of the size before chemotherapy", MODULE),
        DLM_SIZE_MIN("dlm.baselineSizeMinMm", "4", "smallest size before chemotherapy, mm", MODULE),
        DLM_SIZE_MAX("dlm.baselineSizeMaxMm", "40", "largest size before chemotherapy, mm", MODULE),
        DLM_HBP_DWI("dlm.hbpDwiFraction", "0.70",
                "fraction of DLM whose disappearance was established on MRI_HBP_DWI",
                "clinical-spec §1 (HBP MRI with DWI is the reference: E-AHPBA/ESSO consensus, BJS 2023)"),
        DLM_HBP("dlm.hbpFraction", "0.25",
                "fraction established on MRI_HBP; the rest on CT (advisory DLM_NOT_HBP_CONFIRMED)", MODULE),

        REGROWTH_P("regrowth.probability", "0.35",
                "probability that a DLM defined on hepatobiliary MRI regrows in situ within regrowth.maxMonths",
                SPEC5 + "; §1 (EJSO 2023: 36% per lesion; Oncol Lett 2012: 31% at 3 y)"),
        REGROWTH_NON_HBP_P("regrowth.nonHbpProbability", "0.74",
                "probability that a CT-defined DLM regrows (within regrowth.nonHbpMaxMonths)",
                "clinical-spec §1 (Benoist 2006: 74% within 1 year)"),
        REGROWTH_NON_HBP_MAX("regrowth.nonHbpMaxMonths", "12",
                "CT-defined DLM regrow between regrowth.minMonths and this many months",
                "clinical-spec §1 (Benoist 2006: within 1 year)"),
        REGROWTH_MIN("regrowth.minMonths", "1", "earliest regrowth (visible on MRI), months after enrollment", MODULE),
        REGROWTH_MAIN_FROM("regrowth.mainFromMonths", "3", "start of the main regrowth window, months",
                SPEC5 + ": \"mostly 3-24 months after enrollment\""),
        REGROWTH_MAIN_TO("regrowth.mainToMonths", "24", "end of the main regrowth window, months",
                SPEC5 + ": \"mostly 3-24 months after enrollment\""),
        REGROWTH_MAX("regrowth.maxMonths", "36", "latest regrowth, months (the tail)",
                SPEC5 + ": \"tail to 36\"; §1 \"within 3 years\""),
        REGROWTH_EARLY("regrowth.earlyFraction", "0.05",
                "fraction of regrowths between regrowth.minMonths and regrowth.mainFromMonths", MODULE),
        REGROWTH_TAIL("regrowth.tailFraction", "0.10",
                "fraction of regrowths between regrowth.mainToMonths and regrowth.maxMonths; the rest (85%) fall in the main window",
                SPEC5 + ": \"mostly ... (tail to 36)\""),

        GROWTH_VISIBLE("growth.visibleSizeMm", "5", "size at which a lesion becomes visible on hepatobiliary MRI, mm",
                SPEC5 + ": \"regrowth first seen at 5-15 mm\""),
        GROWTH_MAX_FIRST_SEEN("growth.maxFirstSeenMm", "15",
                "largest size at which a lesion is first seen, mm (sizes are capped here)",
                SPEC5 + ": \"regrowth first seen at 5-15 mm\""),
        GROWTH_DOUBLING_MIN("growth.diameterDoublingMinDays", "45",
                "shortest diameter doubling time of a regrowing lesion, days (uniform; three volume doubling times)",
                MODULE + " (spreads first sightings over the spec's 5-15 mm at 3- and 6-monthly MRI)"),
        GROWTH_DOUBLING_MAX("growth.diameterDoublingMaxDays", "180", "longest diameter doubling time, days", MODULE),

        NEW_P("newLesion.patientProbability", "0.65",
                "probability that a patient develops a new liver lesion (outside every DLM) within regrowth.maxMonths",
                SPEC5 + ": \"new lesions elsewhere in the liver in about as many patients\" (as many as have a regrowth: 1-E[0.65^n] = 0.68)"),
        NEW_SECOND("newLesion.secondLesionProbability", "0.20",
                "probability that such a patient develops a second new lesion", MODULE),
        NEW_ADJACENT("newLesion.adjacentSegmentFraction", "0.30",
                "fraction of new lesions placed in a Couinaud segment adjacent to a DLM's segment",
                SPEC5 + " awkward case \"adjacent-segment findings\""),
        NEW_TRACKED("newLesion.trackedFraction", "0.70",
                "fraction of new lesions the radiologist gives a tracking id of their own (N1, N2); the others are reported by segment only, in a segment without a DLM",
                MODULE),

        CEA_RISE_P("cea.riseWithRecurrenceProbability", "0.65",
                "probability that CEA rises with a patient's recurrence",
                SPEC5 + "; §1 (Cochrane CD011134, 2015: 20-30% of recurrences never raise CEA)"),
        CEA_LEAD_MIN("cea.riseLeadMinDays", "0", "fewest days the CEA rise starts before the recurrence is visible on MRI",
                SPEC5 + ": \"0-3 months before imaging\""),
        CEA_LEAD_MAX("cea.riseLeadMaxDays", "90", "most days the CEA rise starts before the recurrence is visible on MRI",
                SPEC5 + ": \"0-3 months before imaging\""),
        CEA_DT_MIN("cea.riseDoublingMinDays", "30", "shortest CEA doubling time of a recurrence, days (log-uniform)",
                SPEC5 + "; §3.1 (CEA-dt groups <30, 30-80, >=80 days: EJSO 1999)"),
        CEA_DT_MAX("cea.riseDoublingMaxDays", "180", "longest CEA doubling time of a recurrence, days",
                SPEC5 + ": \"recurrence CEA doubling time 30-180 days\""),
        CEA_BASE_MEDIAN("cea.baselineMedianUgL", "1.5", "median post-chemotherapy CEA baseline, ug/L (log-normal)",
                MODULE + " (below the 5 ug/L ULN of §2.2)"),
        CEA_BASE_LOGSD("cea.baselineLogSd", "0.6", "log-sd of the baseline", MODULE),
        CEA_BASE_MIN("cea.baselineMinUgL", "0.2", "lowest baseline, ug/L (below the censoring limit)", MODULE),
        CEA_BASE_MAX("cea.baselineMaxUgL", "4.0", "highest baseline of a patient who is not a false alarmer, ug/L", MODULE),
        CEA_CV_MIN("cea.noiseCvMin", "0.10",
                "smallest per-patient variation of CEA around its level (log-sd of the value)",
                SPEC5 + ": \"non-recurrence CEA noise of 10-15% around the baseline\""),
        CEA_CV_MAX("cea.noiseCvMax", "0.15", "largest per-patient variation of CEA around its level",
                SPEC5 + ": \"10-15%\""),
        CEA_CENSOR("cea.censorLimitUgL", "0.5", "values below this are reported censored (\"<0.5\")",
                "clinical-spec §2.2 (\"censored results (<0.5)\")"),

        FA_FRACTION("falseAlarmer.fraction", "0.075",
                "fraction of patients who are persistent false alarmers (smokers, chronic liver disease)",
                SPEC5 + ": \"about 5-10% persistent false alarmers\""),
        FA_MIN("falseAlarmer.levelMinUgL", "3", "lowest CEA level of a false alarmer, ug/L", SPEC5 + ": \"at 3-8 ug/L\""),
        FA_MAX("falseAlarmer.levelMaxUgL", "8", "highest CEA level of a false alarmer, ug/L", SPEC5 + ": \"at 3-8 ug/L\""),

        CTX_SMOKER("context.smokerFraction", "0.12", "current smokers among the other patients", MODULE),
        CTX_LIVER("context.liverDiseaseFraction", "0.04", "chronic liver disease among the other patients", MODULE),

        SCHED_EARLY_YEARS("schedule.earlyYears", "2", "programme years with the early interval",
                SPEC5 + "; §3.4 (\"every 3 months for 2 years\")"),
        SCHED_EARLY("schedule.earlyIntervalMonths", "3", "months between visits in the early years",
                SPEC5 + "; §3.4"),
        SCHED_LATE("schedule.lateIntervalMonths", "6", "months between visits afterwards", SPEC5 + "; §3.4"),
        SCHED_JITTER_MIN("schedule.jitterMinDays", "-7",
                "earliest a visit happens relative to one interval after the previous visit, days", MODULE),
        SCHED_JITTER_MAX("schedule.jitterMaxDays", "21",
                "latest a visit happens relative to one interval after the previous visit, days (with the MRI offset below the 30-day grace of §3.4)",
                MODULE),
        SCHED_MRI_OFFSET("schedule.mriOffsetMaxDays", "7", "the visit's MRI is 0 to this many days after its CEA", MODULE),

        RESP_REPEAT_MIN("response.repeatCeaMinDays", "14", "a suspicious CEA is repeated after at least this many days",
                "clinical-spec §3.1 (\"repeat CEA within 4 weeks\")"),
        RESP_REPEAT_MAX("response.repeatCeaMaxDays", "28", "... and at most this many", "clinical-spec §3.1"),
        RESP_EARLY_MRI_MIN("response.earlyMriMinDays", "7", "a confirmed CEA rise brings the MRI forward to at least this many days",
                "clinical-spec §3.1 (\"image now\")"),
        RESP_EARLY_MRI_MAX("response.earlyMriMaxDays", "21", "... and at most this many", "clinical-spec §3.1"),
        RESP_EARLY_MRI_GAP("response.earlyMriMinGapDays", "180", "at most one early MRI per this many days", MODULE),
        RESP_EQUIVOCAL_MIN("response.equivocalRepeatMinDays", "42", "repeat MRI after an equivocal focus, earliest day",
                "clinical-spec §3.2 (\"early repeat ... in 6-8 weeks\")"),
        RESP_EQUIVOCAL_MAX("response.equivocalRepeatMaxDays", "56", "repeat MRI after an equivocal focus, latest day",
                "clinical-spec §3.2"),
        RESP_CT_MIN("response.restagingCtMinDays", "5", "restaging CT after a recurrence is seen, earliest day",
                "clinical-spec §3.2 (\"restaging (CT chest/abdomen/pelvis ...) first\")"),
        RESP_CT_MAX("response.restagingCtMaxDays", "21", "restaging CT, latest day", MODULE),
        RESP_RESCUE_MIN("response.rescueMinDays", "28",
                "rescue therapy (resection or ablation, enrollment ENDED) at least this many days after the recurrence is seen",
                "clinical-spec §1, §2.1 (RESECTED, ABLATED)"),
        RESP_RESCUE_MAX("response.rescueMaxDays", "70", "... and at most this many", MODULE),

        DROPOUT_RATE("dropout.annualRate", "0.03",
                "yearly rate of leaving the programme for another reason (withdrawn, transferred, deceased, systemic progression)",
                MODULE),

        LABS_CEA_SHARE("labs.ceaShare", "0.05", "share of CEA among all lab results on the lab topic",
                "issue 6 (\"CEA is 5% of lab results\"); event-contract (the topic carries every test)"),
        LABS_LATE("labs.lateFraction", "0.03", "fraction of results resulted late", SPEC5 + " awkward case \"late and out-of-order results\""),
        LABS_LATE_MIN("labs.lateMinDays", "5", "a late result arrives at least this many days after collection", MODULE),
        LABS_LATE_MAX("labs.lateMaxDays", "45", "... and at most this many", MODULE),
        LABS_UNIT_VARIANT("labs.unitVariantFraction", "0.05",
                "fraction of CEA results in a variant unit (ng/ml, mcg/L, ng/L, mg/L) instead of the lab's usual one",
                SPEC5 + " awkward case \"unit variants\"; §2.2"),
        LABS_CORRECTED("labs.correctedFraction", "0.005",
                "fraction of CEA results first released with a wrong value and then CORRECTED",
                SPEC5 + " awkward case \"corrected results\""),
        LABS_ASSAY_AT("labs.assayChangeAt", "0.5",
                "lab A changes its CEA assay at this fraction of the horizon", SPEC5 + " awkward case \"an assay change\"; §2.2"),
        LABS_ASSAY_FACTOR("labs.assayChangeFactor", "1.10",
                "the new assay reads this factor higher for the same serum", MODULE
                        + " (§2.2: values from different manufacturers' assays are not interchangeable)"),
        LABS_A_SHARE("labs.labAShare", "0.45", "patients whose CEA is done by lab A (ng/mL, Roche, then Abbott)", MODULE),
        LABS_B_SHARE("labs.labBShare", "0.35",
                "patients whose CEA is done by lab B (ug/L, Siemens); the rest by lab C (µg/L, no method, no ULN sent)",
                MODULE),

        IMG_LATE("imaging.lateReportFraction", "0.03", "fraction of reports signed late (outside reads)",
                SPEC5 + " awkward case \"late ... results\""),
        IMG_LATE_MIN("imaging.lateReportMinDays", "7", "a late report arrives at least this many days after the study", MODULE),
        IMG_LATE_MAX("imaging.lateReportMaxDays", "28", "... and at most this many", MODULE),
        IMG_AMENDED("imaging.amendedFraction", "0.01", "fraction of MRI reports later AMENDED",
                SPEC5 + " awkward case \"amended reports\""),
        IMG_TRACKED("imaging.trackedFindingFraction", "0.85",
                "fraction of reports that name a reappearing DLM by its tracking id (the others give only its segment)",
                MODULE + " (§2.1: the lesion id is the tracking id from the baseline exam)"),
        IMG_LIST_ABSENT("imaging.listAbsentFraction", "0.70",
                "fraction of reports that list every DLM still absent as an ABSENT finding", MODULE),
        IMG_HBP_DWI("imaging.hbpDwiFraction", "0.80", "fraction of surveillance MRI done as MRI_HBP_DWI (the rest MRI_HBP)",
                "clinical-spec §1"),
        IMG_EQ_PRECURSOR("imaging.equivocalPrecursorFraction", "0.25",
                "fraction of regrowths first reported as an EQUIVOCAL focus on the MRI just before they are visible",
                SPEC5 + " awkward case \"an equivocal focus\""),
        IMG_EQ_WINDOW("imaging.equivocalPrecursorWindowDays", "56",
                "... when that MRI is at most this many days before the regrowth becomes visible", MODULE),
        IMG_EQ_BENIGN("imaging.benignEquivocalFraction", "0.005",
                "fraction of MRI with a benign equivocal focus (absent on the repeat MRI)",
                SPEC5 + " awkward case \"an equivocal focus\""),
        IMG_MISSED("imaging.missedMriFraction", "0.01", "fraction of scheduled MRI the patient misses",
                SPEC5 + " awkward case \"a missed MRI\""),

        AWK_CHEMO("awkward.chemoRiseFraction", "0.03",
                "fraction of patients enrolled within 6 weeks of chemotherapy whose CEA is spuriously raised then",
                SPEC5 + " awkward case \"a rise during chemotherapy\"; §3.1 (ASCO 2006)"),
        AWK_CHEMO_MIN("awkward.chemoRiseFactorMin", "2.5", "spurious rise during chemotherapy, lowest factor", MODULE),
        AWK_CHEMO_MAX("awkward.chemoRiseFactorMax", "5", "spurious rise during chemotherapy, highest factor", MODULE),
        AWK_OUT_OF_ORDER("awkward.outOfOrderFraction", "0.02",
                "fraction of patients with one CEA resulted after the next one", SPEC5 + " awkward case \"out-of-order results\""),
        AWK_FORCE("awkward.forceInFirstPatients", "true",
                "give each awkward case to one of the first patients as well, so that even a small cohort has every case",
                SPEC5 + " (\"plus the awkward cases\")");

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

        static Key forProperty(String name) {
            for (Key k : values()) {
                if (k.property.equals(name)) {
                    return k;
                }
            }
            return null;
        }
    }

    /** Property prefixes owned by the profile: an unknown key under them fails loudly. */
    private static final java.util.List<String> OWNED_PREFIXES = java.util.List.of("enrollment.", "programme.", "chemo.",
            "dlm.", "regrowth.", "growth.", "newLesion.", "cea.", "falseAlarmer.", "context.", "schedule.", "response.",
            "dropout.", "labs.", "imaging.", "awkward.");

    public CohortProfile {
        fraction("dlm.hbpDwiFraction + dlm.hbpFraction", lesions.hbpDwiFraction() + lesions.hbpFraction());
        fraction("regrowth.earlyFraction + regrowth.tailFraction", regrowth.earlyFraction() + regrowth.tailFraction());
        fraction("labs.labAShare + labs.labBShare", labs.labAShare() + labs.labBShare());
        ordered("dlm.countMin", lesions.countMin(), "dlm.countMax", lesions.countMax());
        ordered("regrowth.minMonths", regrowth.minMonths(), "regrowth.mainFromMonths", regrowth.mainFromMonths());
        ordered("regrowth.mainFromMonths", regrowth.mainFromMonths(), "regrowth.mainToMonths", regrowth.mainToMonths());
        ordered("regrowth.mainToMonths", regrowth.mainToMonths(), "regrowth.maxMonths", regrowth.maxMonths());
        ordered("cea.riseDoublingMinDays", cea.riseDoublingMinDays(), "cea.riseDoublingMaxDays", cea.riseDoublingMaxDays());
        ordered("cea.noiseCvMin", cea.noiseCvMin(), "cea.noiseCvMax", cea.noiseCvMax());
        ordered("falseAlarmer.levelMinUgL", falseAlarmers.levelMinUgL(), "falseAlarmer.levelMaxUgL",
                falseAlarmers.levelMaxUgL());
        ordered("schedule.jitterMinDays", schedule.jitterMinDays(), "schedule.jitterMaxDays", schedule.jitterMaxDays());
        ordered("growth.visibleSizeMm", growth.visibleSizeMm(), "growth.maxFirstSeenMm", growth.maxFirstSeenMm());
        if (cea.riseDoublingMinDays() <= 0 || growth.diameterDoublingMinDays() <= 0) {
            throw new IllegalArgumentException("doubling times must be positive");
        }
        if (labs.ceaShare() <= 0 || labs.ceaShare() > 1) {
            throw new IllegalArgumentException("labs.ceaShare must be in (0, 1]");
        }
        if (schedule.earlyIntervalMonths() < 1 || schedule.lateIntervalMonths() < 1) {
            throw new IllegalArgumentException("schedule intervals must be at least 1 month");
        }
    }

    /** The spec's defaults. */
    public static CohortProfile defaults() {
        return fromValues(new EnumMap<>(Key.class));
    }

    /**
     * Defaults overlaid with the given properties. Keys of other modules are ignored; an unknown key
     * under one of the profile's prefixes is rejected.
     *
     * @throws IllegalArgumentException for an unknown key or a value of the wrong kind
     */
    public static CohortProfile fromProperties(Properties properties) {
        return fromValues(overrides(properties));
    }

    /** The profile's own keys among {@code properties}, validated. */
    public static Map<Key, String> overrides(Properties properties) {
        Map<Key, String> values = new EnumMap<>(Key.class);
        for (String name : new java.util.TreeSet<>(properties.stringPropertyNames())) {
            Key key = Key.forProperty(name);
            if (key != null) {
                values.put(key, properties.getProperty(name).trim());
            } else if (OWNED_PREFIXES.stream().anyMatch(name::startsWith)) {
                throw new IllegalArgumentException("unknown cohort profile setting: " + name);
            }
        }
        fromValues(values); // validates
        return values;
    }

    /** Overrides as property name to value, in key order (for the answer key). */
    public static Map<String, String> describe(Map<Key, String> overrides) {
        Map<String, String> out = new LinkedHashMap<>();
        overrides.forEach((k, v) -> out.put(k.property(), v));
        return out;
    }

    private static CohortProfile fromValues(Map<Key, String> v) {
        Reader r = new Reader(v);
        return new CohortProfile(
                new Enrollment(r.date(Key.ENROLLMENT_WINDOW_START), r.nat(Key.ENROLLMENT_WINDOW_MONTHS),
                        r.pos(Key.PROGRAMME_YEARS), r.nat(Key.CHEMO_MIN_DAYS), r.nat(Key.CHEMO_MAX_DAYS)),
                new Lesions(r.nonNeg(Key.DLM_COUNT_MEAN), r.pos(Key.DLM_COUNT_MIN), r.pos(Key.DLM_COUNT_MAX),
                        r.positive(Key.DLM_SIZE_MEDIAN), r.nonNeg(Key.DLM_SIZE_LOGSD), r.positive(Key.DLM_SIZE_MIN),
                        r.positive(Key.DLM_SIZE_MAX), r.fraction(Key.DLM_HBP_DWI), r.fraction(Key.DLM_HBP)),
                new Regrowth(r.fraction(Key.REGROWTH_P), r.fraction(Key.REGROWTH_NON_HBP_P),
                        r.pos(Key.REGROWTH_NON_HBP_MAX), r.nat(Key.REGROWTH_MIN), r.nat(Key.REGROWTH_MAIN_FROM),
                        r.nat(Key.REGROWTH_MAIN_TO), r.pos(Key.REGROWTH_MAX), r.fraction(Key.REGROWTH_EARLY),
                        r.fraction(Key.REGROWTH_TAIL)),
                new Growth(r.positive(Key.GROWTH_VISIBLE), r.positive(Key.GROWTH_MAX_FIRST_SEEN),
                        r.pos(Key.GROWTH_DOUBLING_MIN), r.pos(Key.GROWTH_DOUBLING_MAX)),
                new NewLesions(r.fraction(Key.NEW_P), r.fraction(Key.NEW_SECOND), r.fraction(Key.NEW_ADJACENT),
                        r.fraction(Key.NEW_TRACKED)),
                new Cea(r.fraction(Key.CEA_RISE_P), r.nat(Key.CEA_LEAD_MIN), r.nat(Key.CEA_LEAD_MAX),
                        r.pos(Key.CEA_DT_MIN), r.pos(Key.CEA_DT_MAX), r.positive(Key.CEA_BASE_MEDIAN),
                        r.nonNeg(Key.CEA_BASE_LOGSD), r.positive(Key.CEA_BASE_MIN), r.positive(Key.CEA_BASE_MAX),
                        r.nonNeg(Key.CEA_CV_MIN), r.nonNeg(Key.CEA_CV_MAX), r.positive(Key.CEA_CENSOR)),
                new FalseAlarmers(r.fraction(Key.FA_FRACTION), r.positive(Key.FA_MIN), r.positive(Key.FA_MAX)),
                new Context(r.fraction(Key.CTX_SMOKER), r.fraction(Key.CTX_LIVER)),
                new Schedule(r.nat(Key.SCHED_EARLY_YEARS), r.pos(Key.SCHED_EARLY), r.pos(Key.SCHED_LATE),
                        r.integer(Key.SCHED_JITTER_MIN), r.integer(Key.SCHED_JITTER_MAX), r.nat(Key.SCHED_MRI_OFFSET)),
                new Response(r.pos(Key.RESP_REPEAT_MIN), r.pos(Key.RESP_REPEAT_MAX), r.pos(Key.RESP_EARLY_MRI_MIN),
                        r.pos(Key.RESP_EARLY_MRI_MAX), r.nat(Key.RESP_EARLY_MRI_GAP), r.pos(Key.RESP_EQUIVOCAL_MIN),
                        r.pos(Key.RESP_EQUIVOCAL_MAX), r.pos(Key.RESP_CT_MIN), r.pos(Key.RESP_CT_MAX),
                        r.pos(Key.RESP_RESCUE_MIN), r.pos(Key.RESP_RESCUE_MAX)),
                new Dropout(r.nonNeg(Key.DROPOUT_RATE)),
                new Labs(r.fraction(Key.LABS_CEA_SHARE), r.fraction(Key.LABS_LATE), r.pos(Key.LABS_LATE_MIN),
                        r.pos(Key.LABS_LATE_MAX), r.fraction(Key.LABS_UNIT_VARIANT), r.fraction(Key.LABS_CORRECTED),
                        r.fraction(Key.LABS_ASSAY_AT), r.positive(Key.LABS_ASSAY_FACTOR), r.fraction(Key.LABS_A_SHARE),
                        r.fraction(Key.LABS_B_SHARE)),
                new Imaging(r.fraction(Key.IMG_LATE), r.pos(Key.IMG_LATE_MIN), r.pos(Key.IMG_LATE_MAX),
                        r.fraction(Key.IMG_AMENDED), r.fraction(Key.IMG_TRACKED), r.fraction(Key.IMG_LIST_ABSENT),
                        r.fraction(Key.IMG_HBP_DWI), r.fraction(Key.IMG_EQ_PRECURSOR), r.pos(Key.IMG_EQ_WINDOW),
                        r.fraction(Key.IMG_EQ_BENIGN), r.fraction(Key.IMG_MISSED)),
                new Awkward(r.fraction(Key.AWK_CHEMO), r.positive(Key.AWK_CHEMO_MIN), r.positive(Key.AWK_CHEMO_MAX),
                        r.fraction(Key.AWK_OUT_OF_ORDER), r.bool(Key.AWK_FORCE)));
    }

    /** Typed reading of the string values, with the property name in every error. */
    private static final class Reader {
        private final Map<Key, String> values;

        Reader(Map<Key, String> values) {
            this.values = values;
        }

        private String raw(Key k) {
            return values.getOrDefault(k, k.defaultValue);
        }

        double dbl(Key k) {
            try {
                double d = Double.parseDouble(raw(k));
                if (!Double.isFinite(d)) {
                    throw new NumberFormatException();
                }
                return d;
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(k.property + " must be a number");
            }
        }

        double nonNeg(Key k) {
            double d = dbl(k);
            if (d < 0) {
                throw new IllegalArgumentException(k.property + " must not be negative");
            }
            return d;
        }

        double positive(Key k) {
            double d = dbl(k);
            if (d <= 0) {
                throw new IllegalArgumentException(k.property + " must be positive");
            }
            return d;
        }

        double fraction(Key k) {
            double d = dbl(k);
            if (d < 0 || d > 1) {
                throw new IllegalArgumentException(k.property + " must be between 0 and 1");
            }
            return d;
        }

        int integer(Key k) {
            try {
                return Integer.parseInt(raw(k));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(k.property + " must be a whole number");
            }
        }

        int nat(Key k) {
            int i = integer(k);
            if (i < 0) {
                throw new IllegalArgumentException(k.property + " must not be negative");
            }
            return i;
        }

        int pos(Key k) {
            int i = integer(k);
            if (i < 1) {
                throw new IllegalArgumentException(k.property + " must be at least 1");
            }
            return i;
        }

        boolean bool(Key k) {
            String s = raw(k).toLowerCase(Locale.ROOT);
            if (!s.equals("true") && !s.equals("false")) {
                throw new IllegalArgumentException(k.property + " must be true or false");
            }
            return Boolean.parseBoolean(s);
        }

        LocalDate date(Key k) {
            try {
                return LocalDate.parse(raw(k));
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException(k.property + " must be a date (YYYY-MM-DD)");
            }
        }
    }

    private static void fraction(String name, double value) {
        if (value < 0 || value > 1 + 1e-9) {
            throw new IllegalArgumentException(name + " must not exceed 1");
        }
    }

    private static void ordered(String lowName, double low, String highName, double high) {
        if (low > high) {
            throw new IllegalArgumentException(lowName + " must not exceed " + highName);
        }
    }
}
