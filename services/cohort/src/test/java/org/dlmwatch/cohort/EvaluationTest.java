package org.dlmwatch.cohort;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.dlmwatch.events.v1.AlertStatus;
import org.dlmwatch.events.v1.AlertType;
import org.dlmwatch.events.v1.Evidence;
import org.dlmwatch.events.v1.EvidenceKind;
import org.dlmwatch.events.v1.Modality;
import org.dlmwatch.events.v1.Severity;
import org.dlmwatch.events.v1.SurveillanceAlert;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The scoring, on a hand-made answer key and hand-made alerts. Two patients, each followed from
 * 2024-01-01 to 2028-01-01 (1,461 days = 4.0 years), so 8.0 patient-years: one unmatched alert is
 * 12.5 false alarms per 100 patient-years.
 */
class EvaluationTest {

    private static final Instant AS_OF = Instant.parse("2028-01-01T00:00:00Z");
    private static Evaluation.Result result;

    @BeforeAll
    static void score() {
        AnswerKey key = new AnswerKey(1,
                new AnswerKey.Generator("dlm-watch generate --patients 2 --years 4 --seed 1", 1, 2, 4, "2024-01-01",
                        "2028-01-01", 0, "2026-01-01", Map.of()),
                null,
                List.of(new AnswerKey.Patient("P1", "2024-01-01", "2028-01-01", null, 3, false, false, false, "lab-a"),
                        new AnswerKey.Patient("P2", "2024-01-01", "2028-01-01", null, 4, false, false, false, "lab-b")),
                List.of(
                        // seen on MRI 30 days after it became visible; alert on the MRI day
                        new AnswerKey.Regrowth("P1", "L1", "VII", "MRI_HBP_DWI", "2024-04-01", "2024-05-01", "P1-I2", 6.0),
                        // named by an ambiguous alert (L2 or L3), 90.5 days after it became visible
                        new AnswerKey.Regrowth("P1", "L2", "V", "MRI_HBP", "2024-06-01", "2024-08-30", "P1-I3", 7.0),
                        // shown on MRI, but no alert: a miss
                        new AnswerKey.Regrowth("P2", "L1", "II", "MRI_HBP", "2025-01-01", "2025-02-01", "P2-I4", 5.0),
                        // never shown on MRI: not judged
                        new AnswerKey.Regrowth("P2", "L2", "VI", "MRI_HBP", "2025-03-01", null, null, null)),
                List.of(new AnswerKey.NewLesion("P1", "N1", "VIII", false, "2024-03-01", "2024-04-01", "P1-I1", 5.0),
                        new AnswerKey.NewLesion("P2", null, "IVb", true, "2025-01-10", "2025-02-01", "P2-I4", 6.0)),
                List.of(new AnswerKey.Recurrence("P1", "2024-03-01", "2024-04-01", true, "2024-02-01", 60.0, null),
                        new AnswerKey.Recurrence("P2", "2025-01-01", "2025-02-01", true, "2025-01-01", 90.0, null)),
                List.of(new AnswerKey.EquivocalFocus("P2", "P2-I3", "2024-12-01", "II", null, "REGROWTH", "L1")),
                List.of(new AnswerKey.NonHbpLesion("P2", "L4", "CT")),
                List.of(new AnswerKey.OverdueExam("P1", "MRI", "2025-02-01", "2025-05-01", "2025-05-31", true)),
                List.of());

        List<SurveillanceAlert> alerts = new ArrayList<>();
        alerts.add(alert("P1", AlertType.DLM_REAPPEARANCE, AlertStatus.RAISED, List.of("L1"), "2024-05-01T00:00:00Z"));
        alerts.add(alert("P1", AlertType.DLM_REAPPEARANCE, AlertStatus.RAISED, List.of("L2", "L3"), "2024-08-30T12:00:00Z"));
        alerts.add(alert("P2", AlertType.DLM_REAPPEARANCE, AlertStatus.RAISED, List.of("L3"), "2025-06-01T00:00:00Z"));
        alerts.add(alert("P2", AlertType.DLM_REAPPEARANCE, AlertStatus.RETRACTED, List.of("L1"), "2025-02-01T00:00:00Z"));
        alerts.add(alert("P1", AlertType.DLM_REAPPEARANCE, AlertStatus.RAISED, List.of("L9"), "2028-02-01T00:00:00Z"));

        alerts.add(alert("P1", AlertType.NEW_LIVER_LESION, AlertStatus.RAISED, List.of("N1"), "2024-04-01T00:00:00Z",
                finding("VIII")));
        alerts.add(alert("P2", AlertType.NEW_LIVER_LESION, AlertStatus.RAISED, List.of(), "2025-02-01T00:00:00Z",
                finding("IV")));
        alerts.add(alert("P2", AlertType.NEW_LIVER_LESION, AlertStatus.RAISED, List.of(), "2025-02-01T00:00:00Z",
                finding("VI")));

        alerts.add(alert("P1", AlertType.CEA_REPEAT_REQUESTED, AlertStatus.FULFILLED, List.of(), "2024-01-15T08:00:00Z"));
        alerts.add(alert("P1", AlertType.CEA_REPEAT_REQUESTED, AlertStatus.FULFILLED, List.of(), "2024-03-02T00:00:00Z"));
        alerts.add(alert("P1", AlertType.CEA_CONSECUTIVE_RISE, AlertStatus.RAISED, List.of(), "2024-04-01T00:00:00Z"));

        alerts.add(alert("P1", AlertType.RESCUE_EVALUATION, AlertStatus.RAISED, List.of("N1"), "2024-04-01T00:00:00Z"));

        alerts.add(alert("P2", AlertType.LESION_EQUIVOCAL, AlertStatus.FULFILLED, List.of("L1"), "2024-12-01T10:00:00Z",
                new Evidence(EvidenceKind.IMAGING_FINDING, "P2-I3", Instant.parse("2024-12-01T10:00:00Z"), null, null,
                        Modality.MRI_HBP, "II", 4.0, null)));
        alerts.add(alert("P2", AlertType.DLM_NOT_HBP_CONFIRMED, AlertStatus.RAISED, List.of("L4"), "2024-01-01T00:00:00Z"));
        alerts.add(alert("P1", AlertType.SURVEILLANCE_OVERDUE, AlertStatus.FULFILLED, List.of(), "2025-05-31T00:00:00Z",
                schedule("MRI:P1-I9")));
        alerts.add(alert("P2", AlertType.SURVEILLANCE_OVERDUE, AlertStatus.RAISED, List.of(), "2025-09-01T00:00:00Z",
                schedule("CEA:P2-L7")));

        result = Evaluation.score(key, alerts, AS_OF);
    }

