package org.dlmwatch.cohort;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.StringReader;
import java.time.Instant;
import java.time.LocalDate;
import java.time.Period;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.dlmwatch.platform.json.EventFile;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Over 1,000 patients and 5 years, the generated cohort matches the figures of clinical-spec §5
 * within tolerance, every line is valid, the file is in arrival order, and every awkward case is
 * there (measured in the events themselves, not only in the key).
 */
class CohortRealismTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static CohortGenerator.Cohort cohort;
    private static List<JsonNode> events;
    private static AnswerKey key;

    @BeforeAll
    static void generate() throws Exception {
        cohort = new CohortGenerator(CohortProfile.defaults()).generate(1000, 5, 20260114L, "test");
        key = cohort.key();
        events = new ArrayList<>(cohort.lines().size());
        for (String line : cohort.lines()) {
            events.add(JSON.readTree(line));
        }
    }

    @Test
    void everyLineIsAValidEventOfTheContract() throws Exception {
        EventFile file = EventFile.read(new BufferedReader(new StringReader(String.join("\n", cohort.lines()))));
        assertThat(file.rejections()).isEmpty();
        assertThat(file.events()).hasSize(cohort.lines().size());
        assertThat(key.summary().events()).isEqualTo(cohort.lines().size());
    }

    @Test
    void linesAreInArrivalOrderWhichIsNotClinicalOrder() {
        Instant previous = Instant.MIN;
        int clinicalInversions = 0;
        Map<String, Instant> lastClinical = new HashMap<>();
        for (JsonNode e : events) {
            Instant arrival = arrival(e);
            assertThat(arrival).isAfterOrEqualTo(previous);
            previous = arrival;
            if (isCea(e)) {
                Instant clinical = Instant.parse(e.get("collectedAt").asText());
                Instant last = lastClinical.get(e.get("patientId").asText());
                if (last != null && clinical.isBefore(last)) {
                    clinicalInversions++;
                }
                lastClinical.merge(e.get("patientId").asText(), clinical, (a, b) -> a.isAfter(b) ? a : b);
            }
        }
        assertThat(clinicalInversions).as("CEA results arriving after a later-collected one").isGreaterThan(0);
        assertThat(previous).isBefore(Instant.parse(key.generator().horizonEnd() + "T00:00:00Z"));
    }

    @Test
    void dlmPerPatientMedianThreeRangeOneToNine() {
        List<Integer> counts = key.patients().stream().map(AnswerKey.Patient::dlm).sorted().toList();
        assertThat(counts.get(counts.size() / 2)).isEqualTo(3);
        assertThat(counts.get(0)).isGreaterThanOrEqualTo(1);
        assertThat(counts.get(counts.size() - 1)).isLessThanOrEqualTo(9).isGreaterThanOrEqualTo(7);
    }

    @Test
    void aboutThirtyFivePercentOfHbpDefinedDlmRegrowMostlyThreeToTwentyFourMonths() {
        int hbp = 0;
        int regrew = 0;
        List<Double> months = new ArrayList<>();
        for (PatientSimulator.Output o : cohort.patients) {
            for (int i = 0; i < o.latentHbpDefined.size(); i++) {
                if (o.latentHbpDefined.get(i)) {
                    hbp++;
                    if (o.latentRegrowthMonths.get(i) != null) {
                        regrew++;
                        months.add(o.latentRegrowthMonths.get(i));
                    }
                }
            }
        }
        assertThat((double) regrew / hbp).isCloseTo(0.35, within(0.03));
        long main = months.stream().filter(m -> m >= 3 && m <= 24).count();
        assertThat((double) main / months.size()).isBetween(0.80, 0.90);
        assertThat(months).allMatch(m -> m >= 1 && m <= 36);
        assertThat(months.stream().filter(m -> m > 24).count()).isPositive();
    }

    @Test
    void regrowthIsFirstSeenAtFiveToFifteenMillimetres() {
        List<Double> sizes = new ArrayList<>();
        cohort.patients.forEach(o -> sizes.addAll(o.firstSeenSizes));
        assertThat(sizes).hasSizeGreaterThan(300).allMatch(s -> s >= 5 && s <= 15);
        assertThat(sizes.stream().filter(s -> s >= 8).count()).isPositive();
    }

    @Test
    void newLesionsInAboutAsManyPatientsAsRegrowth() {
        long withRegrowth = cohort.patients.stream()
                .filter(o -> o.latentRegrowthMonths.stream().anyMatch(m -> m != null)).count();
        long withNew = cohort.patients.stream().filter(o -> o.latentNewLesions > 0).count();
        assertThat((double) withNew / withRegrowth).isBetween(0.85, 1.15);
        // the awkward "adjacent-segment finding": new lesions beside a DLM, reported by segment only, imaged
        assertThat(key.newLesions()).anyMatch(n -> n.adjacentToDlm() && n.trackingId() == null && n.firstImagedOn() != null);
    }

    @Test
    void ceaRisesWithAboutSixtyFivePercentOfRecurrencesZeroToThreeMonthsBeforeImaging() {
        long recurrences = cohort.patients.stream().filter(o -> o.latentRecurrence).count();
        long rising = cohort.patients.stream().filter(o -> o.latentCeaRise).count();
        assertThat((double) rising / recurrences).isCloseTo(0.65, within(0.05));
        for (AnswerKey.Recurrence r : key.recurrences()) {
            if (r.ceaRise()) {
                long lead = ChronoUnit.DAYS.between(LocalDate.parse(r.ceaRiseStartOn()), LocalDate.parse(r.visibleOn()));
                assertThat(lead).isBetween(0L, 90L);
                assertThat(r.ceaDoublingTimeDays()).isBetween(30.0, 180.0);
            }
        }
    }

    @Test
    void fiveToTenPercentPersistentFalseAlarmersAtThreeToEight() {
        double fraction = (double) key.summary().falseAlarmers() / key.summary().patients();
        assertThat(fraction).isBetween(0.05, 0.10);
        for (int i = 0; i < key.patients().size(); i++) {
            AnswerKey.Patient p = key.patients().get(i);
            if (p.falseAlarmer()) {
                assertThat(p.smoker() || p.chronicLiverDisease()).isTrue();
                assertThat(cohort.patients.get(i).ceaLevel).isBetween(3.0, 8.0);
            }
        }
    }

    @Test
    void nonRecurrenceCeaVariesTenToFifteenPercentAroundItsLevel() {
        // lab B (no assay change), not false alarmers, no CEA rise, level well above the rounding step
        Map<String, List<Double>> logs = new HashMap<>();
        Set<String> stable = new HashSet<>();
        for (int i = 0; i < key.patients().size(); i++) {
            AnswerKey.Patient p = key.patients().get(i);
            PatientSimulator.Output o = cohort.patients.get(i);
            if (p.lab().equals("lab-b") && !p.falseAlarmer() && !o.latentCeaRise && o.ceaLevel > 2.0) {
                stable.add(p.patientId());
            }
            assertThat(o.noiseCv).isBetween(0.10, 0.15);
        }
        Map<String, LocalDate> enrolled = new HashMap<>();
        key.patients().forEach(p -> enrolled.put(p.patientId(), LocalDate.parse(p.enrolledOn())));
        Map<String, JsonNode> winning = new java.util.LinkedHashMap<>(); // the CORRECTED version replaces the FINAL
        for (JsonNode e : events) {
            String pid = e.path("patientId").asText();
            if (isCea(e) && stable.contains(pid) && !e.has("comparator")
                    && LocalDate.parse(e.get("collectedAt").asText().substring(0, 10)).isAfter(enrolled.get(pid).plusDays(42))) {
                winning.put(e.get("resultId").asText(), e);
            }
        }
        for (JsonNode e : winning.values()) {
            logs.computeIfAbsent(e.get("patientId").asText(), x -> new ArrayList<>()).add(Math.log(ugL(e)));
        }
        double ss = 0;
        int dof = 0;
        for (List<Double> l : logs.values()) {
            if (l.size() < 3) {
                continue;
            }
            double mean = l.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
            for (double v : l) {
                ss += (v - mean) * (v - mean);
            }
            dof += l.size() - 1;
        }
        double pooledSd = Math.sqrt(ss / dof);
        assertThat(pooledSd).isBetween(0.10, 0.16);
    }

    @Test
    void ceaIsFivePercentOfLabResults() {
        long labs = events.stream().filter(e -> e.get("type").asText().equals("lab_result")).count();
        long cea = events.stream().filter(CohortRealismTest::isCea).count();
        assertThat((double) cea / labs).isCloseTo(0.05, within(0.005));
        Set<String> loincs = new HashSet<>();
        events.stream().filter(e -> e.get("type").asText().equals("lab_result")).forEach(e -> loincs.add(e.get("loinc").asText()));
        assertThat(loincs).hasSizeGreaterThan(10).contains("2039-6", "718-7", "1742-6");
    }

    @Test
    void ceaAndMriEveryThreeMonthsForTwoYearsThenEverySix() {
        Map<String, LocalDate> enrolled = new HashMap<>();
        key.patients().forEach(p -> enrolled.put(p.patientId(), LocalDate.parse(p.enrolledOn())));
        Map<String, List<LocalDate>> mri = new HashMap<>();
        for (JsonNode e : events) {
            if (e.get("type").asText().equals("imaging_report") && e.get("status").asText().equals("FINAL")
                    && e.get("modality").asText().startsWith("MRI_HBP")) {
                mri.computeIfAbsent(e.get("patientId").asText(), x -> new ArrayList<>())
                        .add(LocalDate.parse(e.get("studyAt").asText().substring(0, 10)));
            }
        }
        List<Long> early = new ArrayList<>();
        List<Long> late = new ArrayList<>();
        mri.forEach((pid, days) -> {
            days.sort(null);
            for (int i = 0; i + 1 < days.size(); i++) {
                int year = Period.between(enrolled.get(pid), days.get(i)).getYears() + 1;
                (year <= 2 ? early : late).add(ChronoUnit.DAYS.between(days.get(i), days.get(i + 1)));
            }
        });
        early.sort(null);
        late.sort(null);
        assertThat(early.get(early.size() / 2)).isBetween(85L, 105L);
        assertThat(late.get(late.size() / 2)).isBetween(175L, 200L);
        // no exam is overdue except the MRI the cohort planned to miss
        assertThat(key.overdueExams()).isNotEmpty().allMatch(AnswerKey.OverdueExam::planned);
    }

    @Test
    void everyAwkwardCaseIsPresent() {
        for (AnswerKey.AwkwardCase a : key.awkwardCases()) {
            assertThat(a.occurrences()).as(a.kind()).isPositive();
        }
        // and visibly so in the events
        Set<String> units = new HashSet<>();
        Set<String> labAMethods = new HashSet<>();
        boolean corrected = false;
        boolean amended = false;
        boolean equivocal = false;
        boolean censored = false;
        boolean late = false;
        for (JsonNode e : events) {
            if (isCea(e)) {
                units.add(e.get("unit").asText());
                corrected |= e.get("status").asText().equals("CORRECTED");
                censored |= "<".equals(e.path("comparator").asText());
                late |= ChronoUnit.DAYS.between(Instant.parse(e.get("collectedAt").asText()),
                        Instant.parse(e.get("resultedAt").asText())) >= 5;
                if (e.get("sourceSystem").asText().equals("lab-a")) {
                    labAMethods.add(e.get("method").asText());
                }
            } else if (e.get("type").asText().equals("imaging_report")) {
                amended |= e.get("status").asText().equals("AMENDED");
                for (JsonNode f : e.get("findings")) {
                    equivocal |= f.get("status").asText().equals("EQUIVOCAL");
                }
            }
        }
        assertThat(units).contains("ng/mL", "ug/L", "\u00b5g/L", "ng/ml", "mcg/L", "ng/L", "mg/L");
        assertThat(labAMethods).hasSize(2);
        assertThat(corrected).as("a CORRECTED result").isTrue();
        assertThat(amended).as("an AMENDED report").isTrue();
        assertThat(equivocal).as("an EQUIVOCAL focus").isTrue();
        assertThat(censored).as("a censored value").isTrue();
        assertThat(late).as("a result resulted days late").isTrue();
        assertThat(key.overdueExams()).as("a missed MRI").anyMatch(o -> o.kind().equals("MRI") && o.planned());
        assertThat(events).as("an enrollment ENDED after rescue therapy")
                .anyMatch(e -> e.get("type").asText().equals("enrollment") && e.get("status").asText().equals("ENDED"));
    }

    @Test
    void aSmallCohortHasEveryAwkwardCaseToo() {
        var small = new CohortGenerator(CohortProfile.defaults()).generate(40, 5, 3L, "test");
        for (AnswerKey.AwkwardCase a : small.key().awkwardCases()) {
            assertThat(a.occurrences()).as(a.kind()).isPositive();
        }
    }

    @Test
    void theKeysImagingTruthsAreInTheReports() {
        Map<String, List<JsonNode>> reports = new HashMap<>();
        for (JsonNode e : events) {
            if (e.get("type").asText().equals("imaging_report")) {
                reports.computeIfAbsent(e.get("reportId").asText(), x -> new ArrayList<>()).add(e);
            }
        }
        for (AnswerKey.Regrowth r : key.regrowths()) {
            if (r.firstImagedOn() == null) {
                continue;
            }
            List<JsonNode> versions = reports.get(r.firstReportId());
            assertThat(versions).as("report %s", r.firstReportId()).isNotNull();
            JsonNode last = versions.get(versions.size() - 1);
            assertThat(last.get("studyAt").asText()).startsWith(r.firstImagedOn());
            boolean shown = false;
            for (JsonNode f : last.get("findings")) {
                shown |= f.get("status").asText().equals("PRESENT") && f.get("segment").asText().equals(r.segment())
                        && (!f.has("trackingId") || f.get("trackingId").asText().equals(r.lesionId()));
            }
            assertThat(shown).as("%s %s shown on %s", r.patientId(), r.lesionId(), r.firstReportId()).isTrue();
        }
    }

    // ---- helpers ----

    static boolean isCea(JsonNode e) {
        return e.get("type").asText().equals("lab_result") && e.get("loinc").asText().equals("2039-6");
    }

    static Instant arrival(JsonNode e) {
        return Instant.parse(switch (e.get("type").asText()) {
            case "lab_result" -> e.get("resultedAt").asText();
            case "imaging_report" -> e.get("reportedAt").asText();
            default -> e.get("updatedAt").asText();
        });
    }

    static double ugL(JsonNode e) {
        double v = e.get("value").asDouble();
        return switch (e.get("unit").asText()) {
            case "ng/L" -> v / 1000;
            case "mg/L" -> v * 1000;
            default -> v;
        };
    }
}
