package org.dlmwatch.rules.imaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.dlmwatch.rules.Fx.absent;
import static org.dlmwatch.rules.Fx.enrollment;
import static org.dlmwatch.rules.Fx.equivocal;
import static org.dlmwatch.rules.Fx.evaluate;
import static org.dlmwatch.rules.Fx.lesion;
import static org.dlmwatch.rules.Fx.mri;
import static org.dlmwatch.rules.Fx.ofType;
import static org.dlmwatch.rules.Fx.only;
import static org.dlmwatch.rules.Fx.present;
import static org.dlmwatch.rules.Fx.report;
import static org.dlmwatch.rules.Fx.t;
import static org.dlmwatch.rules.Fx.types;
import static org.dlmwatch.rules.alert.AlertType.DLM_NOT_HBP_CONFIRMED;
import static org.dlmwatch.rules.alert.AlertType.DLM_REAPPEARANCE;
import static org.dlmwatch.rules.alert.AlertType.LESION_EQUIVOCAL;
import static org.dlmwatch.rules.alert.AlertType.NEW_LIVER_LESION;

import java.util.List;

import org.dlmwatch.rules.alert.Alert;
import org.dlmwatch.rules.alert.AlertStatus;
import org.dlmwatch.rules.alert.AlertTexts;
import org.dlmwatch.rules.alert.EvidenceKind;
import org.dlmwatch.rules.model.Modality;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** The imaging rules of clinical-spec §3.2. */
class ImagingRulesTest {

    @Nested
    class Reappearance {

        @Test
        void byTrackingIdIgnoringCaseAndBlanks() {
            Alert a = only(evaluate(enrollment(), mri("I1", "2025-04-08", present("VIII", " l1 ", 8.0))), DLM_REAPPEARANCE);
            assertThat(a.lesionIds()).containsExactly("L1"); // tracking id beats segment
            assertThat(a.eventTime()).isEqualTo(t("2025-04-08T10:00:00Z"));
            assertThat(a.recommendation()).contains("HPB MDT review for rescue therapy").contains("FDG-PET")
                    .endsWith(AlertTexts.DECISION_SUPPORT);
        }

        @Test
        void trackedLesionThatIsNotADlmIsNewEvenInADlmSegment() {
            List<Alert> alerts = evaluate(enrollment(), mri("I1", "2025-04-08", present("VII", "N7", 8.0)));
            assertThat(types(alerts)).containsExactly(NEW_LIVER_LESION);
            assertThat(alerts.get(0).lesionIds()).containsExactly("N7");
        }

        @Test
        void untrackedBySegmentWithSegmentFourMatching() {
            assertThat(only(evaluate(enrollment(lesion("L2", "IVb")), mri("I1", "2025-04-08", present("IV", null, 6.0))),
                    DLM_REAPPEARANCE).lesionIds()).containsExactly("L2");
            assertThat(types(evaluate(enrollment(lesion("L2", "IVb")), mri("I1", "2025-04-08", present("IVa", null, 6.0)))))
                    .containsExactly(NEW_LIVER_LESION);
        }

        @Test
        void ambiguousFindingRaisesOneAlertNamingAllCandidates() {
            List<Alert> alerts = evaluate(enrollment(lesion("L1", "VII"), lesion("L2", "VII"), lesion("L3", "II")),
                    mri("I1", "2025-04-08", present("VII", null, 8.0)));
            Alert a = only(alerts, DLM_REAPPEARANCE);
            assertThat(a.lesionIds()).containsExactly("L1", "L2");
            assertThat(a.title()).contains("L1 or L2").contains("ambiguous");
        }

        @Test
        void laterReportOfTheSameLesionAddsEvidenceNeverASecondAlert() {
            List<Alert> alerts = evaluate(enrollment(), mri("I1", "2025-04-08", present("VII", "L1", 8.0)),
                    mri("I2", "2025-05-08", present("VII", null, 11.0)));
            Alert a = only(alerts, DLM_REAPPEARANCE);
            assertThat(a.eventTime()).isEqualTo(t("2025-04-08T10:00:00Z"));
            assertThat(a.evidence()).filteredOn(e -> e.kind() == EvidenceKind.IMAGING_FINDING)
                    .extracting(e -> e.refId()).containsExactly("I1", "I2");
        }

        @Test
        void ambiguousFindingAfterTwoTrackedReappearancesAddsEvidenceToBothAndRaisesNothingNew() {
            List<Alert> alerts = evaluate(enrollment(lesion("L2", "IVa"), lesion("L4", "IVb")),
                    mri("I1", "2025-04-08", present("IVa", "L2", 6.0), present("IVb", "L4", 7.0)),
                    mri("I2", "2025-05-08", present("IV", null, 9.0)));
            List<Alert> dlm = ofType(alerts, DLM_REAPPEARANCE);
            assertThat(dlm).extracting(Alert::lesionIds).containsExactlyInAnyOrder(List.of("L2"), List.of("L4"));
            assertThat(dlm).allSatisfy(a -> assertThat(a.evidence()).extracting(e -> e.refId()).contains("I2"));
        }

        @Test
        void ambiguousFindingOverlappingOneAlertNamesItsOtherCandidatesThere() {
            List<Alert> alerts = evaluate(enrollment(lesion("L2", "IVa"), lesion("L4", "IVb")),
                    mri("I1", "2025-04-08", present("IVa", "L2", 6.0)), mri("I2", "2025-05-08", present("IV", null, 9.0)));
            assertThat(only(alerts, DLM_REAPPEARANCE).lesionIds()).containsExactly("L2", "L4");
        }

