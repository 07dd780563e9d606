package org.dlmwatch.cohort;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.Period;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;
import org.apache.avro.specific.SpecificRecord;
import org.dlmwatch.events.v1.DlmLesion;
import org.dlmwatch.events.v1.EndReason;
import org.dlmwatch.events.v1.Enrollment;
import org.dlmwatch.events.v1.EnrollmentStatus;
import org.dlmwatch.events.v1.FindingStatus;
import org.dlmwatch.events.v1.ImagingReport;
import org.dlmwatch.events.v1.LabResult;
import org.dlmwatch.events.v1.LesionFinding;
import org.dlmwatch.events.v1.Modality;
import org.dlmwatch.events.v1.ReportStatus;
import org.dlmwatch.events.v1.ResultStatus;
import org.dlmwatch.platform.json.ContractJson;

/**
 * One patient's course, simulated in clinical time: enrollment, the surveillance visits (CEA, then
 * liver MRI), what the DLM and any new lesion do, what CEA does, what the team does about it (repeat
 * CEA, early MRI, repeat MRI after an equivocal focus, restaging, rescue therapy), and how the lab and
 * radiology systems deliver all of it (late, out of order, corrected, amended, in unit variants). The
 * result is the patient's events with their arrival times, and the patient's part of the answer key.
 *
 * <p>Each purpose draws from its own random stream, derived from the seed and the patient's index,
 * so a patient's course does not depend on how many patients the cohort has.
 */
final class PatientSimulator {

    /** clinical-spec §3.4: an exam is overdue 30 days after it was due. */
    static final int OVERDUE_GRACE_DAYS = 30;
    static final String CEA_LOINC = "2039-6";
    private static final double DAYS_PER_MONTH = 30.4375;

    /** The awkward cases of clinical-spec §5, plus late reports. */
    enum Awkward {
        CHEMO_WINDOW_RISE, ASSAY_CHANGE, UNIT_VARIANT, CENSORED_VALUE, LATE_RESULT, OUT_OF_ORDER_RESULT,
        CORRECTED_RESULT, AMENDED_REPORT, ADJACENT_SEGMENT_FINDING, EQUIVOCAL_FOCUS, MISSED_MRI, LATE_REPORT
    }

    /** What the whole cohort shares. */
    record Setting(CohortProfile profile, long seed, LocalDate horizonStart, Instant horizonEnd, int windowDays,
            Instant assayChangeAt) {}

    /** One event of the file: its arrival time, its order of creation within the patient, its line. */
    record Event(long arrivalMillis, int seq, String line) {}

    /** The patient's events and part of the answer key. */
    static final class Output {
        final List<Event> events = new ArrayList<>();
        AnswerKey.Patient patient;
        final List<AnswerKey.Regrowth> regrowths = new ArrayList<>();
        final List<AnswerKey.NewLesion> newLesions = new ArrayList<>();
        AnswerKey.Recurrence recurrence;
        final List<AnswerKey.EquivocalFocus> equivocalFoci = new ArrayList<>();
        final List<AnswerKey.NonHbpLesion> nonHbpLesions = new ArrayList<>();
        final List<AnswerKey.OverdueExam> overdueExams = new ArrayList<>();
        final Map<Awkward, List<String>> awkward = new LinkedHashMap<>();
        /** Latent truth, for realism checks: regrowth per DLM (months after enrollment, or null). */
        final List<Double> latentRegrowthMonths = new ArrayList<>();
        final List<Boolean> latentHbpDefined = new ArrayList<>();
        int latentNewLesions;
        boolean latentCeaRise;
        boolean latentRecurrence;
        double noiseCv;
        double ceaLevel;
        double patientYears;
        int dlmCount;
        int hbpDefined;
        int ceaResults;
        int otherLabResults;
        int imagingReports;
        int enrollments;
        final List<Double> firstSeenSizes = new ArrayList<>();
    }

    // ---- the patient's plan ----

    private static final class Dlm {
        String id;
        String segment;
        double baselineSizeMm;
        LocalDate disappearedOn;
        Modality establishedBy;
        boolean regrows;
        Instant visibleAt;
        double doublingDays;
        boolean precursor;
        Instant firstImagedAt;
        String firstReportId;
        Double firstSize;
    }

    private static final class NewLesion {
        String trackingId;
        String segment;
        boolean adjacent;
        Instant visibleAt;
        double doublingDays;
        Instant firstImagedAt;
        String firstReportId;
        Double firstSize;
    }

    /** A lab whose habits the patient's CEA follows. */
    private record Lab(String sourceSystem, String performingLab, String unit, Double uln, String methodBefore,
            String methodAfter) {}

    private static final Lab LAB_A = new Lab("lab-a", "Central Laboratory A", "ng/mL", 5.0, "Roche Elecsys CEA",
            "Abbott Alinity i CEA");
    private static final Lab LAB_B = new Lab("lab-b", "Regional Laboratory B", "ug/L", 5.0, "Siemens Atellica IM CEA",
            "Siemens Atellica IM CEA");
    private static final Lab LAB_C = new Lab("lab-c", "Hospital Laboratory C", "\u00b5g/L", null, null, null);

    /** A unit variant: its spelling and the factor from ug/L. */
    private record Unit(String spelling, int shift) {}

    private static final List<Unit> VARIANTS = List.of(new Unit("ng/ml", 0), new Unit("mcg/L", 0),
            new Unit("ng/L", 3), new Unit("mg/L", -3));
    private static final double[] VARIANT_WEIGHTS = {0.4, 0.3, 0.2, 0.1};

    /** One CEA draw. */
    private static final class CeaDraw {
        Instant collectedAt;
        Instant resultedAt;
        double valueUgL;
        boolean censored;
        boolean eligible;
        boolean chemoRaised;
        Unit variant;
        Double wrongValueUgL;
        Instant correctedAt;
        boolean late;
        String resultId;
        int order;
    }

    /** A non-CEA lab result. */
    private record OtherResult(Instant collectedAt, Instant resultedAt, OtherLabs.Test test, double value, int order) {}

    private enum Kind { ENROLLMENT_CEA, VISIT, MRI, EARLY_MRI, EQUIVOCAL_MRI, REPEAT_CEA, RESTAGING_CT, PREOP_CEA }

    private record Appt(Instant at, int order, Kind kind, int visitNo) {}

