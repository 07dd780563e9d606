package org.dlmwatch.rules.history;

import static org.assertj.core.api.Assertions.assertThat;
import static org.dlmwatch.rules.Fx.absent;
import static org.dlmwatch.rules.Fx.amend;
import static org.dlmwatch.rules.Fx.cea;
import static org.dlmwatch.rules.Fx.enrollment;
import static org.dlmwatch.rules.Fx.mri;
import static org.dlmwatch.rules.Fx.present;

import java.time.LocalDate;
import java.util.List;

import org.dlmwatch.rules.Fx;
import org.dlmwatch.rules.RuleConfig;
import org.dlmwatch.rules.model.Enrollment;
import org.dlmwatch.rules.model.ImagingReport;
import org.dlmwatch.rules.model.LabResult;
import org.dlmwatch.rules.model.ReportStatus;
import org.dlmwatch.rules.model.ResultStatus;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** Versions (§2.2, §2.3) and the history bound. */
class PatientHistoryTest {

    private final PatientHistory h = new PatientHistory(Fx.P, RuleConfig.defaults());

    @Nested
    class LabVersions {

        @Test
        void latestResultedAtWins() {
            h.apply(cea("R1", "2025-02-15", 9.5).build());
            assertThat(h.apply(cea("R1", "2025-02-15", 2.2).status(ResultStatus.CORRECTED)
                    .resulted("2025-02-17T09:00:00Z").build())).isTrue();
            assertThat(h.ceaResults()).singleElement().extracting(LabResult::value).isEqualTo(2.2);
        }

        @Test
        void correctedArrivingBeforeItsFinalStillWins() {
            h.apply(cea("R1", "2025-02-15", 2.2).status(ResultStatus.CORRECTED).resulted("2025-02-17T09:00:00Z").build());
            assertThat(h.apply(cea("R1", "2025-02-15", 9.5).build())).isFalse();
            assertThat(h.ceaResults()).singleElement().extracting(LabResult::value).isEqualTo(2.2);
        }

        @Test
        void cancellationIsATombstoneThatALateFinalCannotResurrect() {
            h.apply(cea("R1", "2025-02-15", 6.0).value(null).status(ResultStatus.CANCELLED)
                    .resulted("2025-02-20T09:00:00Z").build());
            assertThat(h.apply(cea("R1", "2025-02-15", 6.0).build())).isFalse();
            assertThat(h.ceaResults()).isEmpty();
            assertThat(h.labResultVersions()).singleElement().extracting(LabResult::status)
                    .isEqualTo(ResultStatus.CANCELLED);
        }

        @Test
        void enteredInErrorRemovesTheResult() {
            h.apply(cea("R1", "2025-02-15", 6.0).build());
            h.apply(cea("R1", "2025-02-15", 6.0).status(ResultStatus.ENTERED_IN_ERROR).resulted("2025-02-16").build());
            assertThat(h.ceaResults()).isEmpty();
        }

        @Test
        void preliminaryIsIgnored() {
            assertThat(h.apply(cea("R1", "2025-02-15", 9.0).status(ResultStatus.PRELIMINARY).build())).isFalse();
            assertThat(h.labResultVersions()).isEmpty();
            h.apply(cea("R2", "2025-02-15", 2.0).build());
            assertThat(h.apply(cea("R2", "2025-02-15", 9.0).status(ResultStatus.PRELIMINARY)
                    .resulted("2025-03-01").build())).isFalse();
            assertThat(h.ceaResults()).singleElement().extracting(LabResult::value).isEqualTo(2.0);
        }

        @Test
        void theSameResultTwiceIsOneResult() {
            LabResult r = cea("R1", "2025-02-15", 6.0).build();
            assertThat(h.apply(r)).isTrue();
            assertThat(h.apply(r)).isFalse();
            assertThat(h.ceaResults()).hasSize(1);
        }

        @Test
        void sameTimestampConflictsResolveTheSameWayInAnyOrder() {
            LabResult a = cea("R1", "2025-02-15", 6.0).build();
            LabResult b = cea("R1", "2025-02-15", 6.5).build();
            LabResult cancel = cea("R1", "2025-02-15", 6.0).status(ResultStatus.CANCELLED).build();
            PatientHistory h1 = Fx.history(a, b, cancel);
            PatientHistory h2 = Fx.history(cancel, b, a);
            assertThat(h1.labResultVersions()).isEqualTo(h2.labResultVersions());
            assertThat(h1.ceaResults()).isEmpty(); // a cancellation wins a tie
        }

        @Test
        void nonMassCeaAndOtherTestsAreNotStored() {
            assertThat(h.apply(cea("R1", "2025-02-15", 50).loinc("19166-8").build())).isFalse();
            assertThat(h.apply(cea("R2", "2025-02-15", 5).loinc("2345-7").build())).isFalse();
            assertThat(h.labResultVersions()).isEmpty();
        }

