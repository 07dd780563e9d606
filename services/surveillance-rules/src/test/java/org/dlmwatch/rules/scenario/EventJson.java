package org.dlmwatch.rules.scenario;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.dlmwatch.rules.alert.Alert;
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
 * The contract's JSON-lines form (event-contract.md, "JSON form") to and from the domain records. Test
 * scope only: main code has no JSON library. Reused by the engine module through the test-jar.
 *
 * <p>An event line has a {@code type} field ({@code enrollment}, {@code lab_result},
 * {@code imaging_report}) beside the record's fields; timestamps are ISO-8601 UTC strings, dates
 * {@code YYYY-MM-DD}, enums their names, absent nullable fields omitted or null. A segment that is not
 * Couinaud throws {@code RejectedInputException} (UNKNOWN_SEGMENT) like the engine's mapping would.
 */
public final class EventJson {

    public static final ObjectMapper MAPPER = new ObjectMapper();

    private EventJson() {
    }

    /** Parses one event line. */
    public static ClinicalEvent parseEvent(String line) {
        JsonNode n = read(line);
        String type = text(n, "type");
        if (type == null) {
            throw new IllegalArgumentException("event line has no type field");
        }
        switch (type) {
            case "enrollment": return enrollment(n);
            case "lab_result": return labResult(n);
            case "imaging_report": return imagingReport(n);
            default: throw new IllegalArgumentException("unknown event type " + type);
        }
    }

    /** Parses every non-blank line. */
    public static List<ClinicalEvent> parseEvents(List<String> lines) {
        List<ClinicalEvent> events = new ArrayList<>();
        for (String line : lines) {
            if (!line.isBlank()) {
                events.add(parseEvent(line));
            }
        }
        return events;
    }

    public static Enrollment enrollment(JsonNode n) {
        List<DlmLesion> lesions = new ArrayList<>();
        for (JsonNode l : iter(n.get("lesions"))) {
            lesions.add(new DlmLesion(text(l, "lesionId"), Segment.parse(text(l, "segment")), dbl(l, "baselineSizeMm"),
                    date(l, "disappearedOn"), enumOf(Modality.class, text(l, "establishedBy"))));
        }
        return new Enrollment(text(n, "patientId"), date(n, "enrolledOn"), date(n, "lastChemoDoseOn"), lesions,
                bool(n, "smoker"), bool(n, "chronicLiverDisease"), enumOf(EnrollmentStatus.class, text(n, "status")),
                enumOf(EndReason.class, text(n, "endReason")), instant(n, "updatedAt"));
    }

    public static LabResult labResult(JsonNode n) {
        return new LabResult(text(n, "resultId"), text(n, "patientId"), text(n, "loinc"), dbl(n, "value"),
                text(n, "comparator"), text(n, "unit"), dbl(n, "referenceHigh"),
                enumOf(ResultStatus.class, text(n, "status")), instant(n, "collectedAt"), instant(n, "resultedAt"),
                text(n, "method"), text(n, "performingLab"), text(n, "sourceSystem"));
    }

    public static ImagingReport imagingReport(JsonNode n) {
        List<LesionFinding> findings = new ArrayList<>();
        for (JsonNode f : iter(n.get("findings"))) {
            findings.add(new LesionFinding(text(f, "trackingId"), Segment.parse(text(f, "segment")), dbl(f, "sizeMm"),
                    enumOf(FindingStatus.class, text(f, "status"))));
        }
        return new ImagingReport(text(n, "reportId"), text(n, "patientId"), instant(n, "studyAt"),
                enumOf(Modality.class, text(n, "modality")), enumOf(ReportStatus.class, text(n, "status")), findings,
                instant(n, "reportedAt"), text(n, "sourceSystem"));
    }

    /** The scenario-expectation form of an alert: patientId, type, status, severity, sorted lesionIds, eventTime. */
    public static ObjectNode expectation(Alert a, boolean withEventTime) {
        ObjectNode o = MAPPER.createObjectNode();
        o.put("patientId", a.patientId());
        o.put("type", a.type().name());
        o.put("status", a.status().name());
        o.put("severity", a.severity().name());
        ArrayNode ids = o.putArray("lesionIds");
        a.lesionIds().stream().sorted().forEach(ids::add);
        if (withEventTime) {
            o.put("eventTime", a.eventTime().toString());
        }
        return o;
    }

    public static JsonNode read(String json) {
        try {
            return MAPPER.readTree(json);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalArgumentException("not a JSON object: " + e.getOriginalMessage(), e);
        }
    }

    // ---- field helpers: absent and null are the same ----------------------------------------------------

    public static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }

    static Double dbl(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || v.isNull() ? null : v.asDouble();
    }

    static boolean bool(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v != null && !v.isNull() && v.asBoolean();
    }

    static Instant instant(JsonNode n, String field) {
        String s = text(n, field);
        return s == null ? null : Instant.parse(s);
    }

    static LocalDate date(JsonNode n, String field) {
        String s = text(n, field);
        return s == null ? null : LocalDate.parse(s);
    }

    static <E extends Enum<E>> E enumOf(Class<E> type, String name) {
        return name == null ? null : Enum.valueOf(type, name);
    }

    private static Iterable<JsonNode> iter(JsonNode array) {
        return array == null || array.isNull() ? List.of() : array;
    }
}
