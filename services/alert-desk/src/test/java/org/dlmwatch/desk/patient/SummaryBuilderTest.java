package org.dlmwatch.desk.patient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.dlmwatch.desk.support.Fixtures.cea;
import static org.dlmwatch.desk.support.Fixtures.finding;
import static org.dlmwatch.desk.support.Fixtures.mri;

import org.dlmwatch.desk.patient.PatientSummary.CeaValue;
import org.dlmwatch.desk.patient.PatientSummary.LesionTrack;
import org.dlmwatch.desk.support.Fixtures;
import org.dlmwatch.events.v1.FindingStatus;
import org.dlmwatch.events.v1.LabResult;
import org.dlmwatch.events.v1.Modality;
import org.dlmwatch.events.v1.ResultStatus;
import org.dlmwatch.rules.RuleConfig;
import org.junit.jupiter.api.Test;

/** The patient summary follows the clinical specification's definitions. */
class SummaryBuilderTest {

    private final PatientFiles files = new PatientFiles(RuleConfig.defaults());
    private final SummaryBuilder builder = new SummaryBuilder(RuleConfig.defaults());

    @Test
    void ceaSeriesNormalisedWithEligibilityBaselineAndAssayChanges() {
        files.apply(Fixtures.enrollment("P1")); // last chemotherapy 2024-12-01: values before 2025-01-12 not used
        files.apply(cea("P1", "R0", "2024-12-20T08:00:00Z", 4.0, "Roche"));
        files.apply(cea("P1", "R1", "2025-02-01T08:00:00Z", 2.1, "Roche"));
        files.apply(cea("P1", "R2", "2025-03-01T08:00:00Z", 1.9, "Roche"));
        files.apply(cea("P1", "R3", "2025-04-01T08:00:00Z", 2.6, " abbott architect "));
        files.apply(cea("P1", "R4", "2025-05-01T08:00:00Z", 3.0, null)); // a missing method is not a change
        files.apply(cea("P1", "R5", "2025-06-01T08:00:00Z", 2.8, "ABBOTT ARCHITECT"));
        LabResult ngPerL = LabResult.newBuilder(cea("P1", "R6", "2025-07-01T08:00:00Z", 3500, "Abbott Architect"))
                .setUnit("ng/L").setReferenceHigh(5000.0).build();
        files.apply(ngPerL);
        files.apply(Fixtures.otherLab("P1", "HB1", "2025-02-01T08:00:00Z"));
        // a cancelled result is removed
        files.apply(LabResult.newBuilder(cea("P1", "R7", "2025-07-15T08:00:00Z", 50, "Abbott Architect"))
                .setStatus(ResultStatus.FINAL).build());
        files.apply(LabResult.newBuilder(cea("P1", "R7", "2025-07-15T08:00:00Z", 50, "Abbott Architect"))
                .setStatus(ResultStatus.CANCELLED).setResultedAt(java.time.Instant.parse("2025-07-20T00:00:00Z")).build());

        PatientSummary s = builder.build(files.history("P1", false).orElseThrow());
        assertThat(s.cea().values()).extracting(CeaValue::resultId)
                .containsExactly("R0", "R1", "R2", "R3", "R4", "R5", "R6");
        assertThat(s.cea().values().get(0).eligible()).isFalse();
        assertThat(s.cea().values().get(1).eligible()).isTrue();
        CeaValue r6 = s.cea().values().get(6);
        assertThat(r6.value()).isEqualTo(3.5);
        assertThat(r6.uln()).isEqualTo(5.0);
        assertThat(s.cea().assayChanges()).hasSize(1);
        assertThat(s.cea().assayChanges().get(0).from()).isEqualTo("Roche");
        assertThat(s.cea().assayChanges().get(0).to()).isEqualTo("abbott architect");
        // baseline: the lowest eligible value of the current assay, not the 1.9 of the old one
        assertThat(s.cea().baseline().resultId()).isEqualTo("R3");
    }

    @Test
    void lesionTimelineMatchesByTrackingIdOrSegment() {
        files.apply(Fixtures.enrollment("P2")); // L1 in VII (HBP-MRI), L2 in IVa (CT)
        files.apply(mri("P2", "I1", "2025-04-10T10:00:00Z", finding("L1", "VII", null, FindingStatus.ABSENT),
                finding(null, "IV", null, FindingStatus.ABSENT)));
        var pet = org.dlmwatch.events.v1.ImagingReport.newBuilder(mri("P2", "I2", "2025-05-10T10:00:00Z",
                finding("L1", "VII", null, FindingStatus.ABSENT))).setModality(Modality.PET_CT).build();
        files.apply(pet);
        files.apply(mri("P2", "I3", "2025-06-02T10:00:00Z", finding("l1", "VII", 8.0, FindingStatus.PRESENT),
                finding(null, "V", 6.0, FindingStatus.EQUIVOCAL), finding("X9", "II", 11.0, FindingStatus.PRESENT)));

        PatientSummary s = builder.build(files.history("P2", false).orElseThrow());
        LesionTrack l1 = s.lesions().get(0);
        assertThat(l1.key()).isEqualTo("L1");
        assertThat(l1.lastConfirmedAbsent().reportId()).as("PET-CT does not confirm absence").isEqualTo("I1");
        assertThat(l1.reappeared().reportId()).isEqualTo("I3");
        assertThat(l1.reappeared().sizeMm()).isEqualTo(8.0);
        LesionTrack l2 = s.lesions().get(1);
        assertThat(l2.lastConfirmedAbsent().reportId()).as("IV matches IVa").isEqualTo("I1");
        assertThat(l2.reappeared()).isNull();
        assertThat(s.newLesions()).extracting(LesionTrack::label).containsExactly("New, segment V", "X9 (new)");
        assertThat(s.imaging()).hasSize(3);
    }

    @Test
    void invalidInputIsLeftOutAsTheEngineDeadLettersIt() {
        assertThat(files.apply(LabResult.newBuilder(cea("P3", "R1", "2025-02-01T08:00:00Z", 2.0, null))
                .setUnit("furlongs").build())).isFalse();
        assertThat(files.apply(mri("P3", "I1", "2025-04-10T10:00:00Z", finding(null, "XIII", null,
                FindingStatus.PRESENT)))).isFalse();
        assertThat(files.apply(Fixtures.otherLab("P3", "HB", "2025-02-01T08:00:00Z"))).isFalse();
        assertThat(files.history("P3", false)).isEmpty();
    }
}
