package org.dlmwatch.rules.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.dlmwatch.rules.Fx.P;
import static org.dlmwatch.rules.Fx.amend;
import static org.dlmwatch.rules.Fx.cea;
import static org.dlmwatch.rules.Fx.enrollment;
import static org.dlmwatch.rules.Fx.mri;
import static org.dlmwatch.rules.Fx.present;
import static org.dlmwatch.rules.Fx.t;

import java.time.Instant;
import java.util.List;

import org.dlmwatch.rules.Fx;
import org.dlmwatch.rules.RuleConfig;
import org.dlmwatch.rules.alert.Alert;
import org.dlmwatch.rules.alert.AlertStatus;
import org.dlmwatch.rules.alert.AlertTexts;
import org.dlmwatch.rules.alert.AlertType;
import org.dlmwatch.rules.model.ImagingReport;
import org.dlmwatch.rules.model.ReportStatus;
import org.dlmwatch.rules.model.ResultStatus;
import org.dlmwatch.rules.validation.ErrorCode;
import org.dlmwatch.rules.validation.RejectedInputException;
import org.junit.jupiter.api.Test;

/** Emitted changes: RAISED, FULFILLED, content changes, RETRACTED, re-RAISED; state round trip. */
class PatientSurveillanceTest {

    private final PatientSurveillance p = PatientSurveillance.create(P, RuleConfig.defaults());

    private List<Alert> lab(Fx.Lab l) {
        var r = l.build();
        return p.onLabResult(r, r.collectedAt());
    }

    private List<Alert> report(ImagingReport r) {
        return p.onImagingReport(r, r.studyAt());
    }

    @Test
    void emitsOnlyChanges() {
        assertThat(p.onEnrollment(enrollment(), t("2025-01-10T12:00:00Z"))).isEmpty();
        assertThat(lab(cea("R1", "2025-01-15", 2.0))).isEmpty();
        List<Alert> raised = lab(cea("R2", "2025-02-15", 6.0));
        assertThat(raised).singleElement().satisfies(a -> {
            assertThat(a.type()).isEqualTo(AlertType.CEA_REPEAT_REQUESTED);
            assertThat(a.status()).isEqualTo(AlertStatus.RAISED);
        });
        assertThat(lab(cea("R2", "2025-02-15", 6.0))).as("duplicate").isEmpty();
        List<Alert> next = lab(cea("R3", "2025-03-01", 6.5));
        assertThat(next).extracting(Alert::type, Alert::status).containsExactlyInAnyOrder(
                org.assertj.core.groups.Tuple.tuple(AlertType.CEA_REPEAT_REQUESTED, AlertStatus.FULFILLED),
                org.assertj.core.groups.Tuple.tuple(AlertType.CEA_ELEVATED_CONFIRMED, AlertStatus.RAISED),
                org.assertj.core.groups.Tuple.tuple(AlertType.CEA_CONSECUTIVE_RISE, AlertStatus.RAISED));
        assertThat(next.get(0).alertId()).isEqualTo(raised.get(0).alertId());
    }

    @Test
    void moreEvidenceReEmitsTheSameIdWithTheSameStatus() {
        p.onEnrollment(enrollment(), t("2025-01-10T12:00:00Z"));
        Alert first = report(mri("I1", "2025-04-08", present("VII", "L1", 8.0))).get(0);
        List<Alert> again = report(mri("I2", "2025-05-08", present("VII", "L1", 11.0)));
        assertThat(again).singleElement().satisfies(a -> {
            assertThat(a.alertId()).isEqualTo(first.alertId());
            assertThat(a.status()).isEqualTo(AlertStatus.RAISED);
            assertThat(a.evidence()).hasSizeGreaterThan(first.evidence().size());
        });
    }