        @Test
        void lateResultsAreInsertedInCollectionOrder() {
            h.apply(cea("R3", "2025-03-15", 2.1).build());
            h.apply(cea("R1", "2025-01-15", 2.0).build());
            h.apply(cea("R2", "2025-02-15", 6.0).build());
            assertThat(h.ceaResults()).extracting(LabResult::resultId).containsExactly("R1", "R2", "R3");
        }
    }

    @Nested
    class ReportVersions {

        @Test
        void amendedReplacesAndCancelledRemoves() {
            ImagingReport r = mri("I1", "2025-04-08", present("VII", "L1", 8.0));
            h.apply(r);
            h.apply(amend(r, ReportStatus.AMENDED, "2025-04-09T09:00:00Z", absent("VII", "L1")));
            assertThat(h.activeReports()).singleElement().extracting(ImagingReport::status).isEqualTo(ReportStatus.AMENDED);
            h.apply(amend(r, ReportStatus.CANCELLED, "2025-04-10T09:00:00Z"));
            assertThat(h.activeReports()).isEmpty();
            assertThat(h.reportVersions()).hasSize(1);
        }

        @Test
        void anOlderFinalDoesNotReplaceAnAmendment() {
            ImagingReport r = mri("I1", "2025-04-08", present("VII", "L1", 8.0));
            h.apply(amend(r, ReportStatus.AMENDED, "2025-04-09T09:00:00Z", absent("VII", "L1")));
            assertThat(h.apply(r)).isFalse();
            assertThat(h.activeReports().get(0).findings()).singleElement().extracting(f -> f.status().name())
                    .isEqualTo("ABSENT");
        }
    }

    @Nested
    class EnrollmentVersions {

        @Test
        void latestUpdatedAtWins() {
            Enrollment e = enrollment();
            Enrollment ended = Fx.ended(e, "2025-06-01T00:00:00Z");
            h.apply(ended);
            assertThat(h.apply(e)).isFalse();
            assertThat(h.enrollment()).contains(ended);
        }
    }

    @Nested
    class Bound {

        @Test
        void entriesMoreThanTheMarginBeforeEnrollmentAreNotKeptAndLaterOnesAlwaysAre() {
            h.apply(enrollment()); // 2025-01-10, margin 365 days: kept from 2024-01-11 on
            assertThat(h.apply(cea("OLD", "2023-12-01", 2.0).build())).isTrue();
            assertThat(h.apply(cea("PRE", "2024-02-01", 2.0).build())).isTrue();
            h.apply(cea("LATE", "2031-02-01", 2.0).build()); // year 7: an ACTIVE patient still alerts
            h.apply(cea("END", "2030-06-01", 2.0).build());
            h.apply(cea("Y15", "2040-01-01", 2.0).build());
            h.apply(mri("I-Y12", "2037-03-01", present("VII", "L1", 8.0)));
            assertThat(h.labResultVersions()).extracting(LabResult::resultId).containsExactly("END", "LATE", "PRE", "Y15");
            assertThat(h.reportVersions()).extracting(ImagingReport::reportId).containsExactly("I-Y12");
        }

        @Test
        void anEndedEnrollmentDoesNotPrune() {
            h.apply(Fx.ended(enrollment(), "2026-01-01T00:00:00Z"));
            h.apply(cea("AFTER", "2032-01-01", 2.0).build());
            assertThat(h.labResultVersions()).extracting(LabResult::resultId).containsExactly("AFTER");
        }

        @Test
        void historyThatArrivedBeforeTheEnrollmentIsPrunedToTheMarginWhenItArrives() {
            h.apply(cea("OLD", "2020-01-01", 2.0).build());
            h.apply(cea("R1", "2025-01-15", 2.0).build());
            assertThat(h.labResultVersions()).hasSize(2); // no enrollment yet: only the caps apply
            h.apply(enrollment());
            assertThat(h.labResultVersions()).extracting(LabResult::resultId).containsExactly("R1");
        }

        @Test
        void withoutEnrollmentOnlyTheCapsApply() {
            h.apply(cea("OLD", "2010-01-01", 2.0).build());
            h.apply(cea("NEW", "2025-01-15", 2.0).build());
            assertThat(h.labResultVersions()).extracting(LabResult::resultId).containsExactly("NEW", "OLD");
        }

        private final RuleConfig small = RuleConfig.defaults().withEnvironment(java.util.Map.of(
                "DLMWATCH_HISTORY_MAX_LAB_RESULTS", "3", "DLMWATCH_HISTORY_MAX_REPORTS", "2"));

        /** A history with the enrollment and caps of 3 results and 2 reports. */
        private PatientHistory capped() {
            PatientHistory capped = new PatientHistory(Fx.P, small);
            capped.apply(enrollment());
            return capped;
        }