    // ---- state ----

    private final Setting s;
    private final CohortProfile p;
    private final int index;
    private final String patientId;
    private final Set<Awkward> forced;
    private final Rng truth;
    private final Rng schedule;
    private final Rng ceaRng;
    private final Rng labRng;
    private final Rng imagingRng;
    private final Rng deliveryRng;
    private final Output out = new Output();

    private LocalDate enrolledOn;
    private LocalDate lastChemoOn;
    private Instant programmeEnd;
    private Instant followUpEnd;
    private EndReason endReason;
    private final List<Dlm> dlms = new ArrayList<>();
    private final List<NewLesion> newLesions = new ArrayList<>();
    private boolean smoker;
    private boolean liverDisease;
    private boolean falseAlarmer;
    private double ceaLevel;
    private double noiseCv;
    private boolean chemoRise;
    private double chemoFactor;
    private Lab lab;
    private String ris;
    private boolean ceaRises;
    private Instant riseStart;
    private double riseDoublingDays;
    private Instant firstVisibleAt;

    private final PriorityQueue<Appt> queue = new PriorityQueue<>(
            Comparator.comparing(Appt::at).thenComparingInt(Appt::order));
    private int apptOrder;
    private int seq;
    private int reportNo;
    private Instant nextVisitAt;
    private boolean awaitingRepeat;
    private double repeatTrigger;
    private Double previousEligible;
    private Instant lastEarlyMriAt;
    private boolean equivocalRepeatPending;
    private boolean detected;
    private Instant detectedAt;
    private final List<CeaDraw> draws = new ArrayList<>();
    private final List<Instant> hbpMriAt = new ArrayList<>();
    private final List<LocalDate> plannedMisses = new ArrayList<>();
    private boolean amendForced;
    private boolean equivocalForced;

    PatientSimulator(Setting setting, int index, String patientId, Set<Awkward> forced) {
        this.s = setting;
        this.p = setting.profile();
        this.index = index;
        this.patientId = patientId;
        this.forced = forced.isEmpty() ? EnumSet.noneOf(Awkward.class) : EnumSet.copyOf(forced);
        this.truth = Rng.stream(setting.seed(), index, 1);
        this.schedule = Rng.stream(setting.seed(), index, 2);
        this.ceaRng = Rng.stream(setting.seed(), index, 3);
        this.labRng = Rng.stream(setting.seed(), index, 4);
        this.imagingRng = Rng.stream(setting.seed(), index, 5);
        this.deliveryRng = Rng.stream(setting.seed(), index, 6);
        this.amendForced = this.forced.contains(Awkward.AMENDED_REPORT);
        this.equivocalForced = this.forced.contains(Awkward.EQUIVOCAL_FOCUS);
    }

    Output run() {
        plan();
        simulate();
        deliverCea();
        emitEnrollments();
        emitLabs();
        writeKey();
        return out;
    }

    // =====================================================================================
    // plan: who the patient is and what their disease will do
    // =====================================================================================

    private void plan() {
        enrolledOn = s.horizonStart().plusDays(truth.between(0, Math.max(0, s.windowDays() - 1)));
        programmeEnd = startOfDay(enrolledOn.plusYears(p.enrollment().programmeYears()));
        followUpEnd = min(s.horizonEnd(), programmeEnd);

        chemoRise = forced.contains(Awkward.CHEMO_WINDOW_RISE) || truth.chance(p.awkward().chemoRiseFraction());
        int chemoDays = chemoRise ? truth.between(7, 28)
                : truth.between(p.enrollment().lastChemoMinDays(), p.enrollment().lastChemoMaxDays());
        lastChemoOn = enrolledOn.minusDays(chemoDays);
        chemoFactor = truth.uniform(p.awkward().chemoRiseFactorMin(), p.awkward().chemoRiseFactorMax());

        // DLM
        var l = p.lesions();
        int n = Math.max(l.countMin(), Math.min(l.countMax(), l.countMin() + truth.poisson(l.countPoissonMean())));
        for (int i = 0; i < n; i++) {
            Dlm d = new Dlm();
            d.id = "L" + (i + 1);
            d.segment = truth.weighted(Couinaud.SEGMENTS, Couinaud.WEIGHTS);
            d.baselineSizeMm = Math.round(truth.logNormal(l.baselineSizeMedianMm(), l.baselineSizeLogSd(),
                    l.baselineSizeMinMm(), l.baselineSizeMaxMm()));
            d.disappearedOn = enrolledOn.minusDays(truth.between(7, 60));
            double u = truth.uniform();
            d.establishedBy = u < l.hbpDwiFraction() ? Modality.MRI_HBP_DWI
                    : u < l.hbpDwiFraction() + l.hbpFraction() ? Modality.MRI_HBP : Modality.CT;
            boolean hbp = d.establishedBy != Modality.CT;
            d.regrows = truth.chance(hbp ? p.regrowth().probability() : p.regrowth().nonHbpProbability());
            double months = hbp ? regrowthMonths() : truth.uniform(p.regrowth().minMonths(), p.regrowth().nonHbpMaxMonths());
            d.visibleAt = startOfDay(enrolledOn.plusDays(Math.round(months * DAYS_PER_MONTH)));
            d.doublingDays = truth.uniform(p.growth().diameterDoublingMinDays(), p.growth().diameterDoublingMaxDays());
            d.precursor = truth.chance(p.imaging().equivocalPrecursorFraction());
            dlms.add(d);
            out.latentRegrowthMonths.add(d.regrows ? months : null);
            out.latentHbpDefined.add(hbp);
        }

        // new lesions elsewhere in the liver
        boolean forceAdjacent = forced.contains(Awkward.ADJACENT_SEGMENT_FINDING);
        if (forceAdjacent || truth.chance(p.newLesions().patientProbability())) {
            int count = 1 + (truth.chance(p.newLesions().secondLesionProbability()) ? 1 : 0);
            for (int k = 0; k < count; k++) {
                newLesions.add(planNewLesion(k, forceAdjacent && k == 0));
            }
        }
        if (forceAdjacent) {
            // the forced case must be seen: no later than any regrowth, 3-9 months after enrollment
            double months = truth.uniform(3, 9);
            Instant at = startOfDay(enrolledOn.plusDays(Math.round(months * DAYS_PER_MONTH)));
            Instant earliest = earliestRegrowth();
            NewLesion first = newLesions.get(0);
            first.visibleAt = earliest != null && earliest.isBefore(at) ? earliest : at;
        }

        // context, CEA level and noise
        falseAlarmer = truth.chance(p.falseAlarmers().fraction());
        double flag = truth.uniform();
        if (falseAlarmer) {
            smoker = flag < 0.7;
            liverDisease = flag >= 0.5;
            ceaLevel = truth.uniform(p.falseAlarmers().levelMinUgL(), p.falseAlarmers().levelMaxUgL());
        } else {
            smoker = truth.chance(p.context().smokerFraction());
            liverDisease = truth.chance(p.context().liverDiseaseFraction());
            var c = p.cea();
            ceaLevel = truth.logNormal(c.baselineMedianUgL(), c.baselineLogSd(), c.baselineMinUgL(), c.baselineMaxUgL());
            if (forced.contains(Awkward.CENSORED_VALUE)) {
                ceaLevel = Math.min(ceaLevel, c.censorLimitUgL() * 0.6);
            }
        }
        noiseCv = truth.uniform(p.cea().noiseCvMin(), p.cea().noiseCvMax());

        // lab and radiology
        double labPick = truth.uniform();
        lab = forced.contains(Awkward.ASSAY_CHANGE) || labPick < p.labs().labAShare() ? LAB_A
                : labPick < p.labs().labAShare() + p.labs().labBShare() ? LAB_B : LAB_C;
        ris = truth.chance(0.6) ? "ris-a" : "ris-b";

        // the recurrence and its CEA
        firstVisibleAt = null;
        for (Dlm d : dlms) {
            if (d.regrows) {
                firstVisibleAt = min(firstVisibleAt, d.visibleAt);
            }
        }
        for (NewLesion nl : newLesions) {
            firstVisibleAt = min(firstVisibleAt, nl.visibleAt);
        }
        boolean rise = truth.chance(p.cea().riseWithRecurrenceProbability());
        int lead = truth.between(p.cea().riseLeadMinDays(), p.cea().riseLeadMaxDays());
        riseDoublingDays = truth.logUniform(p.cea().riseDoublingMinDays(), p.cea().riseDoublingMaxDays());
        ceaRises = firstVisibleAt != null && rise;
        riseStart = ceaRises ? firstVisibleAt.minus(Duration.ofDays(lead)) : null;

        // leaving the programme for another reason
        double years = truth.exponential(p.dropout().annualRate());
        String reason = truth.weighted(List.of("WITHDRAWN", "TRANSFERRED", "DECEASED", "SYSTEMIC_PROGRESSION"),
                new double[] {0.3, 0.3, 0.2, 0.2});
        if (years * 365.25 < ChronoUnit.DAYS.between(enrolledOn, day(followUpEnd))) {
            Instant dropoutAt = startOfDay(enrolledOn.plusDays(Math.max(30, Math.round(years * 365.25)))).plus(Duration.ofHours(12));
            if (dropoutAt.isBefore(followUpEnd)) {
                followUpEnd = dropoutAt;
                endReason = EndReason.valueOf(reason);
            }
        }

        out.latentNewLesions = newLesions.size();
        out.latentCeaRise = ceaRises;
        out.latentRecurrence = firstVisibleAt != null;
        out.noiseCv = noiseCv;
        out.ceaLevel = ceaLevel;
    }

