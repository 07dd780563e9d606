package org.dlmwatch.desk.patient;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.dlmwatch.rules.RuleConfig;
import org.dlmwatch.rules.history.PatientHistory;
import org.dlmwatch.rules.validation.LabCodes;

/**
 * Every patient's surveillance inputs as the desk keeps them for the patient summary: the winning
 * enrollment, CEA mass results and imaging reports, with the engine's own version rules
 * ({@link PatientHistory}: latest {@code resultedAt} / {@code reportedAt} / {@code updatedAt} wins,
 * cancellations remove) and its bounds (programme window, at most 400 results and 200 reports per
 * patient). Lab results other than CEA mass (LOINC 2039-6) are dropped on arrival. Not thread-safe:
 * the desk view guards it.
 */
public final class PatientFiles {

    private final RuleConfig config;
    private final InputMapping mapping;
    private final Map<String, PatientHistory> histories = new HashMap<>();

    public PatientFiles(RuleConfig config) {
        this.config = config;
        this.mapping = new InputMapping(config);
    }

    /** @return false when the record was not used (invalid input the engine dead-letters) */
    public boolean apply(org.dlmwatch.events.v1.Enrollment e) {
        return mapping.enrollment(e).map(d -> history(d.patientId()).apply(d) || true).orElse(false);
    }

    /** @return false when the record was not used (not CEA, or invalid) */
    public boolean apply(org.dlmwatch.events.v1.LabResult r) {
        if (!LabCodes.isCeaMass(r.getLoinc())) {
            return false;
        }
        return mapping.labResult(r).map(d -> history(d.patientId()).apply(d) || true).orElse(false);
    }

    public boolean apply(org.dlmwatch.events.v1.ImagingReport r) {
        return mapping.imagingReport(r).map(d -> history(d.patientId()).apply(d) || true).orElse(false);
    }

    public Optional<PatientHistory> history(String patientId, boolean create) {
        return Optional.ofNullable(create ? history(patientId) : histories.get(patientId));
    }

    public int patients() {
        return histories.size();
    }

    public RuleConfig config() {
        return config;
    }

    private PatientHistory history(String patientId) {
        return histories.computeIfAbsent(patientId, id -> new PatientHistory(id, config));
    }
}