    @Test
    void aCorrectionRetractsAndACorrectionBackRaisesAgain() {
        p.onEnrollment(enrollment(), t("2025-01-10T12:00:00Z"));
        lab(cea("R1", "2025-01-15", 2.0));
        String id = lab(cea("R2", "2025-02-15", 6.0)).get(0).alertId();
        List<Alert> retracted = lab(cea("R2", "2025-02-15", 2.1).status(ResultStatus.CORRECTED).resulted("2025-02-20"));
        assertThat(retracted).singleElement().satisfies(a -> {
            assertThat(a.alertId()).isEqualTo(id);
            assertThat(a.status()).isEqualTo(AlertStatus.RETRACTED);
            assertThat(a.title()).startsWith("Retracted: ");
            assertThat(a.recommendation()).endsWith(AlertTexts.DECISION_SUPPORT);
        });
        assertThat(p.onClock(t("2025-02-21"))).isEmpty(); // a retraction is emitted once
        List<Alert> again = lab(cea("R2", "2025-02-15", 6.1).status(ResultStatus.CORRECTED).resulted("2025-02-22"));
        assertThat(again).singleElement().satisfies(a -> {
            assertThat(a.alertId()).isEqualTo(id);
            assertThat(a.status()).isEqualTo(AlertStatus.RAISED);
        });
    }