        @Test
        void lastConfirmedAbsenceIsShownButPetAbsenceDoesNotCount() {
            Alert a = only(evaluate(enrollment(), mri("I1", "2025-02-01", absent("VII", "L1")),
                    report("P1", "2025-03-01", Modality.PET_CT, absent("VII", "L1")),
                    mri("I2", "2025-04-08", present("VII", "L1", 8.0))), DLM_REAPPEARANCE);
            assertThat(a.evidence()).anySatisfy(e -> {
                assertThat(e.refId()).isEqualTo("I1");
                assertThat(e.note()).contains("last confirmed absent on 2025-02-01");
            });
            assertThat(a.evidence()).noneMatch(e -> e.refId().equals("P1"));
        }

        @Test
        void petPresentStillAlerts() {
            assertThat(types(evaluate(enrollment(), report("X1", "2025-04-08", Modality.PET_CT, present("VII", null, 12.0)))))
                    .containsExactly(DLM_REAPPEARANCE);
        }

        @Test
        void findingsBeforeTheEnrollmentDateDoNotAlert() {
            assertThat(evaluate(enrollment(), mri("I0", "2025-01-05", present("VII", "L1", 8.0)))).isEmpty();
        }
    }

    @Nested
    class NewLesion {

        @Test
        void onePerSegmentWithSegmentFourFolded() {
            List<Alert> alerts = evaluate(enrollment(), mri("I1", "2025-04-08", present("V", null, 8.0), present("IVa", null, 5.0)),
                    mri("I2", "2025-05-08", present("V", null, 10.0), present("IV", null, 7.0), present("VI", null, 4.0)));
            assertThat(ofType(alerts, NEW_LIVER_LESION)).hasSize(3); // V, IV (IVa + IV), VI
        }

        @Test
        void onePerTrackingId() {
            List<Alert> alerts = evaluate(enrollment(), mri("I1", "2025-04-08", present("V", "N1", 8.0), present("V", "N2", 5.0)));
            assertThat(ofType(alerts, NEW_LIVER_LESION)).extracting(Alert::lesionIds)
                    .containsExactlyInAnyOrder(List.of("N1"), List.of("N2"));
        }
    }

    @Nested
    class Equivocal {

        @Test
        void fulfilledByTheNextHepatobiliaryMriOnly() {
            List<Alert> alerts = evaluate(enrollment(),
                    report("I1", "2025-04-08", Modality.MRI_HBP, equivocal("VII", null)),
                    report("I2", "2025-04-20", Modality.CT, absent("VII", null)),
                    report("I3", "2025-04-25", Modality.MRI_ECA),
                    report("I4", "2025-04-28", Modality.PET_CT));
            Alert a = only(alerts, LESION_EQUIVOCAL);
            assertThat(a.status()).isEqualTo(AlertStatus.RAISED);
            assertThat(a.lesionIds()).containsExactly("L1");
            assertThat(a.recommendation()).contains("6-8 weeks").contains("not needed yet");

            List<Alert> later = evaluate(enrollment(),
                    report("I1", "2025-04-08", Modality.MRI_HBP, equivocal("VII", null)),
                    report("I5", "2025-05-25", Modality.MRI_HBP));
            assertThat(only(later, LESION_EQUIVOCAL).status()).isEqualTo(AlertStatus.FULFILLED);
        }

        @Test
        void theSameMriDoesNotFulfilItsOwnRequest() {
            assertThat(only(evaluate(enrollment(), report("I1", "2025-04-08", Modality.MRI_HBP_DWI, equivocal("VII", null))),
                    LESION_EQUIVOCAL).status()).isEqualTo(AlertStatus.RAISED);
        }

        @Test
        void stillEquivocalOnTheRequestedMriIsANewQuestion() {
            List<Alert> alerts = evaluate(enrollment(),
                    report("I1", "2025-04-08", Modality.MRI_HBP, equivocal("VII", null)),
                    report("I2", "2025-04-20", Modality.CT, equivocal("VII", null)),
                    report("I3", "2025-05-25", Modality.MRI_HBP, equivocal("VII", null)));
            List<Alert> eq = ofType(alerts, LESION_EQUIVOCAL);
            assertThat(eq).extracting(Alert::status).containsExactly(AlertStatus.FULFILLED, AlertStatus.RAISED);
            assertThat(eq.get(0).evidence()).extracting(e -> e.refId()).containsExactly("I1", "I2", "I3");
        }
    }

    @Nested
    class NotHbpConfirmed {

        @Test
        void oneAdvisoryPerDlmNotDefinedOnHepatobiliaryMri() {
            List<Alert> alerts = evaluate(enrollment(lesion("L1", "VII", Modality.CT), lesion("L2", "II", Modality.MRI_HBP),
                    lesion("L3", "V", Modality.US)));
            assertThat(ofType(alerts, DLM_NOT_HBP_CONFIRMED)).extracting(Alert::lesionIds)
                    .containsExactlyInAnyOrder(List.of("L1"), List.of("L3"));
            assertThat(alerts).allSatisfy(a -> assertThat(a.eventTime()).isEqualTo(t("2025-01-10T00:00:00Z")));
        }

        @Test
        void aLaterHepatobiliaryConfirmationIsAddedAsEvidenceAndTheAdvisoryStays() {
            Alert a = only(evaluate(enrollment(lesion("L1", "VII", Modality.CT)),
                    report("I1", "2025-03-01", Modality.CT, absent("VII", "L1")),
                    mri("I2", "2025-04-08", absent("VII", "L1"))), DLM_NOT_HBP_CONFIRMED);
            assertThat(a.status()).isEqualTo(AlertStatus.RAISED);
            assertThat(a.evidence()).extracting(e -> e.refId()).containsExactly("L1", "I2");
        }
    }
}