    private NewLesion planNewLesion(int k, boolean forceAdjacent) {
        NewLesion nl = new NewLesion();
        List<String> occupied = new ArrayList<>();
        for (Dlm d : dlms) {
            occupied.add(d.segment);
        }
        List<String> adjacentFree = new ArrayList<>();
        for (Dlm d : dlms) {
            for (String a : Couinaud.adjacent(d.segment)) {
                if (Couinaud.freeOf(occupied).contains(a) && !adjacentFree.contains(a) && !takenByNew(a)) {
                    adjacentFree.add(a);
                }
            }
        }
        boolean adjacent = (forceAdjacent || truth.chance(p.newLesions().adjacentSegmentFraction())) && !adjacentFree.isEmpty();
        String weightedSegment = truth.weighted(Couinaud.SEGMENTS, Couinaud.WEIGHTS);
        String adjacentSegment = adjacentFree.isEmpty() ? null : truth.pick(adjacentFree);
        boolean tracked = truth.chance(p.newLesions().trackedFraction());
        nl.adjacent = adjacent;
        nl.segment = adjacent ? adjacentSegment : weightedSegment;
        // a lesion reported by segment only must sit where no DLM and no other untracked lesion is
        boolean free = Couinaud.freeOf(occupied).contains(nl.segment) && !takenByNew(nl.segment);
        nl.trackingId = adjacent ? null : (tracked || !free ? "N" + (k + 1) : null);
        nl.visibleAt = startOfDay(enrolledOn.plusDays(Math.round(regrowthMonths() * DAYS_PER_MONTH)));
        nl.doublingDays = truth.uniform(p.growth().diameterDoublingMinDays(), p.growth().diameterDoublingMaxDays());
        return nl;
    }

    private boolean takenByNew(String segment) {
        for (NewLesion other : newLesions) {
            if (other.trackingId == null && Couinaud.family(other.segment).equals(Couinaud.family(segment))) {
                return true;
            }
        }
        return false;
    }

    private Instant earliestRegrowth() {
        Instant e = null;
        for (Dlm d : dlms) {
            if (d.regrows) {
                e = min(e, d.visibleAt);
            }
        }
        return e;
    }

    /** Months after enrollment at which a lesion becomes visible: early, main window, or tail. */
    private double regrowthMonths() {
        var r = p.regrowth();
        double u = truth.uniform();
        double m = truth.uniform();
        if (u < r.earlyFraction()) {
            return r.minMonths() + m * (r.mainFromMonths() - r.minMonths());
        }
        if (u < r.earlyFraction() + r.tailFraction()) {
            return r.mainToMonths() + m * (r.maxMonths() - r.mainToMonths());
        }
        return r.mainFromMonths() + m * (r.mainToMonths() - r.mainFromMonths());
    }

    // =====================================================================================
    // simulate: the course in clinical time
    // =====================================================================================

