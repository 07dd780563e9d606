package org.dlmwatch.rules.schedule;

import java.time.Instant;

import org.dlmwatch.rules.alert.Evidence;

/** One surveillance exam of a kind: a hepatobiliary liver MRI or a CEA value. */
public record Exam(String refId, Instant at, Evidence evidence) {
}
