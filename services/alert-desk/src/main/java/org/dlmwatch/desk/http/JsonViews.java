package org.dlmwatch.desk.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.dlmwatch.desk.patient.PatientSummary;
import org.dlmwatch.desk.patient.PatientSummary.CeaValue;
import org.dlmwatch.desk.patient.PatientSummary.LesionEvent;
import org.dlmwatch.desk.patient.PatientSummary.LesionTrack;
import org.dlmwatch.desk.view.AlertEntry;
import org.dlmwatch.desk.view.ResultPage;
import org.dlmwatch.events.v1.AlertAction;
import org.dlmwatch.events.v1.AlertDelivery;
import org.dlmwatch.platform.json.ContractJson;
import org.dlmwatch.rules.model.DlmLesion;
import org.dlmwatch.rules.model.ImagingReport;
import org.dlmwatch.rules.model.LesionFinding;

/**
 * The API's JSON. Records of the contract keep their JSON form (shared/event-contract.md: ISO-8601 UTC
 * timestamps, enum names); the desk adds its own fields around them.
 */
final class JsonViews {

    private static final ObjectMapper M = ContractJson.mapper();

    private JsonViews() {}

    static ObjectNode summary(AlertEntry e) {
        var a = e.alert();
        ObjectNode n = M.createObjectNode();
        n.put("alertId", e.alertId());
        n.put("patientId", a.getPatientId());
        n.put("type", a.getType().name());
        n.put("severity", a.getSeverity().name());
        n.put("status", a.getStatus().name());
        n.put("teamStatus", e.teamStatus().name());
        n.put("open", e.open());
        n.put("title", a.getTitle());
        time(n, "eventTime", a.getEventTime());
        time(n, "detectedAt", a.getDetectedAt());
        time(n, "firstRaisedAt", e.firstRaisedAt());
        time(n, "lastChangedAt", e.lastChangedAt());
        n.put("actionCount", e.actions().size());
        n.put("link", "/alerts/" + e.alertId());
        return n;
    }

    static ObjectNode detail(AlertEntry e, List<AlertDelivery> deliveries, Optional<Instant> escalationDueAt) {
        ObjectNode n = summary(e);
        ObjectNode contract = ContractJson.toJson(e.alert());
        n.set("lesionIds", contract.get("lesionIds"));
        n.put("recommendation", e.alert().getRecommendation());
        n.set("evidence", contract.get("evidence"));
        n.put("ruleId", e.alert().getRuleId());
        n.set("ruleParameters", contract.get("ruleParameters"));
        n.set("contextFlags", contract.get("contextFlags"));
        n.put("versions", e.versions());
        ArrayNode history = n.putArray("statusHistory");
        for (var s : e.statusHistory()) {
            ObjectNode h = history.addObject();
            h.put("status", s.status().name());
            time(h, "at", s.at());
        }
        ArrayNode actions = n.putArray("actions");
        e.actions().forEach(a -> actions.add(action(a)));
        ArrayNode del = n.putArray("deliveries");
        deliveries.forEach(d -> del.add(ContractJson.toJson(d)));
        escalationDueAt.ifPresent(t -> time(n, "escalationDueAt", t));
        n.put("patientLink", "/api/patients/" + e.patientId());
        return n;
    }

    static ObjectNode action(AlertAction a) {
        return ContractJson.toJson(a);
    }

    static ObjectNode page(ResultPage<AlertEntry> page) {
        ObjectNode n = M.createObjectNode();
        ArrayNode items = n.putArray("items");
        page.items().forEach(e -> items.add(summary(e)));
        n.put("page", page.page());
        n.put("size", page.size());
        n.put("total", page.total());
        n.put("pages", page.pages());
        return n;
    }

