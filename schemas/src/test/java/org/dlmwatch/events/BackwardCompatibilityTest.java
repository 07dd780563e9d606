package org.dlmwatch.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityType;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Keeps every record of the contract BACKWARD compatible with each released version in
 * {@code schemas/released/<Record>/vN.avsc}: a consumer built from the current schema must read
 * everything producers of a released version wrote. A change that would break running consumers
 * fails the build here, before it reaches the registry.
 */
class BackwardCompatibilityTest {

    private static final Path RELEASED = Path.of("released");

    @TestFactory
    Stream<DynamicTest> currentSchemaReadsEveryReleasedVersion() throws IOException {
        return releasedFiles().map(file -> DynamicTest.dynamicTest(RELEASED.relativize(file).toString(), () -> {
            Schema released = parse(file);
            Schema current = current(released.getName());
            assertThat(incompatibilities(current, released))
                    .as("%s is not BACKWARD compatible with %s", current.getFullName(), file)
                    .isEmpty();
        }));
    }

    @Test
    void everyTopLevelRecordHasAReleasedVersion() {
        for (Schema schema : EventSchemas.TOP_LEVEL) {
            assertThat(RELEASED.resolve(schema.getName()).resolve("v1.avsc"))
                    .as("released version of %s", schema.getName())
                    .exists();
        }
    }

    @Test
    void aNewRequiredFieldWithoutDefaultIsRejected() throws IOException {
        Schema released = parse(RELEASED.resolve("Enrollment/v1.avsc"));
        Schema incompatible = parseResource("/incompatible/Enrollment-required-field-added.avsc");

        assertThat(incompatibilities(incompatible, released))
                .anySatisfy(message -> assertThat(message).contains("READER_FIELD_MISSING_DEFAULT"));
    }

    @Test
    void aRemovedEnumSymbolIsRejected() throws IOException {
        Schema released = parse(RELEASED.resolve("LabResult/v1.avsc"));
        Schema incompatible = parseResource("/incompatible/LabResult-enum-symbol-removed.avsc");

        assertThat(incompatibilities(incompatible, released))
                .anySatisfy(message -> assertThat(message).contains("MISSING_ENUM_SYMBOLS"));
    }

    @Test
    void anOptionalFieldWithDefaultIsAccepted() throws IOException {
        Schema released = parse(RELEASED.resolve("Enrollment/v1.avsc"));
        Schema evolved = parseResource("/compatible/Enrollment-optional-field-added.avsc");

        assertThat(incompatibilities(evolved, released)).isEmpty();
    }

    /** BACKWARD: the new schema (reader) can read data written with the old one (writer). */
    static List<String> incompatibilities(Schema reader, Schema writer) {
        var result = SchemaCompatibility.checkReaderWriterCompatibility(reader, writer).getResult();
        if (result.getCompatibility() == SchemaCompatibilityType.COMPATIBLE) {
            return List.of();
        }
        return result.getIncompatibilities().stream()
                .map(i -> i.getType() + " at " + i.getLocation() + ": " + i.getMessage())
                .toList();
    }

    private static Schema current(String name) {
        return EventSchemas.TOP_LEVEL.stream()
                .filter(s -> s.getName().equals(name))
                .findFirst()
                .orElseThrow(() -> new AssertionError("released record " + name + " is no longer in the contract"));
    }

    private static Stream<Path> releasedFiles() throws IOException {
        return Files.walk(RELEASED).filter(p -> p.toString().endsWith(".avsc")).sorted();
    }

    private static Schema parse(Path file) throws IOException {
        return new Schema.Parser().parse(file.toFile());
    }

    private static Schema parseResource(String name) throws IOException {
        try (InputStream in = BackwardCompatibilityTest.class.getResourceAsStream(name)) {
            return new Schema.Parser().parse(in);
        }
    }
}
