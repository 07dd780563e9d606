package org.dlmwatch.cohort;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.dlmwatch.events.v1.AlertType;

/** The evaluation as markdown: the table, what was judged how, the misses, and how it was made. */
public final class EvaluationReport {

    /** How the alerts were obtained (the replay), for the record; null fields are left out. */
    public record Run(String evaluateCommand, int events, int rejectedLines, int deadLetters, Double replaySeconds,
            Long peakHeapMb, Long maxHeapMb) {}

    private static final int MAX_MISSES = 25;

    private EvaluationReport() {}

    /** The results table alone. */
    public static String table(Evaluation.Result result) {
        StringBuilder sb = new StringBuilder();
        sb.append("| alert type | judged per | truths | detected | sensitivity | alerts | no matching truth | "
                + "false alarms / 100 patient-years | delay median (days) | delay p90 (days) | delay from |\n");
        sb.append("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---|\n");
        for (Evaluation.Row r : result.rows()) {
            sb.append("| ").append(r.label()).append(" | ").append(r.judgedPer()).append(" | ").append(r.truths())
                    .append(" | ").append(r.detected()).append(" | ").append(Evaluation.pct(r.sensitivity()))
                    .append(" | ").append(r.alerts()).append(" | ").append(r.unmatched()).append(" | ")
                    .append(String.format(Locale.ROOT, "%.2f", r.falseAlarmsPer100PatientYears())).append(" | ")
                    .append(Evaluation.num(r.delayMedianDays())).append(" | ").append(Evaluation.num(r.delayP90Days()))
                    .append(" | ").append(r.delayFrom()).append(" |\n");
        }
        return sb.toString();
    }

