package org.dlmwatch.rules;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.dlmwatch.rules.alert.Alert;
import org.dlmwatch.rules.alert.AlertStatus;
import org.dlmwatch.rules.alert.AlertType;
import org.dlmwatch.rules.history.PatientHistory;
import org.dlmwatch.rules.model.ClinicalEvent;
import org.dlmwatch.rules.model.DlmLesion;
import org.dlmwatch.rules.model.EndReason;
import org.dlmwatch.rules.model.Enrollment;
import org.dlmwatch.rules.model.EnrollmentStatus;
import org.dlmwatch.rules.model.FindingStatus;
import org.dlmwatch.rules.model.ImagingReport;
import org.dlmwatch.rules.model.LabResult;
import org.dlmwatch.rules.model.LesionFinding;
import org.dlmwatch.rules.model.Modality;
import org.dlmwatch.rules.model.ReportStatus;
import org.dlmwatch.rules.model.ResultStatus;
import org.dlmwatch.rules.model.Segment;

/**
 * Test fixtures: one patient enrolled on 2025-01-10 with DLM L1 in segment VII (hepatobiliary MRI),
 * last chemotherapy long enough ago that every value from enrollment on is eligible. Dates are given
 * as "YYYY-MM-DD" (CEA drawn 08:00 UTC, MRI at 10:00 UTC) or full ISO instants.
 */
public final class Fx {

    public static final String P = "P1";
    public static final LocalDate ENROLLED = LocalDate.parse("2025-01-10");
    public static final RuleConfig CONFIG = RuleConfig.defaults();

    private Fx() {
    }

    public static Instant t(String dateOrInstant) {
        return dateOrInstant.length() == 10 ? Instant.parse(dateOrInstant + "T08:00:00Z") : Instant.parse(dateOrInstant);
    }

    // ---- enrollment -------------------------------------------------------------------------------------

    public static DlmLesion lesion(String id, String segment) {
        return lesion(id, segment, Modality.MRI_HBP_DWI);
    }

    public static DlmLesion lesion(String id, String segment, Modality by) {
        return new DlmLesion(id, Segment.parse(segment), 14.0, LocalDate.parse("2024-12-20"), by);
    }

    public static Enrollment enrollment(DlmLesion... lesions) {
        return new Enrollment(P, ENROLLED, LocalDate.parse("2024-11-15"),
                lesions.length == 0 ? List.of(lesion("L1", "VII")) : Arrays.asList(lesions), false, false,
                EnrollmentStatus.ACTIVE, null, t("2025-01-10T12:00:00Z"));
    }

    public static Enrollment withChemo(Enrollment e, String lastDose) {
        return new Enrollment(e.patientId(), e.enrolledOn(), LocalDate.parse(lastDose), e.lesions(), e.smoker(),
                e.chronicLiverDisease(), e.status(), e.endReason(), e.updatedAt());
    }

    public static Enrollment withFlags(Enrollment e, boolean smoker, boolean liver) {
        return new Enrollment(e.patientId(), e.enrolledOn(), e.lastChemoDoseOn(), e.lesions(), smoker, liver,
                e.status(), e.endReason(), e.updatedAt());
    }

    public static Enrollment ended(Enrollment e, String at) {
        return new Enrollment(e.patientId(), e.enrolledOn(), e.lastChemoDoseOn(), e.lesions(), e.smoker(),
                e.chronicLiverDisease(), EnrollmentStatus.ENDED, EndReason.RESECTED, t(at));
    }

    // ---- CEA ---------------------------------------------------------------------------------------------

    public static Lab cea(String id, String date, double value) {
        return new Lab(id, date, value);
    }

    /** A fluent lab result. */
    public static final class Lab {
        private final String id;
        private final String date;
        private Double value;
        private String unit = "ng/mL";
        private String comparator;
        private Double referenceHigh;
        private ResultStatus status = ResultStatus.FINAL;
        private String resultedAt;
        private String method;
        private String loinc = "2039-6";
        private String patient = P;

        Lab(String id, String date, Double value) {
            this.id = id;
            this.date = date;
            this.value = value;
        }