    private void simulate() {
        add(at(enrolledOn, schedule.between(7, 9), schedule.between(0, 59)), Kind.ENROLLMENT_CEA, 0);
        scheduleVisit(enrolledOn, 1);
        while (!queue.isEmpty()) {
            Appt a = queue.poll();
            if (!a.at().isBefore(followUpEnd)) {
                continue;
            }
            switch (a.kind()) {
                case ENROLLMENT_CEA -> ceaDraw(a.at(), false);
                case VISIT -> visit(a);
                case MRI, EARLY_MRI, EQUIVOCAL_MRI -> mri(a);
                case REPEAT_CEA -> {
                    if (!detected) {
                        ceaDraw(a.at(), false);
                    }
                }
                case RESTAGING_CT -> restagingCt(a.at());
                case PREOP_CEA -> ceaDraw(a.at(), true);
                default -> throw new IllegalStateException(a.kind().name());
            }
        }
    }

    private void add(Instant at, Kind kind, int visitNo) {
        queue.add(new Appt(at, apptOrder++, kind, visitNo));
    }

    /** The next visit: one interval (by the programme year of the last visit) after it, with jitter. */
    private void scheduleVisit(LocalDate last, int visitNo) {
        int year = programmeYear(last);
        int months = year <= p.schedule().earlyYears() ? p.schedule().earlyIntervalMonths()
                : p.schedule().lateIntervalMonths();
        LocalDate next = last.plusMonths(months).plusDays(schedule.between(p.schedule().jitterMinDays(),
                p.schedule().jitterMaxDays()));
        Instant at = at(next, schedule.between(7, 11), schedule.between(0, 59));
        if (at.isBefore(programmeEnd)) {
            nextVisitAt = at;
            add(at, Kind.VISIT, visitNo);
        } else {
            nextVisitAt = null;
        }
    }

    private void visit(Appt a) {
        LocalDate day = day(a.at());
        scheduleVisit(day, a.visitNo() + 1);
        ceaDraw(a.at(), false);
        if (detected) {
            return; // until rescue therapy the surveillance bloods go on; the MRI has been done
        }
        boolean missed = (forced.contains(Awkward.MISSED_MRI) && a.visitNo() == 2)
                || schedule.chance(p.imaging().missedMriFraction());
        LocalDate mriDay = day.plusDays(schedule.between(0, p.schedule().mriOffsetMaxDays()));
        Instant mriAt = at(mriDay, schedule.between(8, 17), schedule.between(0, 59));
        if (missed) {
            plannedMisses.add(mriDay);
            note(Awkward.MISSED_MRI, patientId + "@" + mriDay);
        } else {
            add(mriAt, Kind.MRI, a.visitNo());
        }
    }

    // ---- CEA ----

    private void ceaDraw(Instant at, boolean preop) {
        CeaDraw d = new CeaDraw();
        d.collectedAt = at;
        d.order = draws.size();
        double level = ceaLevel;
        if (lab == LAB_A && !at.isBefore(s.assayChangeAt())) {
            level *= p.labs().assayChangeFactor();
        }
        Instant chemoWindowEnd = startOfDay(lastChemoOn.plusWeeks(6));
        if (chemoRise && at.isBefore(chemoWindowEnd)) {
            level *= chemoFactor;
            d.chemoRaised = true;
        }
        if (ceaRises && at.isAfter(riseStart)) {
            double days = Duration.between(riseStart, at).getSeconds() / 86400.0;
            level *= StrictMath.pow(2.0, days / riseDoublingDays);
        }
        double value = level * StrictMath.exp(noiseCv * ceaRng.normal());
        double limit = p.cea().censorLimitUgL();
        d.censored = value < limit;
        d.valueUgL = d.censored ? limit : Math.max(limit, OtherLabs.round(value, 1));
        d.eligible = !at.isBefore(chemoWindowEnd) && !at.isBefore(startOfDay(enrolledOn));
        draws.add(d);
        if (!preop && d.eligible && !detected) {
            respond(d);
        }
        if (d.eligible) {
            previousEligible = d.valueUgL;
        }
    }

    /**
     * The team follows the recommendations: a suspicious CEA (above the ULN, or a rise of 20% and 0.5
     * ug/L) is repeated within 4 weeks; a repeat that confirms it brings the MRI forward.
     */
    private void respond(CeaDraw d) {
        double uln = lab.uln() == null ? 5.0 : lab.uln();
        double v = d.valueUgL;
        if (awaitingRepeat) {
            awaitingRepeat = false;
            if (!d.censored && (v > uln || v > repeatTrigger)) {
                earlyMri(d.collectedAt);
            }
            return;
        }
        boolean rose = previousEligible != null && v - previousEligible >= 0.5 && v >= 1.2 * previousEligible;
        if (!d.censored && (v > uln || rose)) {
            awaitingRepeat = true;
            repeatTrigger = v;
            LocalDate day = day(d.collectedAt).plusDays(schedule.between(p.response().repeatCeaMinDays(),
                    p.response().repeatCeaMaxDays()));
            Instant repeatAt = at(day, schedule.between(7, 11), schedule.between(0, 59));
            if (nextVisitAt == null || nextVisitAt.isAfter(repeatAt)) {
                add(repeatAt, Kind.REPEAT_CEA, 0);
            }
        }
    }

    private void earlyMri(Instant from) {
        if (lastEarlyMriAt != null
                && Duration.between(lastEarlyMriAt, from).toDays() < p.response().earlyMriMinGapDays()) {
            return;
        }
        LocalDate day = day(from).plusDays(schedule.between(p.response().earlyMriMinDays(), p.response().earlyMriMaxDays()));
        Instant at = at(day, schedule.between(8, 17), schedule.between(0, 59));
        if (nextVisitAt != null && nextVisitAt.isBefore(at.plus(Duration.ofDays(30)))) {
            return; // the scheduled MRI comes soon enough
        }
        for (Appt a : queue) {
            if ((a.kind() == Kind.MRI || a.kind() == Kind.EQUIVOCAL_MRI) && a.at().isBefore(at.plus(Duration.ofDays(30)))) {
                return;
            }
        }
        lastEarlyMriAt = at;
        add(at, Kind.EARLY_MRI, 0);
    }

    // ---- imaging ----