        @Test
        void hardCapDropsTheOldestFirst() {
            PatientHistory capped = capped();
            for (int i = 1; i <= 5; i++) {
                capped.apply(cea("R" + i, LocalDate.parse("2025-01-15").plusMonths(i).toString(), 2.0).build());
            }
            capped.apply(mri("I1", "2025-04-08"));
            capped.apply(mri("I3", "2025-10-08"));
            capped.apply(mri("I2", "2025-07-08"));
            assertThat(capped.labResultVersions()).extracting(LabResult::resultId).containsExactly("R3", "R4", "R5");
            assertThat(capped.reportVersions()).extracting(ImagingReport::reportId).containsExactly("I2", "I3");
        }

        @Test
        void hardCapDropsTombstonesBeforeValues() {
            PatientHistory capped = capped();
            capped.apply(cea("R1", "2025-02-15", 2.0).build());
            capped.apply(cea("R2", "2025-03-15", 2.0).build());
            capped.apply(cea("X", "2025-04-15", 2.0).value(null).status(ResultStatus.CANCELLED).build());
            capped.apply(cea("R3", "2025-05-15", 2.0).build());
            assertThat(capped.labResultVersions()).extracting(LabResult::resultId).containsExactly("R1", "R2", "R3");
            ImagingReport cancelled = mri("I2", "2025-07-08");
            capped.apply(mri("I1", "2025-04-08"));
            capped.apply(amend(cancelled, ReportStatus.CANCELLED, "2025-07-09T00:00:00Z"));
            capped.apply(mri("I3", "2025-10-08"));
            assertThat(capped.reportVersions()).extracting(ImagingReport::reportId).containsExactly("I1", "I3");
        }

        @Test
        void hardCapNeverDropsTheCeaBaseline() {
            PatientHistory capped = capped();
            capped.apply(cea("NADIR", "2025-02-15", 1.0).build());
            for (int i = 1; i <= 4; i++) {
                capped.apply(cea("R" + i, LocalDate.parse("2025-03-15").plusMonths(i).toString(), 1.4).build());
            }
            assertThat(capped.labResultVersions()).extracting(LabResult::resultId).containsExactly("NADIR", "R3", "R4");
            // 8.2 is 7.2 above the true nadir and raises the FACS alert; over 1.4 it would be only 6.8
            capped.apply(cea("RISE", "2025-09-15", 8.2).build());
            assertThat(capped.labResultVersions()).extracting(LabResult::resultId).containsExactly("NADIR", "R4", "RISE");
            assertThat(Fx.types(new org.dlmwatch.rules.SurveillanceRules(small).evaluate(capped, null)))
                    .contains(org.dlmwatch.rules.alert.AlertType.CEA_RISE_ABOVE_BASELINE);
        }

        @Test
        void theProtectedBaselineIsThatOfTheCurrentAssayMethod() {
            PatientHistory capped = capped();
            capped.apply(cea("A-LOW", "2025-02-15", 0.8).method("Roche Elecsys").build());
            capped.apply(cea("A-2", "2025-03-15", 2.0).method("Roche Elecsys").build());
            capped.apply(cea("B-LOW", "2025-04-15", 1.5).method("Abbott Architect").build());
            capped.apply(cea("B-2", "2025-05-15", 2.5).method("Abbott Architect").build());
            capped.apply(cea("B-3", "2025-06-15", 2.6).method("Abbott Architect").build());
            // the old assay's nadir is no baseline any more: the oldest go, the current assay's nadir stays
            assertThat(capped.labResultVersions()).extracting(LabResult::resultId).containsExactly("B-2", "B-3", "B-LOW");
            capped.apply(cea("B-4", "2025-07-15", 2.7).method("Abbott Architect").build());
            assertThat(capped.labResultVersions()).extracting(LabResult::resultId).containsExactly("B-3", "B-4", "B-LOW");
        }

        @Test
        void restoreGivesTheSameVersions() {
            h.apply(enrollment());
            h.apply(cea("R1", "2025-01-15", 2.0).build());
            h.apply(cea("R2", "2025-02-15", 6.0).status(ResultStatus.CANCELLED).build());
            h.apply(mri("I1", "2025-04-08"));
            PatientHistory copy = PatientHistory.restore(Fx.P, RuleConfig.defaults(), h.enrollment().orElseThrow(),
                    h.labResultVersions(), h.reportVersions());
            assertThat(copy.labResultVersions()).isEqualTo(h.labResultVersions());
            assertThat(copy.reportVersions()).isEqualTo(h.reportVersions());
            assertThat(copy.ceaResults()).isEqualTo(h.ceaResults());
            assertThat(List.copyOf(copy.activeReports())).isEqualTo(h.activeReports());
        }
    }
}
