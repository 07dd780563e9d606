package org.dlmwatch.engine.patient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.dlmwatch.rules.Fx.absent;
import static org.dlmwatch.rules.Fx.cea;
import static org.dlmwatch.rules.Fx.enrollment;
import static org.dlmwatch.rules.Fx.lesion;
import static org.dlmwatch.rules.Fx.mri;
import static org.dlmwatch.rules.Fx.present;
import static org.dlmwatch.rules.Fx.t;

import java.io.ByteArrayOutputStream;
import java.time.Instant;
import java.util.List;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumWriter;
import org.dlmwatch.engine.mapping.ContractMapping;
import org.dlmwatch.rules.RuleConfig;
import org.dlmwatch.rules.model.FindingStatus;
import org.dlmwatch.rules.model.ImagingReport;
import org.dlmwatch.rules.model.LabResult;
import org.dlmwatch.rules.model.LesionFinding;
import org.dlmwatch.rules.model.Modality;
import org.dlmwatch.rules.model.ReportStatus;
import org.dlmwatch.rules.model.ResultStatus;
import org.dlmwatch.rules.model.Segment;
import org.dlmwatch.rules.lifecycle.PatientState;
import org.dlmwatch.rules.lifecycle.PatientSurveillance;
import org.junit.jupiter.api.Test;

/** The state store's encoding of a patient: it round-trips, and remembered entries encode as fresh ones. */
class PatientStateSerdeTest {

    private final PatientStateSerde serde = new PatientStateSerde();

    @Test
    void aStateRoundTripsAndEncodesAlikeEveryTime() {
        PatientSurveillance patient = PatientSurveillance.create("P1", RuleConfig.defaults());
        patient.onEnrollment(enrollment(lesion("L1", "VII"), lesion("L2", "IVa")), t("2025-01-10"));
        patient.onLabResult(cea("R1", "2025-02-01", 2.0).build(), t("2025-02-01"));
        patient.onImagingReport(mri("I1", "2025-04-01", absent("VII", "L1")), t("2025-04-01"));
        patient.onLabResult(cea("R2", "2025-04-01", 9.5).ref(5.0).method("Roche").build(), t("2025-04-01"));
        patient.onImagingReport(mri("I2", "2025-07-01", present("VII", "L1", 8.0)), t("2025-07-01"));
        PatientState state = patient.state();
        assertThat(state.emitted()).as("the patient has alerts to remember").isNotEmpty();

        byte[] first = serde.encode(state);
        byte[] again = serde.encode(state);
        patient.onLabResult(cea("R3", "2025-07-02", 12.0).build(), t("2025-07-02"));
        byte[] grown = serde.encode(patient.state());

        assertThat(again).as("entries' encodings remembered").isEqualTo(first);
        assertThat(serde.decode(first)).isEqualTo(state);
        assertThat(serde.decode(grown)).isEqualTo(patient.state());
        // decoded entries are equal but new objects: encoded afresh, not remembered
        assertThat(serde.encode(serde.decode(first))).as("encoded afresh").isEqualTo(first);
        assertThat(serde.encode(serde.decode(grown))).as("encoded afresh, grown state").isEqualTo(grown);
    }

    /** Every optional field present and absent, every enum constant: byte for byte Avro's own encoding. */
    @Test
    void historyEntriesAreWrittenExactlyAsAvroWritesTheContractRecord() throws Exception {
        Instant at = Instant.parse("2025-03-01T08:00:00.123Z");
        for (ResultStatus status : ResultStatus.values()) {
            assertSameBytes(new LabResult("R1", "P1", "2039-6", 4.25, null, "ng/mL", null, status, at, at.plusSeconds(60),
                    null, null, "lab-a"));
            assertSameBytes(new LabResult("R2", "P1", "2039-6", 0.5, "<", "µg/L", 5.0, status, at, at, "Roche Elecsys",
                    "Lab Nord", "lab-b"));
            assertSameBytes(new LabResult("R3", "P1", "718-7", null, null, null, null, status, at, at, null, null, "x"));
        }
        for (Modality modality : Modality.values()) {
            for (ReportStatus status : ReportStatus.values()) {
                assertSameBytes(new ImagingReport("I1", "P1", at, modality, status, List.of(), at.plusSeconds(3600), "ris"));
                assertSameBytes(new ImagingReport("I2", "P1", at, modality, status, List.of(
                        new LesionFinding("L1", Segment.parse("VII"), 8.5, FindingStatus.PRESENT),
                        new LesionFinding(null, Segment.parse("IVa"), null, FindingStatus.ABSENT),
                        new LesionFinding("N1", Segment.parse("II"), null, FindingStatus.EQUIVOCAL)), at, "ris-a"));
            }
        }
    }

    private static void assertSameBytes(LabResult r) throws Exception {
        assertThat(encoded(out -> HistoryEntryEncoding.write(r, out)))
                .isEqualTo(encoded(out -> new SpecificDatumWriter<>(org.dlmwatch.events.v1.LabResult.class)
                        .write(ContractMapping.toContract(r), out)));
    }

    private static void assertSameBytes(ImagingReport r) throws Exception {
        assertThat(encoded(out -> HistoryEntryEncoding.write(r, out)))
                .isEqualTo(encoded(out -> new SpecificDatumWriter<>(org.dlmwatch.events.v1.ImagingReport.class)
                        .write(ContractMapping.toContract(r), out)));
    }

    private interface Writing {
        void to(BinaryEncoder out) throws Exception;
    }

    private static byte[] encoded(Writing writing) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        BinaryEncoder out = EncoderFactory.get().binaryEncoder(bytes, null);
        writing.to(out);
        out.flush();
        return bytes.toByteArray();
    }

    @Test
    void stateWrittenUnderAnotherContractVersionIsRefused() {
        byte[] bytes = serde.encode(PatientSurveillance.create("P1", RuleConfig.defaults()).state());
        bytes[0] ^= 0x02; // the format fingerprint comes first
        assertThatThrownBy(() -> serde.decode(bytes)).hasMessageContaining("application reset");
    }
}