    private void mri(Appt a) {
        if (detected) {
            return;
        }
        Instant studyAt = a.at();
        Instant reportedAt = reportTime(studyAt);
        if (reportedAt == null) {
            return; // not reported before the end of the horizon: as if not yet done
        }
        if (a.kind() == Kind.EQUIVOCAL_MRI) {
            equivocalRepeatPending = false;
        }
        String reportId = patientId + "-I" + String.format("%03d", ++reportNo);
        Modality modality = imagingRng.chance(p.imaging().hbpDwiFraction()) ? Modality.MRI_HBP_DWI : Modality.MRI_HBP;
        boolean listAbsent = imagingRng.chance(p.imaging().listAbsentFraction());
        List<LesionFinding> findings = new ArrayList<>();
        List<LesionFinding> newlySeen = new ArrayList<>();
        List<String> absentIds = new ArrayList<>();
        boolean equivocal = false;
        for (Dlm d : dlms) {
            if (d.regrows && !d.visibleAt.isAfter(studyAt)) {
                double size = size(d.visibleAt, d.doublingDays, studyAt, d.firstSize);
                String tracking = imagingRng.chance(p.imaging().trackedFindingFraction()) ? d.id : null;
                LesionFinding f = finding(tracking, d.segment, size, FindingStatus.PRESENT);
                findings.add(f);
                if (d.firstImagedAt == null) {
                    d.firstImagedAt = studyAt;
                    d.firstReportId = reportId;
                    d.firstSize = size;
                    newlySeen.add(f);
                }
            } else if (d.regrows && d.precursor
                    && Duration.between(studyAt, d.visibleAt).toDays() <= p.imaging().equivocalPrecursorWindowDays()) {
                String tracking = imagingRng.chance(0.5) ? d.id : null;
                double size = imagingRng.between(3, 4);
                findings.add(finding(tracking, d.segment, size, FindingStatus.EQUIVOCAL));
                out.equivocalFoci.add(new AnswerKey.EquivocalFocus(patientId, reportId, day(studyAt).toString(),
                        d.segment, tracking, "REGROWTH", d.id));
                note(Awkward.EQUIVOCAL_FOCUS, reportId);
                equivocal = true;
            } else {
                absentIds.add(d.id);
                if (listAbsent) {
                    findings.add(finding(d.id, d.segment, null, FindingStatus.ABSENT));
                }
            }
        }
        for (NewLesion nl : newLesions) {
            if (!nl.visibleAt.isAfter(studyAt)) {
                double size = size(nl.visibleAt, nl.doublingDays, studyAt, nl.firstSize);
                LesionFinding f = finding(nl.trackingId, nl.segment, size, FindingStatus.PRESENT);
                findings.add(f);
                if (nl.firstImagedAt == null) {
                    nl.firstImagedAt = studyAt;
                    nl.firstReportId = reportId;
                    nl.firstSize = size;
                    newlySeen.add(f);
                    if (nl.adjacent) {
                        note(Awkward.ADJACENT_SEGMENT_FINDING, reportId);
                    }
                }
            }
        }
        boolean benign = imagingRng.chance(p.imaging().benignEquivocalFraction());
        String benignSegment = imagingRng.weighted(Couinaud.SEGMENTS, Couinaud.WEIGHTS);
        double benignSize = imagingRng.between(3, 6);
        if ((benign || equivocalForced) && newlySeen.isEmpty()) {
            equivocalForced = false;
            findings.add(finding(null, benignSegment, benignSize, FindingStatus.EQUIVOCAL));
            out.equivocalFoci.add(new AnswerKey.EquivocalFocus(patientId, reportId, day(studyAt).toString(),
                    benignSegment, null, "BENIGN", null));
            note(Awkward.EQUIVOCAL_FOCUS, reportId);
            equivocal = true;
        }
        hbpMriAt.add(studyAt);

        // amended reports: a false positive withdrawn, a finding first missed, or a corrected size
        boolean amend = amendForced || deliveryRng.chance(p.imaging().amendedFraction());
        double amendKind = deliveryRng.uniform();
        Instant amendedAt = reportedAt.plus(Duration.ofHours(deliveryRng.between(18, 120)));
        String fpId = absentIds.isEmpty() ? null : absentIds.get(deliveryRng.between(0, absentIds.size() - 1));
        if (amend && amendedAt.isBefore(s.horizonEnd())) {
            amendForced = false;
            List<LesionFinding> first = new ArrayList<>(findings);
            String what;
            if (!newlySeen.isEmpty() && amendKind < 0.5) {
                first.removeAll(newlySeen); // the first read missed the lesion; the amendment adds it
                what = "MISSED_FINDING";
            } else if (fpId != null && amendKind < 0.8) {
                Dlm d = dlm(fpId);
                first.removeIf(f -> d.id.equals(f.getTrackingId()));
                first.add(finding(d.id, d.segment, (double) deliveryRng.between(5, 8), FindingStatus.PRESENT));
                what = "FALSE_POSITIVE";
            } else {
                what = "WORDING";
            }
            emit(reportedAt, report(reportId, studyAt, modality, ReportStatus.FINAL, first, reportedAt));
            emit(amendedAt, report(reportId, studyAt, modality, ReportStatus.AMENDED, findings, amendedAt));
            note(Awkward.AMENDED_REPORT, what + ":" + reportId);
            out.imagingReports += 2;
        } else {
            emit(reportedAt, report(reportId, studyAt, modality, ReportStatus.FINAL, findings, reportedAt));
            out.imagingReports++;
        }

        if (equivocal && !equivocalRepeatPending && newlySeen.isEmpty()) {
            equivocalRepeatPending = true;
            LocalDate day = day(studyAt).plusDays(schedule.between(p.response().equivocalRepeatMinDays(),
                    p.response().equivocalRepeatMaxDays()));
            add(at(day, schedule.between(8, 17), schedule.between(0, 59)), Kind.EQUIVOCAL_MRI, 0);
        }
        if (!newlySeen.isEmpty()) {
            recurrenceSeen(studyAt);
        }
    }

