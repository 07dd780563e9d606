package org.dlmwatch.registry;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.dlmwatch.events.v1.LabResult;
import org.junit.jupiter.api.Test;

/** One field read without decoding the record; anything it cannot read is left to the full decoding. */
class AvroFieldPeekTest {

    private final InMemorySchemaRegistry registry = new InMemorySchemaRegistry();
    private final SpecificAvroSerializer<LabResult> serializer =
            new SpecificAvroSerializer<>(registry, SerdeSettings.defaults().withAutoRegisterSchemas(true));
    private final AvroFieldPeek loinc = new AvroFieldPeek(registry, LabResult.getClassSchema(), "loinc");

    @Test
    void readsTheFieldOfAWireFormatRecord() {
        LabResult haemoglobin = ContractRecords.labResult("P1");
        haemoglobin.setLoinc("718-7");
        assertThat(loinc.peek(serializer.serialize("lab.results.v1", haemoglobin))).contains("718-7");
        assertThat(loinc.peek(serializer.serialize("lab.results.v1", ContractRecords.minimalLabResult())))
                .contains("2039-6");
    }

    @Test
    void readsItFromAnotherWriterSchemaByName() {
        Schema writer = SchemaBuilder.record("LabResult").namespace("org.dlmwatch.events.v1").fields()
                .requiredString("note").requiredString("loinc").requiredLong("extra").endRecord();
        int id = registry.register("other-value", writer);
        GenericRecord record = new GenericData.Record(writer);
        record.put("note", "n");
        record.put("loinc", "2039-6");
        record.put("extra", 7L);
        assertThat(loinc.peek(WireFormat.encode(id, avro(writer, record)))).contains("2039-6");
    }

    @Test
    void leavesEverythingItCannotReadToTheFullDecoding() {
        byte[] valid = serializer.serialize("lab.results.v1", ContractRecords.labResult("P1"));
        assertThat(loinc.peek("{\"loinc\":\"718-7\"}".getBytes(StandardCharsets.UTF_8))).as("not wire format").isEmpty();
        assertThat(loinc.peek(Arrays.copyOf(valid, 9))).as("cut short before the field").isEmpty();
        assertThat(loinc.peek(WireFormat.encode(999, new byte[] {2, 65}))).as("unknown schema id").isEmpty();

        Schema withoutLoinc = SchemaBuilder.record("LabResult").namespace("org.dlmwatch.events.v1").fields()
                .requiredString("resultId").endRecord();
        int id = registry.register("old-value", withoutLoinc);
        GenericRecord old = new GenericData.Record(withoutLoinc);
        old.put("resultId", "R1");
        assertThat(loinc.peek(WireFormat.encode(id, avro(withoutLoinc, old)))).as("writer without the field").isEmpty();
    }

    private static byte[] avro(Schema schema, GenericRecord record) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            BinaryEncoder out = EncoderFactory.get().binaryEncoder(bytes, null);
            new GenericDatumWriter<GenericRecord>(schema).write(record, out);
            out.flush();
            return bytes.toByteArray();
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }
}
