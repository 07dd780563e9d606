package org.dlmwatch.engine.patient;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;
import org.dlmwatch.engine.mapping.ContractMapping;
import org.dlmwatch.events.v1.Enrollment;
import org.dlmwatch.events.v1.ImagingReport;
import org.dlmwatch.events.v1.LabResult;
import org.dlmwatch.rules.alert.AlertStatus;
import org.dlmwatch.rules.alert.AlertType;
import org.dlmwatch.rules.lifecycle.EmittedAlert;
import org.dlmwatch.rules.lifecycle.PatientState;

/**
 * Encodes one patient's {@link PatientState} for the state store and its changelog: Avro binary,
 * the history entries in the contract's own record encoding ({@link HistoryEntryEncoding}), the
 * emitted-alert memory field by field. A header holds a fingerprint of the contract schemas, so
 * that state written under another contract version is refused loudly (rebuild it with an
 * application reset) rather than misread.
 */
public final class PatientStateSerde implements Serde<PatientState> {

    static final long FORMAT = formatFingerprint();

    // per thread and reused: the state is encoded at every event
    private static final ThreadLocal<ReusedEncoder> STATE_ENCODERS =
            ThreadLocal.withInitial(() -> new ReusedEncoder(4096));
    private static final ThreadLocal<ReusedEncoder> ENTRY_ENCODERS =
            ThreadLocal.withInitial(() -> new ReusedEncoder(256));
    private static final int REMEMBERED_ENTRIES = 65_536;
    private static final ThreadLocal<IdentityHashMap<Object, byte[]>> ENTRY_BYTES =
            ThreadLocal.withInitial(IdentityHashMap::new);

    private final SpecificDatumWriter<Enrollment> enrollmentWriter = new SpecificDatumWriter<>(Enrollment.class);
    private final SpecificDatumReader<Enrollment> enrollmentReader = new SpecificDatumReader<>(Enrollment.class);
    private final SpecificDatumReader<LabResult> labReader = new SpecificDatumReader<>(LabResult.class);
    private final SpecificDatumReader<ImagingReport> reportReader = new SpecificDatumReader<>(ImagingReport.class);

    @Override
    public Serializer<PatientState> serializer() {
        return (topic, state) -> state == null ? null : encode(state);
    }

    @Override
    public Deserializer<PatientState> deserializer() {
        return (topic, bytes) -> bytes == null ? null : decode(bytes);
    }