    static ObjectNode patient(PatientSummary p, List<AlertEntry> alerts) {
        ObjectNode n = M.createObjectNode();
        n.put("patientId", p.patientId());
        if (p.enrollment() == null) {
            n.putNull("enrollment");
        } else {
            var en = p.enrollment();
            ObjectNode e = n.putObject("enrollment");
            e.put("enrolledOn", en.enrolledOn().toString());
            e.put("lastChemoDoseOn", en.lastChemoDoseOn() == null ? null : en.lastChemoDoseOn().toString());
            e.put("status", en.status().name());
            e.put("endReason", en.endReason() == null ? null : en.endReason().name());
            e.put("smoker", en.smoker());
            e.put("chronicLiverDisease", en.chronicLiverDisease());
            time(e, "updatedAt", en.updatedAt());
            ArrayNode ls = e.putArray("lesions");
            for (DlmLesion l : en.lesions()) {
                ObjectNode o = ls.addObject();
                o.put("lesionId", l.lesionId());
                o.put("segment", l.segment().label());
                if (l.baselineSizeMm() != null) {
                    o.put("baselineSizeMm", l.baselineSizeMm());
                }
                o.put("disappearedOn", l.disappearedOn().toString());
                o.put("establishedBy", l.establishedBy().name());
            }
        }
        ArrayNode reg = n.putArray("lesionRegistry");
        p.lesions().forEach(t -> reg.add(track(t)));
        ArrayNode fresh = n.putArray("newLesions");
        p.newLesions().forEach(t -> fresh.add(track(t)));
        ObjectNode cea = n.putObject("cea");
        cea.put("unit", "ug/L");
        time(cea, "eligibleFrom", p.cea().eligibleFrom());
        if (p.cea().baseline() == null) {
            cea.putNull("baseline");
        } else {
            cea.set("baseline", cea(p.cea().baseline()));
        }
        ArrayNode values = cea.putArray("values");
        p.cea().values().forEach(v -> values.add(cea(v)));
        ArrayNode changes = cea.putArray("assayChanges");
        for (var c : p.cea().assayChanges()) {
            ObjectNode o = changes.addObject();
            time(o, "at", c.at());
            o.put("from", c.from());
            o.put("to", c.to());
        }
        ArrayNode imaging = n.putArray("imaging");
        for (ImagingReport r : p.imaging()) {
            ObjectNode o = imaging.addObject();
            o.put("reportId", r.reportId());
            time(o, "studyAt", r.studyAt());
            o.put("modality", r.modality().name());
            o.put("status", r.status().name());
            ArrayNode fs = o.putArray("findings");
            for (LesionFinding f : r.findings()) {
                ObjectNode fo = fs.addObject();
                fo.put("trackingId", f.trackingId());
                fo.put("segment", f.segment().label());
                if (f.sizeMm() != null) {
                    fo.put("sizeMm", f.sizeMm());
                }
                fo.put("status", f.status().name());
            }
        }
        ArrayNode as = n.putArray("alerts");
        alerts.forEach(e -> as.add(summary(e)));
        return n;
    }

    private static ObjectNode cea(CeaValue v) {
        ObjectNode o = M.createObjectNode();
        o.put("resultId", v.resultId());
        time(o, "collectedAt", v.collectedAt());
        o.put("value", v.value());
        o.put("comparator", v.comparator());
        o.put("uln", v.uln());
        o.put("ulnFromLab", v.ulnFromLab());
        o.put("method", v.method());
        o.put("eligible", v.eligible());
        return o;
    }

    private static ObjectNode track(LesionTrack t) {
        ObjectNode o = M.createObjectNode();
        o.put("key", t.key());
        o.put("label", t.label());
        o.put("segment", t.segment());
        if (t.registered()) {
            o.put("disappearedOn", t.disappearedOn().toString());
            o.put("establishedBy", t.establishedBy().name());
        }
        LesionEvent absent = t.lastConfirmedAbsent();
        time(o, "lastConfirmedAbsentAt", absent == null ? null : absent.at());
        LesionEvent present = t.reappeared();
        time(o, t.registered() ? "reappearedAt" : "firstSeenAt", present == null ? null : present.at());
        ArrayNode events = o.putArray("events");
        for (LesionEvent e : t.events()) {
            ObjectNode eo = events.addObject();
            time(eo, "at", e.at());
            eo.put("reportId", e.reportId());
            eo.put("modality", e.modality().name());
            eo.put("status", e.status().name());
            if (e.sizeMm() != null) {
                eo.put("sizeMm", e.sizeMm());
            }
            eo.put("confirmsAbsence", e.status() == org.dlmwatch.rules.model.FindingStatus.ABSENT && e.confirms());
            eo.put("ambiguousMatch", e.ambiguous());
        }
        return o;
    }

    static ObjectNode error(int status, String message) {
        ObjectNode n = M.createObjectNode();
        n.put("status", status);
        n.put("error", message);
        return n;
    }

    private static void time(ObjectNode n, String field, Instant t) {
        if (t == null) {
            n.putNull(field);
        } else {
            n.put(field, t.toString());
        }
    }
}
