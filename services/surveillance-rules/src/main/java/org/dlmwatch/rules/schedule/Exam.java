package org.dlmwatch.rules.schedule;

import java.time.Instant;
import java.util.function.Supplier;

import org.dlmwatch.rules.alert.Evidence;

/**
 * One surveillance exam of a kind: a hepatobiliary liver MRI or a CEA value. Its evidence is
 * described only for the few exams an overdue alert names.
 */
public record Exam(String refId, Instant at, Supplier<Evidence> describe) {

    public Evidence evidence() {
        return describe.get();
    }
}