    @Test
    void patientYearsOfFollowUp() {
        assertThat(result.patientYears()).isCloseTo(8.0, within(1e-12));
    }

    @Test
    void dlmReappearancePerRegrownDlmShownOnMri() {
        Evaluation.Row row = result.row("DLM_REAPPEARANCE");
        assertThat(row.truths()).isEqualTo(3);
        assertThat(row.detected()).isEqualTo(2);
        assertThat(row.sensitivity()).isCloseTo(2.0 / 3, within(1e-12));
        assertThat(row.alerts()).as("RETRACTED and after-as-of alerts do not count").isEqualTo(3);
        assertThat(row.unmatched()).isEqualTo(1);
        assertThat(row.falseAlarmsPer100PatientYears()).isCloseTo(12.5, within(1e-12));
        assertThat(row.delaysDays()).containsExactly(30.0, 90.5);
        assertThat(row.delayMedianDays()).isEqualTo(30.0);
        assertThat(row.delayP90Days()).isEqualTo(90.5);
        assertThat(result.misses()).contains(new Evaluation.Miss("DLM_REAPPEARANCE", "P2", "L1 (segment II)", "2025-01-01"));
    }

    @Test
    void newLiverLesionByTrackingIdOrBySegment() {
        Evaluation.Row row = result.row("NEW_LIVER_LESION");
        assertThat(row.truths()).isEqualTo(2);
        assertThat(row.detected()).isEqualTo(2);
        assertThat(row.sensitivity()).isEqualTo(1.0);
        assertThat(row.alerts()).isEqualTo(3);
        assertThat(row.unmatched()).as("the lesion in VI matches no truth").isEqualTo(1);
        assertThat(row.falseAlarmsPer100PatientYears()).isCloseTo(12.5, within(1e-12));
        assertThat(row.delaysDays()).containsExactly(22.0, 31.0);
        assertThat(row.delayMedianDays()).isEqualTo(22.0);
        assertThat(row.delayP90Days()).isEqualTo(31.0);
    }