    @Test
    void amendedAndCancelledReportsRetract() {
        p.onEnrollment(enrollment(), t("2025-01-10T12:00:00Z"));
        ImagingReport r = mri("I1", "2025-04-08", present("VII", null, 8.0));
        report(r);
        List<Alert> changes = report(amend(r, ReportStatus.AMENDED, "2025-04-09T00:00:00Z", present("VIII", null, 8.0)));
        assertThat(changes).extracting(Alert::type, Alert::status).containsExactlyInAnyOrder(
                org.assertj.core.groups.Tuple.tuple(AlertType.DLM_REAPPEARANCE, AlertStatus.RETRACTED),
                org.assertj.core.groups.Tuple.tuple(AlertType.NEW_LIVER_LESION, AlertStatus.RAISED));
        assertThat(report(amend(r, ReportStatus.CANCELLED, "2025-04-10T00:00:00Z")))
                .extracting(Alert::type, Alert::status)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(AlertType.NEW_LIVER_LESION, AlertStatus.RETRACTED));
    }

    @Test
    void endedEnrollmentRetractsAlertsAfterTheEndAndKeepsEarlierOnes() {
        p.onEnrollment(enrollment(), t("2025-01-10T12:00:00Z"));
        lab(cea("R1", "2025-01-15", 2.0));
        lab(cea("R2", "2025-02-15", 6.0));
        report(mri("I1", "2025-04-08", present("VII", "L1", 8.0)));
        List<Alert> changes = p.onEnrollment(Fx.ended(enrollment(), "2025-03-01T00:00:00Z"), t("2025-04-08"));
        assertThat(changes).extracting(Alert::type, Alert::status)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(AlertType.DLM_REAPPEARANCE, AlertStatus.RETRACTED));
        assertThat(lab(cea("R3", "2025-04-15", 12.0))).extracting(Alert::type, Alert::status)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(AlertType.CEA_REPEAT_REQUESTED, AlertStatus.FULFILLED));
    }

    @Test
    void overdueIsRaisedByTheClockAndFulfilledByTheExam() {
        p.onEnrollment(enrollment(), t("2025-01-10T12:00:00Z"));
        for (int m = 0; m < 4; m++) { // monthly CEA to 15 April: only the MRI can fall overdue
            lab(cea("C" + m, Fx.ENROLLED.plusDays(5).plusMonths(m).toString(), 2.0));
        }
        assertThat(p.onClock(t("2025-05-10T00:00:00Z"))).isEmpty();
        List<Alert> overdue = p.onClock(t("2025-05-10T00:00:01Z"));
        assertThat(overdue).singleElement().extracting(Alert::type, Alert::status)
                .containsExactly(AlertType.SURVEILLANCE_OVERDUE, AlertStatus.RAISED);
        assertThat(p.onClock(t("2025-05-11T00:00:00Z"))).isEmpty();
        assertThat(p.onClock(t("2025-05-01T00:00:00Z"))).as("the clock never goes back").isEmpty();
        assertThat(report(mri("I1", "2025-05-20"))).singleElement().satisfies(a -> {
            assertThat(a.alertId()).isEqualTo(overdue.get(0).alertId());
            assertThat(a.status()).isEqualTo(AlertStatus.FULFILLED);
        });
    }

    @Test
    void historyBeforeTheEnrollmentAlertsWhenItArrives() {
        lab(cea("R1", "2025-01-15", 2.0));
        assertThat(lab(cea("R2", "2025-02-15", 6.0))).isEmpty();
        assertThat(p.onEnrollment(enrollment(), t("2025-02-16"))).extracting(Alert::type)
                .containsExactly(AlertType.CEA_REPEAT_REQUESTED);
    }

    @Test
    void unusableInputIsRejectedAndLeavesTheStateUntouched() {
        p.onEnrollment(enrollment(), t("2025-01-10T12:00:00Z"));
        PatientState before = p.state();
        assertThatThrownBy(() -> lab(cea("R1", "2025-01-15", 9.0).unit("IU/mL")))
                .isInstanceOfSatisfying(RejectedInputException.class,
                        e -> assertThat(e.rejection().code()).isEqualTo(ErrorCode.UNKNOWN_UNIT));
        assertThat(p.state()).isEqualTo(before);
        assertThat(lab(cea("R2", "2025-01-15", 9.0).loinc("2345-7"))).as("not CEA: ignored").isEmpty();
        assertThatThrownBy(() -> p.onLabResult(cea("R3", "2025-01-15", 2.0).patient("P2").build(), t("2025-01-15")))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void stateRoundTripBehavesIdentically() {
        p.onEnrollment(enrollment(), t("2025-01-10T12:00:00Z"));
        lab(cea("R1", "2025-01-15", 2.0));
        lab(cea("R2", "2025-02-15", 6.0));
        lab(cea("R2", "2025-02-15", 2.2).status(ResultStatus.CORRECTED).resulted("2025-02-20"));
        report(mri("I1", "2025-04-08", present("VII", "L1", 8.0)));
        lab(cea("R9", "2025-03-15", 1.0).status(ResultStatus.CANCELLED).value(null).unit(null));

        PatientState state = p.state();
        PatientSurveillance copy = PatientSurveillance.fromState(state, RuleConfig.defaults());
        assertThat(copy.state()).isEqualTo(state);
        assertThat(state.emitted()).extracting(EmittedAlert::status).contains(AlertStatus.RETRACTED, AlertStatus.RAISED);

        var next = cea("R3", "2025-04-15", 9.0).build();
        Instant clock = t("2025-06-01");
        assertThat(copy.onLabResult(next, clock)).isEqualTo(p.onLabResult(next, clock));
        assertThat(copy.state()).isEqualTo(p.state());
    }

    @Test
    void idsAreDeterministicAndDoNotRevealThePatient() {
        PatientSurveillance other = PatientSurveillance.create(P, RuleConfig.defaults());
        for (PatientSurveillance s : List.of(p, other)) {
            s.onEnrollment(enrollment(), t("2025-01-10T12:00:00Z"));
            s.onLabResult(cea("R1", "2025-01-15", 2.0).build(), t("2025-01-15"));
        }
        Alert a = p.onLabResult(cea("R2", "2025-02-15", 6.0).build(), t("2025-02-15")).get(0);
        Alert b = other.onLabResult(cea("R2", "2025-02-15", 6.0).build(), t("2025-02-15")).get(0);
        assertThat(a.alertId()).isEqualTo(b.alertId()).matches("A-[0-9a-f]{32}").doesNotContain(P);
    }
}