    public byte[] encode(PatientState state) {
        try {
            return STATE_ENCODERS.get().encode(out -> {
                out.writeLong(FORMAT);
                out.writeString(state.patientId());
                if (state.enrollment() == null) {
                    out.writeBoolean(false);
                } else {
                    out.writeBoolean(true);
                    out.writeFixed(remembered(state.enrollment(),
                            e -> enrollmentWriter.write(ContractMapping.toContract(state.enrollment()), e)));
                }
                out.writeInt(state.labResults().size());
                for (var result : state.labResults()) {
                    out.writeFixed(remembered(result, e -> HistoryEntryEncoding.write(result, e)));
                }
                out.writeInt(state.reports().size());
                for (var report : state.reports()) {
                    out.writeFixed(remembered(report, e -> HistoryEntryEncoding.write(report, e)));
                }
                out.writeInt(state.emitted().size());
                for (EmittedAlert alert : state.emitted()) {
                    writeEmitted(alert, out);
                }
                writeNullableInstant(state.clock(), out);
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private interface Writing {
        void to(BinaryEncoder out) throws IOException;
    }

    /** A buffer and a buffered encoder over it, reused by one thread. */
    private static final class ReusedEncoder {

        private final ByteArrayOutputStream buffer;
        private BinaryEncoder encoder;

        ReusedEncoder(int initialSize) {
            this.buffer = new ByteArrayOutputStream(initialSize);
        }

        byte[] encode(Writing writing) throws IOException {
            buffer.reset();
            // buffered: the direct encoder writes to the stream call by call, which costs more than the encoding
            encoder = EncoderFactory.get().binaryEncoder(buffer, encoder);
            writing.to(encoder);
            encoder.flush();
            return buffer.toByteArray();
        }
    }

    /**
     * The encoding of one history entry, remembered by identity: the state is written at every event,
     * and all its entries but the new one are the same (immutable) objects as the time before. Avro's
     * binary encoding of a record is the concatenation of its fields, so an entry's own encoding is
     * its encoding inside the state. Bounded: past {@link #REMEMBERED_ENTRIES} the thread forgets
     * them all and encodes again what it meets.
     */
    private static byte[] remembered(Object entry, Writing writing) throws IOException {
        IdentityHashMap<Object, byte[]> remembered = ENTRY_BYTES.get();
        byte[] bytes = remembered.get(entry);
        if (bytes == null) {
            bytes = ENTRY_ENCODERS.get().encode(writing);
            if (remembered.size() >= REMEMBERED_ENTRIES) {
                remembered.clear();
            }
            remembered.put(entry, bytes);
        }
        return bytes;
    }

    public PatientState decode(byte[] bytes) {
        BinaryDecoder in = DecoderFactory.get().binaryDecoder(bytes, null);
        try {
            long format = in.readLong();
            if (format != FORMAT) {
                throw new IllegalStateException("patient state was written under another contract version ("
                        + Long.toHexString(format) + "); rebuild the state with an application reset");
            }
            String patientId = in.readString();
            var enrollment = in.readBoolean() ? ContractMapping.toDomain(enrollmentReader.read(null, in)) : null;
            int labCount = in.readInt();
            List<org.dlmwatch.rules.model.LabResult> labs = new ArrayList<>(labCount);
            for (int i = 0; i < labCount; i++) {
                labs.add(ContractMapping.toDomain(labReader.read(null, in)));
            }
            int reportCount = in.readInt();
            List<org.dlmwatch.rules.model.ImagingReport> reports = new ArrayList<>(reportCount);
            for (int i = 0; i < reportCount; i++) {
                reports.add(ContractMapping.toDomain(reportReader.read(null, in)));
            }
            int emittedCount = in.readInt();
            List<EmittedAlert> emitted = new ArrayList<>(emittedCount);
            for (int i = 0; i < emittedCount; i++) {
                emitted.add(readEmitted(in));
            }
            return new PatientState(patientId, enrollment, labs, reports, emitted, readNullableInstant(in));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void writeEmitted(EmittedAlert alert, BinaryEncoder out) throws IOException {
        out.writeString(alert.alertId());
        out.writeString(alert.type().name());
        out.writeString(alert.status().name());
        out.writeString(alert.fingerprint());
        writeNullableInstant(alert.eventTime(), out);
        out.writeInt(alert.lesionIds().size());
        for (String lesionId : alert.lesionIds()) {
            out.writeString(lesionId);
        }
        writeNullableString(alert.title(), out);
        writeNullableString(alert.ruleId(), out);
    }

    private static EmittedAlert readEmitted(BinaryDecoder in) throws IOException {
        String alertId = in.readString();
        AlertType type = AlertType.valueOf(in.readString());
        AlertStatus status = AlertStatus.valueOf(in.readString());
        String fingerprint = in.readString();
        Instant eventTime = readNullableInstant(in);
        int lesionCount = in.readInt();
        List<String> lesionIds = new ArrayList<>(lesionCount);
        for (int i = 0; i < lesionCount; i++) {
            lesionIds.add(in.readString());
        }
        return new EmittedAlert(alertId, type, status, fingerprint, eventTime, lesionIds,
                readNullableString(in), readNullableString(in));
    }

    private static void writeNullableInstant(Instant value, BinaryEncoder out) throws IOException {
        out.writeBoolean(value != null);
        if (value != null) {
            out.writeLong(value.toEpochMilli());
        }
    }

    private static Instant readNullableInstant(BinaryDecoder in) throws IOException {
        return in.readBoolean() ? Instant.ofEpochMilli(in.readLong()) : null;
    }

    private static void writeNullableString(String value, BinaryEncoder out) throws IOException {
        out.writeBoolean(value != null);
        if (value != null) {
            out.writeString(value);
        }
    }

    private static String readNullableString(BinaryDecoder in) throws IOException {
        return in.readBoolean() ? in.readString() : null;
    }

    private static long formatFingerprint() {
        long fingerprint = 1; // bump to change the layout above
        for (Schema schema : List.of(Enrollment.getClassSchema(), LabResult.getClassSchema(),
                ImagingReport.getClassSchema())) {
            fingerprint = 31 * fingerprint + SchemaNormalization.parsingFingerprint64(schema);
        }
        return fingerprint;
    }
}