    @Test
    void ceaAlertsPerCeaRisingRecurrenceFromTheRiseStart() {
        Evaluation.Row repeat = result.row("CEA_REPEAT_REQUESTED");
        assertThat(repeat.truths()).isEqualTo(2);
        assertThat(repeat.detected()).isEqualTo(1);
        assertThat(repeat.sensitivity()).isEqualTo(0.5);
        assertThat(repeat.alerts()).isEqualTo(2);
        assertThat(repeat.unmatched()).as("the request before the rise started").isEqualTo(1);
        assertThat(repeat.falseAlarmsPer100PatientYears()).isCloseTo(12.5, within(1e-12));
        assertThat(repeat.delaysDays()).containsExactly(30.0);

        Evaluation.Row consecutive = result.row("CEA_CONSECUTIVE_RISE");
        assertThat(consecutive.detected()).isEqualTo(1);
        assertThat(consecutive.unmatched()).isZero();
        assertThat(consecutive.delaysDays()).containsExactly(60.0);

        Evaluation.Row confirmed = result.row("CEA_ELEVATED_CONFIRMED");
        assertThat(confirmed.truths()).isEqualTo(2);
        assertThat(confirmed.detected()).isZero();
        assertThat(confirmed.sensitivity()).isEqualTo(0.0);
        assertThat(confirmed.delayMedianDays()).isNull();

        Evaluation.Row anyHigh = result.row(Evaluation.ANY_HIGH_CEA);
        assertThat(anyHigh.detected()).isEqualTo(1);
        assertThat(anyHigh.alerts()).isEqualTo(1);
        assertThat(anyHigh.delaysDays()).containsExactly(60.0);
        assertThat(result.misses()).filteredOn(m -> m.row().equals("CEA_CONSECUTIVE_RISE")).extracting(Evaluation.Miss::patientId)
                .containsExactly("P2");
    }

    @Test
    void rescueEvaluationPerRecurrenceWithBothSignals() {
        Evaluation.Row row = result.row("RESCUE_EVALUATION");
        assertThat(row.truths()).isEqualTo(2);
        assertThat(row.detected()).isEqualTo(1);
        assertThat(row.unmatched()).isZero();
        assertThat(row.delaysDays()).as("from the day the recurrence became visible").containsExactly(31.0);
        assertThat(result.rescueOnImagedRecurrence()).isZero();
    }