    /** A recurrence is seen: restaging CT, pre-treatment CEA, then rescue therapy, which ends the programme. */
    private void recurrenceSeen(Instant studyAt) {
        detected = true;
        detectedAt = studyAt;
        LocalDate day = day(studyAt);
        add(at(day.plusDays(schedule.between(p.response().restagingCtMinDays(), p.response().restagingCtMaxDays())),
                schedule.between(8, 17), schedule.between(0, 59)), Kind.RESTAGING_CT, 0);
        add(at(day.plusDays(schedule.between(14, 35)), schedule.between(7, 11), schedule.between(0, 59)),
                Kind.PREOP_CEA, 0);
        Instant treatment = at(day.plusDays(schedule.between(p.response().rescueMinDays(), p.response().rescueMaxDays())),
                12, 0);
        boolean ablation = schedule.chance(0.5);
        if (treatment.isBefore(followUpEnd)) {
            followUpEnd = treatment;
            endReason = ablation ? EndReason.ABLATED : EndReason.RESECTED;
        }
    }

    private void restagingCt(Instant studyAt) {
        Instant reportedAt = reportTime(studyAt);
        if (reportedAt == null) {
            return;
        }
        String reportId = patientId + "-I" + String.format("%03d", ++reportNo);
        List<LesionFinding> findings = new ArrayList<>();
        for (Dlm d : dlms) {
            if (d.firstImagedAt != null) {
                findings.add(finding(d.id, d.segment, size(d.visibleAt, d.doublingDays, studyAt, d.firstSize),
                        FindingStatus.PRESENT));
            }
        }
        for (NewLesion nl : newLesions) {
            if (nl.firstImagedAt != null) {
                findings.add(finding(nl.trackingId, nl.segment, size(nl.visibleAt, nl.doublingDays, studyAt, nl.firstSize),
                        FindingStatus.PRESENT));
            }
        }
        emit(reportedAt, report(reportId, studyAt, Modality.CT, ReportStatus.FINAL, findings, reportedAt));
        out.imagingReports++;
    }

    /** When the report is signed: hours later, or days for an outside read; null after the horizon. */
    private Instant reportTime(Instant studyAt) {
        boolean late = deliveryRng.chance(p.imaging().lateReportFraction());
        int lateDays = deliveryRng.between(p.imaging().lateReportMinDays(), p.imaging().lateReportMaxDays());
        int hours = deliveryRng.between(2, 30);
        Instant normal = studyAt.plus(Duration.ofHours(hours));
        Instant t = late ? studyAt.plus(Duration.ofDays(lateDays)).plus(Duration.ofHours(hours)) : normal;
        if (!t.isBefore(s.horizonEnd())) {
            t = normal;
            late = false;
        }
        if (!t.isBefore(s.horizonEnd())) {
            return null;
        }
        if (late) {
            note(Awkward.LATE_REPORT, patientId + "-I" + String.format("%03d", reportNo + 1));
        }
        return t;
    }

    private double size(Instant visibleAt, double doublingDays, Instant at, Double firstSize) {
        double days = Math.max(0, Duration.between(visibleAt, at).getSeconds() / 86400.0);
        double mm = p.growth().visibleSizeMm() * StrictMath.pow(2.0, days / doublingDays);
        if (firstSize == null) {
            mm = Math.min(mm, p.growth().maxFirstSeenMm());
        } else {
            mm = Math.max(mm, firstSize);
        }
        return Math.max(p.growth().visibleSizeMm(), Math.round(mm));
    }

    private Dlm dlm(String id) {
        for (Dlm d : dlms) {
            if (d.id.equals(id)) {
                return d;
            }
        }
        throw new IllegalStateException(id);
    }

    private static LesionFinding finding(String trackingId, String segment, Double sizeMm, FindingStatus status) {
        return new LesionFinding(trackingId, segment, sizeMm, status);
    }

    private ImagingReport report(String reportId, Instant studyAt, Modality modality, ReportStatus status,
            List<LesionFinding> findings, Instant reportedAt) {
        return new ImagingReport(reportId, patientId, studyAt, modality, status, new ArrayList<>(findings), reportedAt, ris);
    }

    // =====================================================================================
    // delivery: how the lab sends the CEA results
    // =====================================================================================

    private void deliverCea() {
        boolean forceLate = forced.contains(Awkward.LATE_RESULT);
        boolean forceUnit = forced.contains(Awkward.UNIT_VARIANT);
        boolean forceCorrected = forced.contains(Awkward.CORRECTED_RESULT);
        for (CeaDraw d : draws) {
            int hours = deliveryRng.between(3, 9);
            boolean late = deliveryRng.chance(p.labs().lateFraction());
            int lateDays = deliveryRng.between(p.labs().lateMinDays(), p.labs().lateMaxDays());
            boolean variant = deliveryRng.chance(p.labs().unitVariantFraction());
            Unit unit = deliveryRng.weighted(VARIANTS, VARIANT_WEIGHTS);
            boolean corrected = deliveryRng.chance(p.labs().correctedFraction());
            int correctionHours = deliveryRng.between(4, 120);
            if (d.eligible && forceLate) {
                late = true;
                forceLate = false;
            }
            if (forceUnit) {
                variant = true;
                forceUnit = false;
            }
            if (!d.censored && forceCorrected) {
                corrected = true;
                forceCorrected = false;
            }
            Instant normal = d.collectedAt.plus(Duration.ofHours(hours));
            d.resultedAt = late ? d.collectedAt.plus(Duration.ofDays(lateDays)).plus(Duration.ofHours(hours)) : normal;
            if (!d.resultedAt.isBefore(s.horizonEnd())) {
                d.resultedAt = normal;
                late = false;
            }
            d.late = late;
            d.variant = variant ? unit : null;
            if (corrected && !d.censored) {
                Instant at = d.resultedAt.plus(Duration.ofHours(correctionHours));
                if (at.isBefore(s.horizonEnd())) {
                    d.correctedAt = at;
                    d.wrongValueUgL = OtherLabs.round(d.valueUgL * 10, 1); // a slipped decimal point
                }
            }
        }
        boolean outOfOrder = forced.contains(Awkward.OUT_OF_ORDER_RESULT)
                || deliveryRng.chance(p.awkward().outOfOrderFraction());
        int shift = deliveryRng.between(1, 3);
        if (outOfOrder) {
            for (int i = 0; i + 1 < draws.size(); i++) {
                CeaDraw d = draws.get(i);
                CeaDraw next = draws.get(i + 1);
                Instant at = next.resultedAt.plus(Duration.ofDays(shift));
                if (d.eligible && next.eligible && at.isBefore(s.horizonEnd())
                        && (d.correctedAt == null || d.correctedAt.isAfter(at))) {
                    d.resultedAt = at;
                    d.late = true;
                    break;
                }
            }
        }
        // drop what would arrive after the horizon (the last hours of it)
        draws.removeIf(d -> !d.resultedAt.isBefore(s.horizonEnd()));
    }

