package org.dlmwatch.cohort;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The truth behind a synthetic cohort: which DLM regrew and when they became visible on MRI (and on
 * which MRI they were first reported), which new lesions appeared (when, where), which patients' CEA
 * rose with their recurrence (and from when), plus the equivocal foci, the CT-defined DLM and the
 * exams that were not done on time, so that every alert type the key can judge is judged.
 *
 * <p>Dates are ISO strings ({@code YYYY-MM-DD}); nullable fields are omitted when null. Only truths
 * that happened while the patient was followed (enrollment to {@code followUpEnd}) are listed; those
 * never imaged before the end of follow-up have no {@code firstImagedOn} and are not judged.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record AnswerKey(
        int formatVersion,
        Generator generator,
        Summary summary,
        List<Patient> patients,
        List<Regrowth> regrowths,
        List<NewLesion> newLesions,
        List<Recurrence> recurrences,
        List<EquivocalFocus> equivocalFoci,
        List<NonHbpLesion> nonHbpLesions,
        List<OverdueExam> overdueExams,
        List<AwkwardCase> awkwardCases) {

    public static final int FORMAT_VERSION = 1;

    /** How the cohort was made: enough to make it again. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Generator(String command, long seed, int patients, int years, String horizonStart,
            String horizonEnd, int enrollmentWindowMonths, String assayChangeOn, Map<String, String> profileOverrides) {}

    /** Counts, for a reader of the key and for the evaluation report. */
    public record Summary(int patients, double patientYears, int dlm, int dlmHbpDefined, int regrowths,
            int regrowthsImaged, int newLesions, int newLesionsImaged, int recurrences, int recurrencesImaged,
            int ceaRisingRecurrences, int ceaRisingRecurrencesImaged, int falseAlarmers, int events, int enrollments,
            int ceaResults, int otherLabResults, int imagingReports) {}

    /**
     * One patient.
     *
     * @param followUpEnd first day no longer followed: the horizon end, the end of the programme, or
     *     the day of rescue therapy or of leaving the programme ({@code endReason})
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Patient(String patientId, String enrolledOn, String followUpEnd, String endReason, int dlm,
            boolean falseAlarmer, boolean smoker, boolean chronicLiverDisease, String lab) {}

    /**
     * A DLM that regrew in situ.
     *
     * @param visibleOn the day it became visible on hepatobiliary MRI ({@code growth.visibleSizeMm})
     * @param firstImagedOn the study day of the first MRI report showing it PRESENT, if any
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Regrowth(String patientId, String lesionId, String segment, String establishedBy, String visibleOn,
            String firstImagedOn, String firstReportId, Double firstSizeMm) {}

    /** A new lesion elsewhere in the liver; {@code trackingId} null when reported by segment only. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record NewLesion(String patientId, String trackingId, String segment, boolean adjacentToDlm,
            String visibleOn, String firstImagedOn, String firstReportId, Double firstSizeMm) {}

    /**
     * A patient's recurrence (the first regrowth or new lesion), and the CEA rise that came with it.
     *
     * @param visibleOn the day the first recurrent lesion became visible on MRI
     * @param firstImagedOn the day an MRI first showed recurrence, if any
     * @param ceaRiseStartOn the day CEA started to rise, when it did
     * @param treatedOn the day of rescue therapy (enrollment ENDED), if within the horizon
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Recurrence(String patientId, String visibleOn, String firstImagedOn, boolean ceaRise,
            String ceaRiseStartOn, Double ceaDoublingTimeDays, String treatedOn) {}

    /** An EQUIVOCAL finding: a regrowth seen early ({@code REGROWTH}) or a benign focus ({@code BENIGN}). */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record EquivocalFocus(String patientId, String reportId, String studyOn, String segment, String trackingId,
            String outcome, String lesionId) {}

    /** A DLM whose disappearance was established on a modality other than hepatobiliary MRI. */
    public record NonHbpLesion(String patientId, String lesionId, String establishedBy) {}

    /**
     * An exam not done within one interval and the 30-day grace of clinical-spec §3.4.
     *
     * @param kind MRI or CEA
     * @param overdueFrom due date + 30 days: from then on the exam is overdue
     * @param planned true when the cohort planned it (a missed MRI); false would be a generator fault
     */
    public record OverdueExam(String patientId, String kind, String lastExamOn, String dueOn, String overdueFrom,
            boolean planned) {}

    /** How often an awkward case of §5 occurs, with a few result or report ids to look at. */
    public record AwkwardCase(String kind, int occurrences, int patients, List<String> examples) {}

    private static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
            .disable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);

    public void write(Path file) throws IOException {
        MAPPER.writeValue(file.toFile(), this);
    }

    public String toJson() {
        try {
            return MAPPER.writeValueAsString(this);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public static AnswerKey read(Path file) throws IOException {
        return MAPPER.readValue(file.toFile(), AnswerKey.class);
    }

    public static AnswerKey parse(String json) throws IOException {
        return MAPPER.readValue(json, AnswerKey.class);
    }
}
