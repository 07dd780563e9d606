package org.dlmwatch.engine.patient;

import java.io.IOException;
import org.apache.avro.io.Encoder;
import org.dlmwatch.rules.model.ImagingReport;
import org.dlmwatch.rules.model.LabResult;
import org.dlmwatch.rules.model.LesionFinding;

/**
 * Writes a lab result or an imaging report of a patient's history straight from the domain model, in
 * exactly the Avro binary encoding of the contract's record ({@code LabResult.avsc},
 * {@code ImagingReport.avsc}), so that the contract's own reader reads it back. The state is written
 * at every event, and mapping each entry to a contract object for Avro's generic writer cost a third
 * of the engine's work per event. {@code PatientStateSerdeTest} checks these bytes against Avro's
 * writer; a contract change changes the state format's fingerprint and fails that test until this
 * class follows.
 */
final class HistoryEntryEncoding {

    // union branches of ["null", T]
    private static final int NULL = 0;
    private static final int PRESENT = 1;

    private static final int[] RESULT_STATUS = ordinals(org.dlmwatch.rules.model.ResultStatus.values(),
            org.dlmwatch.events.v1.ResultStatus.class);
    private static final int[] MODALITY = ordinals(org.dlmwatch.rules.model.Modality.values(),
            org.dlmwatch.events.v1.Modality.class);
    private static final int[] REPORT_STATUS = ordinals(org.dlmwatch.rules.model.ReportStatus.values(),
            org.dlmwatch.events.v1.ReportStatus.class);
    private static final int[] FINDING_STATUS = ordinals(org.dlmwatch.rules.model.FindingStatus.values(),
            org.dlmwatch.events.v1.FindingStatus.class);

    private HistoryEntryEncoding() {}

    static void write(LabResult r, Encoder out) throws IOException {
        out.writeString(r.resultId());
        out.writeString(r.patientId());
        out.writeString(r.loinc());
        writeNullable(r.value(), out);
        writeNullable(r.comparator(), out);
        writeNullable(r.unit(), out);
        writeNullable(r.referenceHigh(), out);
        out.writeEnum(RESULT_STATUS[r.status().ordinal()]);
        out.writeLong(r.collectedAt().toEpochMilli());
        out.writeLong(r.resultedAt().toEpochMilli());
        writeNullable(r.method(), out);
        writeNullable(r.performingLab(), out);
        out.writeString(r.sourceSystem());
    }

    static void write(ImagingReport r, Encoder out) throws IOException {
        out.writeString(r.reportId());
        out.writeString(r.patientId());
        out.writeLong(r.studyAt().toEpochMilli());
        out.writeEnum(MODALITY[r.modality().ordinal()]);
        out.writeEnum(REPORT_STATUS[r.status().ordinal()]);
        out.writeArrayStart();
        out.setItemCount(r.findings().size());
        for (LesionFinding f : r.findings()) {
            out.startItem();
            writeNullable(f.trackingId(), out);
            out.writeString(f.segment().label());
            writeNullable(f.sizeMm(), out);
            out.writeEnum(FINDING_STATUS[f.status().ordinal()]);
        }
        out.writeArrayEnd();
        out.writeLong(r.reportedAt().toEpochMilli());
        out.writeString(r.sourceSystem());
    }

    private static void writeNullable(String value, Encoder out) throws IOException {
        if (value == null) {
            out.writeIndex(NULL);
        } else {
            out.writeIndex(PRESENT);
            out.writeString(value);
        }
    }

    private static void writeNullable(Double value, Encoder out) throws IOException {
        if (value == null) {
            out.writeIndex(NULL);
        } else {
            out.writeIndex(PRESENT);
            out.writeDouble(value);
        }
    }

    /** For each domain constant, the position of the same-named symbol in the contract's enum. */
    private static <E extends Enum<E>> int[] ordinals(Enum<?>[] domain, Class<E> contract) {
        int[] ordinals = new int[domain.length];
        for (Enum<?> d : domain) {
            ordinals[d.ordinal()] = Enum.valueOf(contract, d.name()).ordinal();
        }
        return ordinals;
    }
}