    /** The whole report. */
    public static String markdown(Evaluation.Result result, AnswerKey key, Run run) {
        StringBuilder sb = new StringBuilder();
        var g = key.generator();
        var s = key.summary();
        sb.append("# Clinical evaluation on a synthetic cohort\n\n");
        sb.append("Written by `dlm-watch evaluate`: the surveillance engine's own topology replayed over a synthetic "
                + "cohort (docs/synthetic-cohorts.md), its final alerts scored against the cohort's answer key. "
                + "Synthetic data, decision support: these figures describe the rules on the cohort's assumptions, "
                + "not clinical performance.\n\n");
        sb.append("## Commands\n\n```\n");
        if (g.command() != null) {
            sb.append(g.command()).append('\n');
        }
        if (run.evaluateCommand() != null) {
            sb.append(run.evaluateCommand()).append('\n');
        }
        sb.append("```\n\n");
        sb.append("## Cohort\n\n");
        sb.append("| patients | horizon | patient-years (to as-of) | DLM (HBP-defined) | regrown DLM (shown on MRI) | "
                + "new lesions (shown on MRI) | recurrences (shown on MRI) | CEA-rising recurrences (shown on MRI) | "
                + "false alarmers | events |\n");
        sb.append("|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        sb.append("| ").append(s.patients()).append(" | ").append(g.horizonStart()).append(" to ").append(g.horizonEnd())
                .append(" | ").append(String.format(Locale.ROOT, "%.1f", result.patientYears())).append(" | ")
                .append(s.dlm()).append(" (").append(s.dlmHbpDefined()).append(") | ").append(s.regrowths())
                .append(" (").append(s.regrowthsImaged()).append(") | ").append(s.newLesions()).append(" (")
                .append(s.newLesionsImaged()).append(") | ").append(s.recurrences()).append(" (")
                .append(s.recurrencesImaged()).append(") | ").append(s.ceaRisingRecurrences()).append(" (")
                .append(s.ceaRisingRecurrencesImaged()).append(") | ").append(s.falseAlarmers()).append(" | ")
                .append(s.events()).append(" |\n\n");
        sb.append("As of ").append(result.asOf()).append(" (the replay's clock after the last event). Seed ")
                .append(g.seed()).append(", enrollment over ").append(g.enrollmentWindowMonths())
                .append(" months from ").append(g.horizonStart()).append(", lab A's assay change on ")
                .append(g.assayChangeOn()).append('.');
        if (g.profileOverrides() != null && !g.profileOverrides().isEmpty()) {
            sb.append(" Profile overrides: ").append(g.profileOverrides()).append('.');
        }
        sb.append("\n\n## Results\n\n");
        sb.append(table(result)).append('\n');
        if (result.rescueOnImagedRecurrence() > 0) {
            sb.append("Of the RESCUE_EVALUATION alerts with no matching truth, ").append(result.rescueOnImagedRecurrence())
                    .append(" name a patient whose recurrence was shown on MRI: the imaging half is true, the CEA half "
                            + "came from noise or a persistent false alarmer, not from the recurrence.\n\n");
        }
        sb.append("""
                How each row is judged:

                - Only alerts whose final status is RAISED or FULFILLED count, with a clinical time (eventTime) up to
                  the as-of time; RETRACTED alerts were withdrawn by the engine itself after a correction or amendment.
                - **DLM_REAPPEARANCE**: an alert of the patient naming the lesion (lesionIds; an ambiguous alert names
                  every candidate). Truths: regrown DLM that an MRI report showed PRESENT before the end of follow-up.
                - **NEW_LIVER_LESION**: an alert naming the lesion's tracking id, or, for a lesion reported by segment
                  only, an alert without lesion ids whose finding lies in the same segment (IVa, IVb and IV as one).
                - **CEA rows**: an alert of the type for the patient with a clinical time on or after the day CEA
                  started to rise. Truths: recurrences shown on MRI whose CEA rose (clinical-spec §5: about 65%).
                  "any high CEA alert" is CEA_ELEVATED_CONFIRMED, CEA_RISE_ABOVE_BASELINE or CEA_CONSECUTIVE_RISE.
                - **RESCUE_EVALUATION**: an alert for the patient on or after the earlier of the CEA rise start and the
                  day the recurrence became visible, for a recurrence shown on MRI whose CEA rose.
                - **LESION_EQUIVOCAL**: an alert whose evidence cites the report with the equivocal focus (benign foci
                  and early sightings of a regrowth alike: the request is the right answer to either).
                - **DLM_NOT_HBP_CONFIRMED**: an alert naming a DLM whose disappearance was established on CT.
                - **SURVEILLANCE_OVERDUE**: an alert of the exam's kind within 7 days of the day the exam became
                  overdue (one interval after the last exam, plus 30 days), judged when that day is before the end of
                  follow-up and the as-of time.
                - "no matching truth" counts the alerts of the type that match no truth of the key (also truths
                  that cannot be judged yet, such as a CEA rise whose recurrence was never imaged): these are the
                  false alarms. Per 100 patient-years of follow-up up to the as-of time.
                - Delay: days from the truth's reference day to the clinical time of the earliest matching alert;
                  median and 90th percentile by nearest rank; an alert already standing counts 0.

                """);
        sb.append("## Missed truths\n\n");
        List<Evaluation.Miss> misses = result.misses();
        if (misses.isEmpty()) {
            sb.append("None.\n\n");
        } else {
            sb.append("| row | patient | truth | reference day |\n|---|---|---|---|\n");
            int shown = 0;
            for (Evaluation.Miss m : misses) {
                if (shown++ == MAX_MISSES) {
                    break;
                }
                sb.append("| ").append(m.row()).append(" | ").append(m.patientId()).append(" | ").append(m.truth())
                        .append(" | ").append(m.referenceDay()).append(" |\n");
            }
            if (misses.size() > MAX_MISSES) {
                sb.append("\n").append(misses.size() - MAX_MISSES).append(" more not shown.\n");
            }
            sb.append('\n');
        }
        sb.append("## Every alert by final status\n\n| alert type | RAISED | RETRACTED | FULFILLED |\n|---|---:|---:|---:|\n");
        for (Map.Entry<AlertType, int[]> e : result.alertCounts().entrySet()) {
            int[] c = e.getValue();
            sb.append("| ").append(e.getKey()).append(" | ").append(c[0]).append(" | ").append(c[1]).append(" | ")
                    .append(c[2]).append(" |\n");
        }
        sb.append("\n## Replay\n\n");
        sb.append("- events: ").append(run.events()).append(" (").append(run.rejectedLines())
                .append(" invalid lines, ").append(run.deadLetters()).append(" dead letters)\n");
        if (run.replaySeconds() != null) {
            sb.append(String.format(Locale.ROOT, "- replay: %.1f s", run.replaySeconds()));
            if (run.peakHeapMb() != null) {
                sb.append(", peak heap in use about ").append(run.peakHeapMb()).append(" MB");
            }
            if (run.maxHeapMb() != null) {
                sb.append(" (max heap ").append(run.maxHeapMb()).append(" MB)");
            }
            sb.append('\n');
        }
        return sb.toString();
    }
}