        public Lab unit(String u) { this.unit = u; return this; }
        public Lab censored(String c) { this.comparator = c; return this; }
        public Lab ref(double high) { this.referenceHigh = high; return this; }
        public Lab status(ResultStatus s) { this.status = s; return this; }
        public Lab resulted(String at) { this.resultedAt = at; return this; }
        public Lab method(String m) { this.method = m; return this; }
        public Lab loinc(String l) { this.loinc = l; return this; }
        public Lab value(Double v) { this.value = v; return this; }
        public Lab patient(String p) { this.patient = p; return this; }

        public LabResult build() {
            Instant collected = t(date);
            Instant resulted = resultedAt == null ? collected.plusSeconds(6 * 3600) : t(resultedAt);
            return new LabResult(id, patient, loinc, value, comparator, unit, referenceHigh, status, collected, resulted,
                    method, null, "lab-a");
        }
    }

    // ---- imaging -----------------------------------------------------------------------------------------

    public static LesionFinding present(String segment, String trackingId, Double size) {
        return new LesionFinding(trackingId, Segment.parse(segment), size, FindingStatus.PRESENT);
    }

    public static LesionFinding absent(String segment, String trackingId) {
        return new LesionFinding(trackingId, Segment.parse(segment), null, FindingStatus.ABSENT);
    }

    public static LesionFinding equivocal(String segment, String trackingId) {
        return new LesionFinding(trackingId, Segment.parse(segment), 4.0, FindingStatus.EQUIVOCAL);
    }

    public static ImagingReport mri(String id, String date, LesionFinding... findings) {
        return report(id, date, Modality.MRI_HBP_DWI, findings);
    }

    public static ImagingReport report(String id, String date, Modality modality, LesionFinding... findings) {
        Instant study = date.length() == 10 ? Instant.parse(date + "T10:00:00Z") : Instant.parse(date);
        return new ImagingReport(id, P, study, modality, ReportStatus.FINAL, Arrays.asList(findings),
                study.plusSeconds(6 * 3600), "ris-a");
    }

    public static ImagingReport amend(ImagingReport r, ReportStatus status, String reportedAt, LesionFinding... findings) {
        return new ImagingReport(r.reportId(), r.patientId(), r.studyAt(), r.modality(), status, Arrays.asList(findings),
                t(reportedAt), r.sourceSystem());
    }

    // ---- evaluation --------------------------------------------------------------------------------------

    /** The corrected history of the given events (lab builders are built). */
    public static PatientHistory history(Object... events) {
        return history(CONFIG, events);
    }

    public static PatientHistory history(RuleConfig config, Object... events) {
        PatientHistory h = new PatientHistory(P, config);
        for (ClinicalEvent e : events(events)) {
            if (e instanceof Enrollment en) {
                h.apply(en);
            } else if (e instanceof LabResult r) {
                h.apply(r);
            } else {
                h.apply((ImagingReport) e);
            }
        }
        return h;
    }

    public static List<ClinicalEvent> events(Object... events) {
        List<ClinicalEvent> out = new ArrayList<>();
        for (Object o : events) {
            out.add(o instanceof Lab l ? l.build() : (ClinicalEvent) o);
        }
        return out;
    }

    /** Every alert of the history, judged at {@code asOf} (null: no overdue judgement). */
    public static List<Alert> evaluate(RuleConfig config, String asOf, Object... events) {
        return new SurveillanceRules(config).evaluate(history(config, events), asOf == null ? null : t(asOf));
    }

    public static List<Alert> evaluate(Object... events) {
        return evaluate(CONFIG, null, events);
    }

    public static List<Alert> ofType(List<Alert> alerts, AlertType type) {
        return alerts.stream().filter(a -> a.type() == type).toList();
    }

    public static Alert only(List<Alert> alerts, AlertType type) {
        List<Alert> of = ofType(alerts, type);
        if (of.size() != 1) {
            throw new AssertionError("expected exactly one " + type + " but got " + of.size() + ": " + alerts);
        }
        return of.get(0);
    }

    public static List<AlertType> types(List<Alert> alerts) {
        return alerts.stream().map(Alert::type).toList();
    }

    public static List<AlertType> types(List<Alert> alerts, AlertStatus status) {
        return alerts.stream().filter(a -> a.status() == status).map(Alert::type).toList();
    }
}