    private void emitLabs() {
        // non-CEA traffic: a panel with every CEA draw, other encounters for the rest (labs.ceaShare)
        int c = draws.size();
        double share = p.labs().ceaShare();
        double wanted = c * (1 - share) / share;
        int others = (int) Math.floor(wanted) + (labRng.chance(wanted - Math.floor(wanted)) ? 1 : 0);
        int perDraw = c == 0 ? 0 : Math.min(OtherLabs.PANEL.size(), others / c);
        int rest = others - perDraw * c;
        List<OtherResult> results = new ArrayList<>();
        int order = 0;
        for (CeaDraw d : draws) {
            for (int i = 0; i < perDraw; i++) {
                OtherLabs.Test t = OtherLabs.PANEL.get(i);
                results.add(new OtherResult(d.collectedAt, d.collectedAt.plus(Duration.ofHours(labRng.between(1, 8))),
                        t, t.value(labRng, liverDisease), order++));
            }
        }
        long span = Math.max(1, Duration.between(startOfDay(enrolledOn), followUpEnd).toDays());
        while (rest > 0) {
            int k = Math.min(rest, labRng.between(4, 10));
            LocalDate day = enrolledOn.plusDays(labRng.between(0, (int) span - 1));
            Instant collected = at(day, labRng.between(7, 16), labRng.between(0, 59));
            Instant resulted = collected.plus(Duration.ofHours(labRng.between(1, 8)));
            for (OtherLabs.Test t : OtherLabs.pick(labRng, k)) {
                if (collected.isBefore(followUpEnd) && resulted.isBefore(s.horizonEnd())) {
                    results.add(new OtherResult(collected, resulted, t, t.value(labRng, liverDisease), order++));
                }
            }
            rest -= k;
        }

        // result ids in collection order, CEA first within a draw
        record Item(Instant at, int kind, int order, Object result) {}
        List<Item> items = new ArrayList<>();
        for (CeaDraw d : draws) {
            items.add(new Item(d.collectedAt, 0, d.order, d));
        }
        for (OtherResult r : results) {
            items.add(new Item(r.collectedAt(), 1, r.order(), r));
        }
        items.sort(Comparator.comparing(Item::at).thenComparingInt(Item::kind).thenComparingInt(Item::order));
        int n = 0;
        for (Item item : items) {
            String id = patientId + "-L" + String.format("%04d", ++n);
            if (item.result() instanceof CeaDraw d) {
                d.resultId = id;
                emitCea(d);
            } else {
                OtherResult r = (OtherResult) item.result();
                emit(r.resultedAt(), new LabResult(id, patientId, r.test().loinc(), r.value(), null, r.test().unit(),
                        r.test().referenceHigh(), ResultStatus.FINAL, r.collectedAt(), r.resultedAt(), null,
                        lab.performingLab(), lab.sourceSystem()));
                out.otherLabResults++;
            }
        }
    }

    private void emitCea(CeaDraw d) {
        String method = lab.methodBefore() == null ? null
                : d.collectedAt.isBefore(s.assayChangeAt()) ? lab.methodBefore() : lab.methodAfter();
        Unit unit = d.variant;
        String unitText = unit == null ? lab.unit() : unit.spelling();
        int shift = unit == null ? 0 : unit.shift();
        Double uln = lab.uln() == null ? null : scaled(lab.uln(), shift);
        String comparator = d.censored ? "<" : null;
        if (d.wrongValueUgL != null) {
            emit(d.resultedAt, new LabResult(d.resultId, patientId, CEA_LOINC, scaled(d.wrongValueUgL, shift), comparator,
                    unitText, uln, ResultStatus.FINAL, d.collectedAt, d.resultedAt, method, lab.performingLab(),
                    lab.sourceSystem()));
            emit(d.correctedAt, new LabResult(d.resultId, patientId, CEA_LOINC, scaled(d.valueUgL, shift), comparator,
                    unitText, uln, ResultStatus.CORRECTED, d.collectedAt, d.correctedAt, method, lab.performingLab(),
                    lab.sourceSystem()));
            note(Awkward.CORRECTED_RESULT, d.resultId);
            out.ceaResults += 2;
        } else {
            emit(d.resultedAt, new LabResult(d.resultId, patientId, CEA_LOINC, scaled(d.valueUgL, shift), comparator,
                    unitText, uln, ResultStatus.FINAL, d.collectedAt, d.resultedAt, method, lab.performingLab(),
                    lab.sourceSystem()));
            out.ceaResults++;
        }
        if (unit != null) {
            note(Awkward.UNIT_VARIANT, d.resultId);
        }
        if (d.censored) {
            note(Awkward.CENSORED_VALUE, d.resultId);
        }
        if (d.late) {
            note(Awkward.LATE_RESULT, d.resultId);
        }
        if (d.chemoRaised) {
            note(Awkward.CHEMO_WINDOW_RISE, d.resultId);
        }
    }

    /** A value in ug/L written in a unit {@code 10^shift} times smaller (ng/L: 3, mg/L: -3), without float noise. */
    private static double scaled(double ugL, int shift) {
        return shift == 0 ? ugL : BigDecimal.valueOf(ugL).movePointRight(shift).doubleValue();
    }

    private void emitEnrollments() {
        List<DlmLesion> lesions = new ArrayList<>();
        for (Dlm d : dlms) {
            lesions.add(new DlmLesion(d.id, d.segment, d.baselineSizeMm, d.disappearedOn, d.establishedBy));
        }
        Instant enrolledAt = at(enrolledOn, 12, 0);
        emit(enrolledAt, new Enrollment(patientId, enrolledOn, lastChemoOn, lesions, smoker, liverDisease,
                EnrollmentStatus.ACTIVE, null, enrolledAt));
        out.enrollments++;
        if (endReason != null && followUpEnd.isBefore(s.horizonEnd())) {
            emit(followUpEnd, new Enrollment(patientId, enrolledOn, lastChemoOn, new ArrayList<>(lesions), smoker,
                    liverDisease, EnrollmentStatus.ENDED, endReason, followUpEnd));
            out.enrollments++;
        }
    }

