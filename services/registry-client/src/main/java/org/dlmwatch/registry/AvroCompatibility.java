package org.dlmwatch.registry;

import java.util.ArrayList;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.Incompatibility;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityType;
import org.apache.avro.SchemaCompatibility.SchemaPairCompatibility;

/** Compatibility levels checked with Avro's own {@link SchemaCompatibility}. */
final class AvroCompatibility {

    private AvroCompatibility() {}

    /**
     * Why {@code candidate} may not follow {@code previous} (oldest first, version numbers from 1)
     * under {@code level}, as at registration: against the latest version, or every version for the
     * transitive levels. Empty when it may.
     */
    static List<String> problems(CompatibilityLevel level, Schema candidate, List<Schema> previous) {
        List<String> problems = new ArrayList<>();
        if (level == CompatibilityLevel.NONE || previous.isEmpty()) {
            return problems;
        }
        int first = level.transitive() ? 0 : previous.size() - 1;
        for (int i = previous.size() - 1; i >= first; i--) {
            check(level, candidate, previous.get(i), i + 1, problems);
        }
        return problems;
    }

    /** Why {@code candidate} is not compatible with {@code version} alone in the level's direction(s). */
    static List<String> problemsWith(CompatibilityLevel level, Schema candidate, Schema old, int version) {
        List<String> problems = new ArrayList<>();
        if (level != CompatibilityLevel.NONE) {
            check(level, candidate, old, version, problems);
        }
        return problems;
    }

    private static void check(CompatibilityLevel level, Schema candidate, Schema old, int version, List<String> into) {
        if (level.backward()) {
            describe(SchemaCompatibility.checkReaderWriterCompatibility(candidate, old),
                    "new schema cannot read data written with version " + version, into);
        }
        if (level.forward()) {
            describe(SchemaCompatibility.checkReaderWriterCompatibility(old, candidate),
                    "version " + version + " cannot read data written with the new schema", into);
        }
    }

    /** Can data written with {@code writer} be read with {@code reader}? Empty when yes. */
    static List<String> readProblems(Schema reader, Schema writer) {
        List<String> problems = new ArrayList<>();
        describe(SchemaCompatibility.checkReaderWriterCompatibility(reader, writer), "cannot read", problems);
        return problems;
    }

    private static void describe(SchemaPairCompatibility result, String what, List<String> into) {
        if (result.getType() == SchemaCompatibilityType.COMPATIBLE) {
            return;
        }
        for (Incompatibility incompatibility : result.getResult().getIncompatibilities()) {
            into.add(what + ": " + incompatibility.getType() + " at " + incompatibility.getLocation()
                    + " (" + incompatibility.getMessage() + ")");
        }
    }
}
