package org.dlmwatch.rules.imaging;

import java.util.ArrayList;
import java.util.List;

import org.dlmwatch.rules.alert.AlertBuilder;
import org.dlmwatch.rules.alert.AlertTexts;
import org.dlmwatch.rules.alert.AlertType;
import org.dlmwatch.rules.alert.Evidence;
import org.dlmwatch.rules.model.DlmLesion;
import org.dlmwatch.rules.model.Enrollment;
import org.dlmwatch.rules.validation.InputValidator;

/**
 * <b>DLM_NOT_HBP_CONFIRMED</b> (low, advisory, at enrollment), clinical-spec §3.2: "a DLM whose
 * disappearance was not established on MRI_HBP or MRI_HBP_DWI. Recommendation: confirm with
 * hepatobiliary MRI; CT-defined DLM regrow far more often."
 *
 * <p>One alert per such DLM, at the enrollment date. It is advisory, not a request, so it stays RAISED
 * for the team to resolve; a later hepatobiliary MRI that shows the DLM absent is added as evidence.
 */
final class DlmNotHbpConfirmedRule {

    static final String RULE_ID = "DlmNotHbpConfirmedRule";

    private DlmNotHbpConfirmedRule() {
    }

    static List<AlertBuilder> alerts(String patientId, Enrollment e, AbsenceLedger ledger) {
        List<AlertBuilder> out = new ArrayList<>(0);
        for (DlmLesion l : e.lesions()) {
            if (l.establishedBy().isHepatobiliaryMri()) {
                continue;
            }
            AlertBuilder b = new AlertBuilder(patientId, AlertType.DLM_NOT_HBP_CONFIRMED,
                    "lesion:" + InputValidator.normalisedLesionId(l.lesionId()), RULE_ID)
                    .eventTime(e.clinicalTime())
                    .lesions(List.of(l.lesionId()))
                    .title("DLM " + l.lesionId() + " (segment " + l.segment().label() + ") was defined on "
                            + l.establishedBy() + ", not on hepatobiliary MRI")
                    .recommendation(AlertTexts.recommendation("Confirm the disappearance with liver MRI with "
                            + "hepatobiliary phase (gadoxetic acid) and DWI: DLM defined on CT or other modalities "
                            + "regrow far more often than DLM defined on hepatobiliary MRI."))
                    .evidence(FindingEvidence.registered(l));
            Evidence confirmed = ledger.firstHepatobiliaryConfirmation(l.lesionId());
            if (confirmed != null) {
                b.evidence(confirmed);
            }
            out.add(b);
        }
        return out;
    }
}