    private void emit(Instant arrival, SpecificRecord record) {
        out.events.add(new Event(arrival.toEpochMilli(), seq++, ContractJson.toEventLine(record)));
    }

    // =====================================================================================
    // the answer key
    // =====================================================================================

    private void writeKey() {
        LocalDate end = day(followUpEnd);
        out.patientYears = ChronoUnit.DAYS.between(enrolledOn, followUpEnd.atZone(ZoneOffset.UTC).toLocalDate()) / 365.25;
        out.dlmCount = dlms.size();
        out.patient = new AnswerKey.Patient(patientId, enrolledOn.toString(), end.toString(),
                endReason == null ? null : endReason.name(), dlms.size(), falseAlarmer, smoker, liverDisease,
                lab.sourceSystem());
        for (Dlm d : dlms) {
            if (d.establishedBy != Modality.CT) {
                out.hbpDefined++;
            } else {
                out.nonHbpLesions.add(new AnswerKey.NonHbpLesion(patientId, d.id, d.establishedBy.name()));
            }
            if (d.regrows && d.visibleAt.isBefore(followUpEnd)) {
                out.regrowths.add(new AnswerKey.Regrowth(patientId, d.id, d.segment, d.establishedBy.name(),
                        day(d.visibleAt).toString(), dayOrNull(d.firstImagedAt), d.firstReportId, d.firstSize));
                if (d.firstSize != null) {
                    out.firstSeenSizes.add(d.firstSize);
                }
            }
        }
        for (NewLesion nl : newLesions) {
            if (nl.visibleAt.isBefore(followUpEnd)) {
                out.newLesions.add(new AnswerKey.NewLesion(patientId, nl.trackingId, nl.segment, nl.adjacent,
                        day(nl.visibleAt).toString(), dayOrNull(nl.firstImagedAt), nl.firstReportId, nl.firstSize));
                if (nl.firstSize != null) {
                    out.firstSeenSizes.add(nl.firstSize);
                }
            }
        }
        boolean recurrenceInFollowUp = firstVisibleAt != null && firstVisibleAt.isBefore(followUpEnd);
        boolean riseInFollowUp = ceaRises && riseStart.isBefore(followUpEnd);
        if (recurrenceInFollowUp || riseInFollowUp) {
            out.recurrence = new AnswerKey.Recurrence(patientId, day(firstVisibleAt).toString(), dayOrNull(detectedAt),
                    ceaRises, ceaRises ? day(riseStart).toString() : null,
                    ceaRises ? OtherLabs.round(riseDoublingDays, 1) : null,
                    endReason == EndReason.ABLATED || endReason == EndReason.RESECTED ? end.toString() : null);
        }
        overdue("MRI", hbpMriAt);
        List<Instant> ceaAt = new ArrayList<>();
        for (CeaDraw d : draws) {
            ceaAt.add(d.collectedAt);
        }
        overdue("CEA", ceaAt);
        if (lab == LAB_A) {
            boolean before = false;
            boolean after = false;
            String firstAfter = null;
            for (CeaDraw d : draws) {
                if (d.collectedAt.isBefore(s.assayChangeAt())) {
                    before = true;
                } else {
                    after = true;
                    firstAfter = firstAfter == null ? d.resultId : firstAfter;
                }
            }
            if (before && after) {
                note(Awkward.ASSAY_CHANGE, firstAfter);
            }
        }
        // out of order: a CEA resulted after a CEA collected later
        for (int i = 0; i + 1 < draws.size(); i++) {
            if (draws.get(i).resultedAt.isAfter(draws.get(i + 1).resultedAt)) {
                note(Awkward.OUT_OF_ORDER_RESULT, draws.get(i).resultId);
            }
        }
    }

    /**
     * The exams not done in time, by the schedule of clinical-spec §3.4 applied to the exams that
     * were done: due one interval (of the programme year of the last exam) after the last exam or
     * the enrollment; overdue 30 days later.
     */
    private void overdue(String kind, List<Instant> exams) {
        List<Instant> sorted = new ArrayList<>(exams);
        sorted.sort(Comparator.naturalOrder());
        Instant anchor = startOfDay(enrolledOn);
        for (int j = 0; j <= sorted.size(); j++) {
            Instant next = j < sorted.size() ? sorted.get(j) : null;
            if (next != null && next.isBefore(startOfDay(enrolledOn))) {
                continue;
            }
            int year = programmeYear(day(anchor));
            int months = year <= p.schedule().earlyYears() ? p.schedule().earlyIntervalMonths()
                    : p.schedule().lateIntervalMonths();
            Instant due = anchor.atZone(ZoneOffset.UTC).plus(Period.ofMonths(months)).toInstant();
            Instant overdueAt = due.plus(Duration.ofDays(OVERDUE_GRACE_DAYS));
            boolean missed = next == null ? overdueAt.isBefore(followUpEnd) : next.isAfter(overdueAt);
            if (missed && overdueAt.isBefore(programmeEnd)) {
                boolean planned = false;
                for (LocalDate m : plannedMisses) {
                    if ("MRI".equals(kind) && !m.isBefore(day(anchor)) && (next == null || m.isBefore(day(next)))) {
                        planned = true;
                    }
                }
                out.overdueExams.add(new AnswerKey.OverdueExam(patientId, kind, day(anchor).toString(),
                        day(due).toString(), day(overdueAt).toString(), planned));
            }
            if (next != null) {
                anchor = next;
            }
        }
    }

    private void note(Awkward kind, String ref) {
        out.awkward.computeIfAbsent(kind, k -> new ArrayList<>()).add(ref);
    }

    // ---- time helpers ----

    private int programmeYear(LocalDate d) {
        return d.isBefore(enrolledOn) ? 1 : Period.between(enrolledOn, d).getYears() + 1;
    }

    static Instant startOfDay(LocalDate d) {
        return d.atStartOfDay(ZoneOffset.UTC).toInstant();
    }

    static Instant at(LocalDate d, int hour, int minute) {
        return d.atTime(hour, minute).toInstant(ZoneOffset.UTC);
    }

    static LocalDate day(Instant t) {
        return t.atZone(ZoneOffset.UTC).toLocalDate();
    }

    private static String dayOrNull(Instant t) {
        return t == null ? null : day(t).toString();
    }

    private static Instant min(Instant a, Instant b) {
        return a == null ? b : b == null ? a : a.isBefore(b) ? a : b;
    }
}