    @Test
    void theOtherTypesTheKeyCanJudge() {
        Evaluation.Row equivocal = result.row("LESION_EQUIVOCAL");
        assertThat(equivocal.detected()).isEqualTo(1);
        assertThat(equivocal.delaysDays()).containsExactly(10.0 / 24);
        Evaluation.Row notHbp = result.row("DLM_NOT_HBP_CONFIRMED");
        assertThat(notHbp.truths()).isEqualTo(1);
        assertThat(notHbp.detected()).isEqualTo(1);
        assertThat(notHbp.delaysDays()).containsExactly(0.0);
        Evaluation.Row overdue = result.row("SURVEILLANCE_OVERDUE");
        assertThat(overdue.truths()).isEqualTo(1);
        assertThat(overdue.detected()).isEqualTo(1);
        assertThat(overdue.alerts()).isEqualTo(2);
        assertThat(overdue.unmatched()).as("the CEA overdue alert has no truth").isEqualTo(1);
        assertThat(overdue.falseAlarmsPer100PatientYears()).isCloseTo(12.5, within(1e-12));
    }

    @Test
    void theReportShowsTheTableAndTheCommands() {
        AnswerKey.Summary summary = new AnswerKey.Summary(2, 8.0, 7, 6, 4, 3, 2, 2, 2, 2, 2, 2, 0, 100, 2, 10, 80, 8);
        AnswerKey key = new AnswerKey(1, new AnswerKey.Generator("dlm-watch generate --patients 2 --years 4 --seed 1", 1,
                2, 4, "2024-01-01", "2028-01-01", 0, "2026-01-01", Map.of()), summary, List.of(), List.of(), List.of(),
                List.of(), List.of(), List.of(), List.of(), List.of());
        String md = EvaluationReport.markdown(result, key, new EvaluationReport.Run(
                "dlm-watch evaluate --events e.jsonl --answer-key k.json", 100, 0, 0, 1.5, 200L, 1024L));
        assertThat(md).contains("dlm-watch generate --patients 2 --years 4 --seed 1")
                .contains("dlm-watch evaluate --events e.jsonl --answer-key k.json")
                .contains("| DLM_REAPPEARANCE | regrown DLM shown on MRI | 3 | 2 | 66.7% | 3 | 1 | 12.50 | 30.0 | 90.5 |")
                .contains("| P2 | L1 (segment II) | 2025-01-01 |")
                .contains("replay: 1.5 s");
    }

    @Test
    void nearestRankQuantiles() {
        assertThat(Evaluation.quantile(List.of(), 0.5)).isNull();
        assertThat(Evaluation.quantile(List.of(4.0), 0.9)).isEqualTo(4.0);
        List<Double> ten = List.of(1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0, 9.0, 10.0);
        assertThat(Evaluation.quantile(ten, 0.5)).isEqualTo(5.0);
        assertThat(Evaluation.quantile(ten, 0.9)).isEqualTo(9.0);
        assertThat(Evaluation.quantile(List.of(1.0, 2.0, 3.0), 0.5)).isEqualTo(2.0);
    }

    // ---- hand-made alerts ----

    private static int ids;

    private static SurveillanceAlert alert(String patient, AlertType type, AlertStatus status, List<String> lesions,
            String eventTime, Evidence... evidence) {
        return SurveillanceAlert.newBuilder()
                .setAlertId("A-" + (++ids))
                .setPatientId(patient)
                .setType(type)
                .setSeverity(Severity.HIGH)
                .setStatus(status)
                .setLesionIds(new ArrayList<>(lesions))
                .setTitle(type.name())
                .setRecommendation("decision support for the MDT")
                .setEvidence(new ArrayList<>(List.of(evidence)))
                .setRuleId("hand-made")
                .setRuleParameters(Map.of())
                .setContextFlags(List.of())
                .setEventTime(Instant.parse(eventTime))
                .setDetectedAt(Instant.parse(eventTime))
                .build();
    }

    private static Evidence finding(String segment) {
        return new Evidence(EvidenceKind.IMAGING_FINDING, "report", Instant.parse("2024-01-01T00:00:00Z"), null, null,
                Modality.MRI_HBP_DWI, segment, 6.0, null);
    }

    private static Evidence schedule(String ref) {
        return new Evidence(EvidenceKind.SCHEDULE, ref, Instant.parse("2025-05-01T00:00:00Z"), null, null, null, null,
                null, null);
    }
}
