package org.dlmwatch.desk.web;

import static org.dlmwatch.desk.web.Html.esc;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.dlmwatch.desk.patient.PatientSummary;
import org.dlmwatch.desk.patient.PatientSummary.CeaValue;
import org.dlmwatch.desk.patient.PatientSummary.LesionEvent;
import org.dlmwatch.desk.patient.PatientSummary.LesionTrack;
import org.dlmwatch.desk.view.AlertEntry;
import org.dlmwatch.desk.view.AlertQuery;
import org.dlmwatch.desk.view.ResultPage;
import org.dlmwatch.desk.view.TeamStatus;
import org.dlmwatch.events.v1.AlertAction;
import org.dlmwatch.events.v1.AlertDelivery;
import org.dlmwatch.events.v1.AlertStatus;
import org.dlmwatch.events.v1.AlertType;
import org.dlmwatch.events.v1.Evidence;
import org.dlmwatch.events.v1.EvidenceKind;
import org.dlmwatch.events.v1.Severity;
import org.dlmwatch.rules.model.ImagingReport;
import org.dlmwatch.rules.model.LesionFinding;

/** The desk's server-rendered pages. Every value is escaped ({@link Html}). */
public final class Pages {

    private Pages() {}

    // ---- sign-in ----------------------------------------------------------------------------------

    public static String login(String next, String error, String user) {
        Html h = new Html();
        h.raw("<section class=\"login card\"><h1>Sign in</h1>");
        h.raw("<p class=\"muted\">Alert desk for watch-and-wait surveillance of disappearing liver metastases.</p>");
        if (error != null) {
            h.f("<p class=\"error\" role=\"alert\">%s</p>", error);
        }
        h.raw("<form method=\"post\" action=\"/login\">");
        h.f("<input type=\"hidden\" name=\"next\" value=\"%s\">", next == null ? "/worklist" : next);
        h.f("<label for=\"username\">User name</label><input id=\"username\" name=\"username\" autocomplete=\"username\" "
                + "required autofocus value=\"%s\">", user == null ? "" : user);
        h.raw("<label for=\"password\">Password</label><input id=\"password\" name=\"password\" type=\"password\" "
                + "autocomplete=\"current-password\" required>");
        h.raw("<button type=\"submit\" class=\"primary\">Sign in</button></form></section>");
        return Layout.page("Sign in", null, null, h.toString(), null);
    }

    public static String message(PageContext ctx, String title, String text) {
        Html h = new Html();
        h.f("<section class=\"card\"><h1>%s</h1><p>%s</p><p><a href=\"/worklist\">Back to the worklist</a></p></section>",
                title, text);
        return Layout.page(title, null, ctx, h.toString(), null);
    }

    // ---- worklist and lists ------------------------------------------------------------------------

    public static String list(PageContext ctx, AlertQuery q, ResultPage<AlertEntry> page, Map<Severity, Integer> openCounts,
            boolean worklist, long version, String queryString) {
        Html h = new Html();
        h.raw("<div class=\"page-head\">");
        h.f("<h1>%s</h1>", worklist ? "Open alerts" : "Alerts");
        h.raw("<p class=\"live\" aria-live=\"polite\"><span class=\"dot\" aria-hidden=\"true\"></span>"
                + "<span class=\"live-text\">Live: updates when the engine raises or changes an alert</span></p>");
        h.raw("</div>");
        h.raw("<ul class=\"counts\" aria-label=\"Open alerts by severity\">");
        for (Severity s : List.of(Severity.CRITICAL, Severity.HIGH, Severity.MEDIUM, Severity.LOW)) {
            int n = openCounts.getOrDefault(s, 0);
            h.f("<li class=\"count sev-%s%s\"><a href=\"/alerts?state=OPEN&amp;severity=%s\"><strong>%s</strong> %s</a></li>",
                    s.name().toLowerCase(Locale.ROOT), n == 0 ? " zero" : "", s.name(), n, Labels.enumWord(s));
        }
        h.raw("</ul>");
        filters(h, q, worklist);
        if (page.items().isEmpty()) {
            h.raw("<p class=\"empty-state\">No alert matches.</p>");
        } else {
            h.raw("<table class=\"worklist\"><caption class=\"sr-only\">Alerts, most severe first, then longest "
                    + "waiting</caption><thead><tr><th scope=\"col\">Severity</th><th scope=\"col\">Alert</th>"
                    + "<th scope=\"col\">Patient</th><th scope=\"col\">Status</th><th scope=\"col\" class=\"num\">Age</th>"
                    + "</tr></thead><tbody>");
            for (AlertEntry e : page.items()) {
                var a = e.alert();
                h.f("<tr class=\"sev-%s%s\" data-alert-id=\"%s\">", a.getSeverity().name().toLowerCase(Locale.ROOT),
                        e.open() ? "" : " closed", e.alertId());
                h.raw("<td>").raw(severityBadge(a.getSeverity())).raw("</td>");
                h.f("<td><a class=\"alert-link\" href=\"/alerts/%s\">%s</a><div class=\"sub\">%s</div></td>",
                        e.alertId(), a.getTitle(), Labels.type(a.getType()));
                h.f("<td><a href=\"/patients/%s\">%s</a></td>", a.getPatientId(), a.getPatientId());
                h.raw("<td>").raw(statusPills(e)).raw("</td>");
                h.f("<td class=\"num\"><time datetime=\"%s\" title=\"Raised %s\">%s</time></td>", e.since(),
                        Labels.dateTime(e.since(), ctx.zone()), Labels.age(e.since(), ctx.now()));
                h.raw("</tr>");
            }
            h.raw("</tbody></table>");
            pager(h, page, queryString, worklist);
        }
        return Layout.page(worklist ? "Open alerts" : "Alerts", worklist ? "worklist" : "all", ctx, h.toString(),
                "data-live=\"list\" data-version=\"" + version + "\"");
    }

    private static void filters(Html h, AlertQuery q, boolean worklist) {
        h.f("<form class=\"filters\" method=\"get\" action=\"/alerts\" aria-label=\"Filter alerts\">");
        h.raw("<label>Show <select name=\"state\">");
        for (AlertQuery.State s : AlertQuery.State.values()) {
            h.f("<option value=\"%s\"%s>%s</option>", s.name(), q.state() == s ? " selected" : "",
                    s == AlertQuery.State.ALL ? "All" : Labels.enumWord(s));
        }
        h.raw("</select></label>");
        h.raw("<label>Severity <select name=\"severity\"><option value=\"\">Any</option>");
        for (Severity s : Severity.values()) {
            h.f("<option value=\"%s\"%s>%s</option>", s.name(), q.severities().equals(Set.of(s)) ? " selected" : "",
                    Labels.enumWord(s));
        }
        h.raw("</select></label>");
        h.raw("<label>Type <select name=\"type\"><option value=\"\">Any</option>");
        for (AlertType t : AlertType.values()) {
            h.f("<option value=\"%s\"%s>%s</option>", t.name(), q.types().equals(Set.of(t)) ? " selected" : "",
                    Labels.type(t));
        }
        h.raw("</select></label>");
        h.f("<label>Patient <input name=\"patientId\" size=\"10\" value=\"%s\"></label>",
                q.patientId() == null ? "" : q.patientId());
        h.raw("<button type=\"submit\">Apply</button>");
        if (!worklist) {
            h.raw("<a class=\"reset\" href=\"/worklist\">Reset</a>");
        }
        h.raw("</form>");
    }

    private static void pager(Html h, ResultPage<AlertEntry> page, String queryString, boolean worklist) {
        if (page.pages() <= 1) {
            h.f("<p class=\"muted small\">%s %s</p>", page.total(), page.total() == 1 ? "alert" : "alerts");
            return;
        }
        String base = (worklist ? "/worklist?" : "/alerts?") + (queryString == null ? ""
                : queryString.replaceAll("(^|&)page=[^&]*", "")) + "&page=";
        h.raw("<nav class=\"pager\" aria-label=\"Pages\">");
        if (page.page() > 1) {
            h.f("<a href=\"%s%s\">Previous</a>", base, page.page() - 1);
        }
        h.f("<span>Page %s of %s (%s alerts)</span>", page.page(), page.pages(), page.total());
        if (page.page() < page.pages()) {
            h.f("<a href=\"%s%s\">Next</a>", base, page.page() + 1);
        }
        h.raw("</nav>");
    }

    static String severityBadge(Severity s) {
        String shape = switch (s) {
            case CRITICAL -> "&#9670;"; // diamond
            case HIGH -> "&#9650;";     // triangle
            case MEDIUM -> "&#9632;";   // square
            case LOW -> "&#9679;";      // circle
        };
        return "<span class=\"badge sev-" + s.name().toLowerCase(Locale.ROOT) + "\"><span aria-hidden=\"true\">"
                + shape + "</span> " + esc(Labels.enumWord(s)) + "</span>";
    }

    private static String statusPills(AlertEntry e) {
        StringBuilder sb = new StringBuilder();
        if (e.engineStatus() != AlertStatus.RAISED) {
            sb.append("<span class=\"pill engine-").append(e.engineStatus().name().toLowerCase(Locale.ROOT)).append("\">")
                    .append(esc(Labels.enumWord(e.engineStatus()))).append("</span> ");
        }
        sb.append("<span class=\"pill team-").append(e.teamStatus().name().toLowerCase(Locale.ROOT)).append("\">")
                .append(esc(Labels.team(e.teamStatus()))).append("</span>");
        return sb.toString();
    }

    // ---- one alert ---------------------------------------------------------------------------------

    /** Everything the alert page shows. */
    public record AlertPageModel(
            AlertEntry entry, Optional<PatientSummary> patient, List<AlertDelivery> deliveries,
            Optional<Instant> escalationDueAt, String flash, String error, long version) {}

    public static String alert(PageContext ctx, AlertPageModel m) {
        AlertEntry e = m.entry();
        var a = e.alert();
        String sev = a.getSeverity().name().toLowerCase(Locale.ROOT);
        Html h = new Html();
        h.raw("<nav class=\"crumbs\" aria-label=\"Breadcrumb\"><a href=\"/worklist\">Open alerts</a> <span aria-hidden=\"true\">›</span> ");
        h.f("<a href=\"/patients/%s\">Patient %s</a> <span aria-hidden=\"true\">›</span> <span>Alert</span></nav>",
                a.getPatientId(), a.getPatientId());
        h.f("<article class=\"alert-page sev-%s\" data-alert-id=\"%s\">", sev, e.alertId());
        h.raw("<header class=\"alert-head card\">");
        h.raw("<div class=\"head-row\">").raw(severityBadge(a.getSeverity()))
                .f("<span class=\"type\">%s</span>", Labels.type(a.getType())).raw(statusPills(e)).raw("</div>");
        h.f("<h1>%s</h1>", a.getTitle());
        h.raw("<dl class=\"meta\">");
        h.f("<div><dt>Patient</dt><dd><a href=\"/patients/%s\">%s</a></dd></div>", a.getPatientId(), a.getPatientId());
        h.f("<div><dt>Raised</dt><dd><time datetime=\"%s\">%s</time> (%s ago)</dd></div>", e.since(),
                Labels.dateTime(e.since(), ctx.zone()), Labels.age(e.since(), ctx.now()));
        h.f("<div><dt>Clinical time</dt><dd>%s</dd></div>", Labels.dateTime(a.getEventTime(), ctx.zone()));
        if (!a.getLesionIds().isEmpty()) {
            h.f("<div><dt>Lesions</dt><dd>%s</dd></div>", String.join(", ", a.getLesionIds()));
        }
        if (!a.getContextFlags().isEmpty()) {
            h.f("<div><dt>Context</dt><dd>%s</dd></div>", String.join(", ", a.getContextFlags()));
        }
        h.f("<div><dt>Alert id</dt><dd class=\"mono\">%s</dd></div>", e.alertId());
        h.raw("</dl></header>");
        if (m.flash() != null) {
            h.f("<p class=\"flash\" role=\"status\">%s</p>", m.flash());
        }
        if (m.error() != null) {
            h.f("<p class=\"error\" role=\"alert\">%s</p>", m.error());
        }
        if (e.engineStatus() == AlertStatus.RETRACTED) {
            h.f("<p class=\"notice retracted\"><strong>Retracted by the engine</strong> on %s: after a correction, the "
                    + "patient's history no longer meets this alert's condition. The team's actions are kept below.</p>",
                    Labels.dateTime(lastStatusAt(e), ctx.zone()));
        } else if (e.engineStatus() == AlertStatus.FULFILLED) {
            h.f("<p class=\"notice fulfilled\"><strong>Fulfilled</strong> on %s: the requested examination has arrived. "
                    + "The team's actions are kept below.</p>", Labels.dateTime(lastStatusAt(e), ctx.zone()));
        }

        h.raw("<div class=\"columns\"><div class=\"main-col\">");
        h.f("<section class=\"card recommendation\" aria-labelledby=\"rec-h\"><h2 id=\"rec-h\">Recommendation</h2>"
                + "<p>%s</p></section>", a.getRecommendation());
        evidence(h, a.getEvidence(), ctx);
        Set<String> triggers = new HashSet<>();
        for (Evidence ev : a.getEvidence()) {
            if (ev.getKind() == EvidenceKind.LAB_RESULT) {
                triggers.add(ev.getRefId());
            }
        }
        m.patient().ifPresent(p -> {
            cea(h, p, triggers, ctx, true);
            lesions(h, p, new HashSet<>(a.getLesionIds()), ctx);
        });
        h.raw("</div><aside class=\"side-col\">");
        actions(h, ctx, e);
        history(h, ctx, e);
        rule(h, a.getRuleId(), a.getRuleParameters());
        delivery(h, ctx, m);
        h.raw("</aside></div></article>");
        return Layout.page(Labels.type(a.getType()) + " – " + a.getPatientId(), null, ctx, h.toString(),
                "data-live=\"alert\" data-alert-id=\"" + esc(e.alertId()) + "\" data-version=\"" + m.version() + "\"");
    }

    private static Instant lastStatusAt(AlertEntry e) {
        return e.statusHistory().get(e.statusHistory().size() - 1).at();
    }

    private static void evidence(Html h, List<Evidence> evidence, PageContext ctx) {
        h.raw("<section class=\"card\" aria-labelledby=\"ev-h\"><h2 id=\"ev-h\">Evidence</h2>");
        h.raw("<table class=\"evidence\"><thead><tr><th scope=\"col\">When</th><th scope=\"col\">Source</th>"
                + "<th scope=\"col\">Finding</th><th scope=\"col\">Note</th></tr></thead><tbody>");
        for (Evidence ev : evidence) {
            String finding;
            if (ev.getValue() != null) {
                finding = Labels.num(ev.getValue()) + " " + (ev.getUnit() == null ? "" : ev.getUnit());
            } else {
                List<String> parts = new ArrayList<>();
                if (ev.getModality() != null) {
                    parts.add(ev.getModality().name());
                }
                if (ev.getSegment() != null) {
                    parts.add("segment " + ev.getSegment());
                }
                if (ev.getSizeMm() != null) {
                    parts.add(Labels.num(ev.getSizeMm()) + " mm");
                }
                finding = String.join(", ", parts);
            }
            h.f("<tr><td>%s</td><td>%s <span class=\"mono muted\">%s</span></td><td>%s</td><td>%s</td></tr>",
                    Labels.dateTime(ev.getAt(), ctx.zone()), Labels.enumWord(ev.getKind()), ev.getRefId(), finding,
                    ev.getNote() == null ? "" : ev.getNote());
        }
        h.raw("</tbody></table></section>");
    }

    static void cea(Html h, PatientSummary p, Set<String> triggers, PageContext ctx, boolean forAlert) {
        var cea = p.cea();
        h.raw("<section class=\"card\" aria-labelledby=\"cea-h\"><h2 id=\"cea-h\">CEA series</h2>");
        h.raw(CeaChart.svg(cea, triggers, ctx.zone()));
        h.raw("<ul class=\"legend\"><li><span class=\"key k-point\"></span>CEA value</li>");
        if (forAlert) {
            h.raw("<li><span class=\"key k-trigger\"></span>Evidence of this alert</li>");
        }
        h.raw("<li><span class=\"key k-uln\"></span>Upper limit of normal</li>"
                + "<li><span class=\"key k-baseline\"></span>Baseline (nadir, current assay)</li>"
                + "<li><span class=\"key k-assay\"></span>Assay change</li>"
                + "<li><span class=\"key k-ineligible\"></span>Not used (chemotherapy window)</li></ul>");
        if (!cea.values().isEmpty()) {
            h.raw("<details class=\"data\"><summary>CEA values as a table</summary><table><thead><tr>"
                    + "<th scope=\"col\">Collected</th><th scope=\"col\" class=\"num\">CEA (ug/L)</th>"
                    + "<th scope=\"col\" class=\"num\">ULN</th><th scope=\"col\">Assay</th><th scope=\"col\">Result</th>"
                    + "<th scope=\"col\">Note</th></tr></thead><tbody>");
            for (CeaValue v : cea.values()) {
                List<String> notes = new ArrayList<>();
                if (triggers.contains(v.resultId())) {
                    notes.add("evidence of this alert");
                }
                if (cea.baseline() != null && cea.baseline().resultId().equals(v.resultId())) {
                    notes.add("baseline");
                }
                if (!v.eligible()) {
                    notes.add("not used (chemotherapy window)");
                }
                if (v.aboveUln()) {
                    notes.add("above ULN");
                }
                h.f("<tr><td>%s</td><td class=\"num\">%s%s</td><td class=\"num\">%s%s</td><td>%s</td>"
                        + "<td class=\"mono\">%s</td><td>%s</td></tr>", Labels.dateTime(v.collectedAt(), ctx.zone()),
                        v.censored() ? v.comparator() : "", Labels.num(v.value()), Labels.num(v.uln()),
                        v.ulnFromLab() ? "" : " (default)", v.method() == null ? "" : v.method(), v.resultId(),
                        String.join("; ", notes));
            }
            h.raw("</tbody></table></details>");
        }
        h.raw("</section>");
    }

    static void lesions(Html h, PatientSummary p, Set<String> concerned, PageContext ctx) {
        h.raw("<section class=\"card\" aria-labelledby=\"les-h\"><h2 id=\"les-h\">Lesion timeline</h2>");
        h.raw(LesionTimeline.svg(p, concerned, ctx.zone()));
        h.raw("<ul class=\"legend\"><li><span class=\"key k-disappeared\"></span>Disappeared</li>"
                + "<li><span class=\"key k-absent\"></span>Confirmed absent</li>"
                + "<li><span class=\"key k-unconfirmed\"></span>Absent on PET-CT (not a confirmation)</li>"
                + "<li><span class=\"key k-equivocal\"></span>Equivocal</li>"
                + "<li><span class=\"key k-present\"></span>Present (reappeared or new)</li></ul>");
        List<LesionTrack> all = new ArrayList<>(p.lesions());
        all.addAll(p.newLesions());
        if (!all.isEmpty()) {
            h.raw("<table class=\"lesions\"><thead><tr><th scope=\"col\">Lesion</th><th scope=\"col\">Segment</th>"
                    + "<th scope=\"col\">Disappeared</th><th scope=\"col\">Last confirmed absent</th>"
                    + "<th scope=\"col\">Reappeared / seen</th></tr></thead><tbody>");
            for (LesionTrack t : all) {
                LesionEvent absent = t.lastConfirmedAbsent();
                h.f("<tr%s><th scope=\"row\">%s</th><td>%s</td><td>%s</td><td>%s</td><td>%s</td></tr>",
                        concerned.contains(t.key()) ? " class=\"concerned\"" : "", t.label(), t.segment(),
                        t.registered() ? Labels.date(t.disappearedOn()) + " (" + t.establishedBy() + (t.baselineSizeMm()
                                != null ? ", " + Labels.num(t.baselineSizeMm()) + " mm before chemotherapy" : "") + ")" : "new lesion",
                        absent == null ? "–" : Labels.date(absent.at(), ctx.zone()) + " (" + absent.modality() + ")",
                        seen(t, ctx));
            }
            h.raw("</tbody></table>");
        }
        h.raw("</section>");
    }

    /** The reappearance (or, for a new lesion, the first sighting); else the latest equivocal finding. */
    private static String seen(LesionTrack t, PageContext ctx) {
        LesionEvent e = t.reappeared();
        String word = "present";
        if (e == null) {
            for (LesionEvent ev : t.events()) {
                if (ev.status() == org.dlmwatch.rules.model.FindingStatus.EQUIVOCAL) {
                    e = ev;
                    word = "equivocal";
                }
            }
        }
        if (e == null) {
            return "–";
        }
        return Labels.date(e.at(), ctx.zone()) + " (" + word + ", " + e.modality()
                + (e.sizeMm() != null ? ", " + Labels.num(e.sizeMm()) + " mm" : "") + ")";
    }

    private static void actions(Html h, PageContext ctx, AlertEntry e) {
        h.raw("<section class=\"card actions\" aria-labelledby=\"act-h\"><h2 id=\"act-h\">Team actions</h2>");
        h.f("<p class=\"team-status\">%s</p>", Labels.team(e.teamStatus()));
        if (!ctx.user().canAct()) {
            h.raw("<p class=\"muted\">You can read this alert. Only clinicians can act on it.</p></section>");
            return;
        }
        String action = "/alerts/" + esc(e.alertId()) + "/actions";
        String csrf = "<input type=\"hidden\" name=\"csrf\" value=\"" + esc(ctx.csrf()) + "\">";
        TeamStatus t = e.teamStatus();
        h.raw("<div class=\"action-buttons\">");
        if (t == TeamStatus.OPEN) {
            h.raw("<form method=\"post\" action=\"" + action + "\">" + csrf
                    + "<input type=\"hidden\" name=\"action\" value=\"ACKNOWLEDGE\">"
                    + "<button type=\"submit\" class=\"primary\" id=\"btn-acknowledge\">Acknowledge</button></form>");
        }
        if (t != TeamStatus.RESOLVED) {
            h.raw("<form method=\"post\" action=\"" + action + "\">" + csrf
                    + "<input type=\"hidden\" name=\"action\" value=\"RESOLVE\">"
                    + "<button type=\"submit\" id=\"btn-resolve\">Resolve</button></form>");
        }
        h.raw("</div>");
        if (t == TeamStatus.OPEN || t == TeamStatus.ACKNOWLEDGED) {
            h.raw("<details class=\"override\"><summary id=\"btn-override\">Override…</summary>"
                    + "<form method=\"post\" action=\"" + action + "\">" + csrf
                    + "<input type=\"hidden\" name=\"action\" value=\"OVERRIDE\">"
                    + "<label for=\"override-reason\">Why does the recommendation not apply? (required)</label>"
                    + "<textarea id=\"override-reason\" name=\"reason\" rows=\"3\" maxlength=\"2000\" required></textarea>"
                    + "<button type=\"submit\" class=\"warn\" id=\"btn-confirm-override\">Override with this reason</button>"
                    + "</form></details>");
        }
        h.raw("<details class=\"comment\"><summary>Add a comment…</summary>"
                + "<form method=\"post\" action=\"" + action + "\">" + csrf
                + "<input type=\"hidden\" name=\"action\" value=\"COMMENT\">"
                + "<label for=\"comment-text\">Comment</label>"
                + "<textarea id=\"comment-text\" name=\"reason\" rows=\"3\" maxlength=\"2000\" required></textarea>"
                + "<button type=\"submit\">Add comment</button></form></details>");
        h.raw("</section>");
    }

    private record Line(Instant at, String who, String what, String detail, String cls) {}

    private static void history(Html h, PageContext ctx, AlertEntry e) {
        List<Line> lines = new ArrayList<>();
        for (var s : e.statusHistory()) {
            lines.add(new Line(s.at(), "engine", Labels.engineStatus(s.status()), null, "engine"));
        }
        for (AlertAction a : e.actions()) {
            lines.add(new Line(a.getAt(), a.getActor(), Labels.enumWord(a.getAction()), a.getReason(),
                    "action-" + a.getAction().name().toLowerCase(Locale.ROOT)));
        }
        lines.sort(Comparator.comparing(Line::at));
        h.raw("<section class=\"card\" aria-labelledby=\"hist-h\"><h2 id=\"hist-h\">History</h2><ol class=\"history\">");
        for (Line l : lines) {
            h.f("<li class=\"%s\"><time datetime=\"%s\">%s</time> <strong>%s</strong> <span class=\"who\">%s</span>",
                    l.cls(), l.at(), Labels.dateTime(l.at(), ctx.zone()), l.what(), l.who());
            if (l.detail() != null) {
                h.f("<blockquote>%s</blockquote>", l.detail());
            }
            h.raw("</li>");
        }
        h.raw("</ol></section>");
    }

    private static void rule(Html h, String ruleId, Map<String, String> params) {
        h.raw("<section class=\"card\" aria-labelledby=\"rule-h\"><h2 id=\"rule-h\">Rule</h2>");
        h.f("<p class=\"mono\">%s</p>", ruleId);
        if (!params.isEmpty()) {
            h.raw("<dl class=\"params\">");
            params.entrySet().stream().sorted(Map.Entry.comparingByKey())
                    .forEach(p -> h.f("<div><dt>%s</dt><dd>%s</dd></div>", p.getKey(), p.getValue()));
            h.raw("</dl>");
        }
        h.raw("</section>");
    }

    private static void delivery(Html h, PageContext ctx, AlertPageModel m) {
        if (m.deliveries().isEmpty() && m.escalationDueAt().isEmpty()) {
            return;
        }
        h.raw("<section class=\"card\" aria-labelledby=\"del-h\"><h2 id=\"del-h\">Notifications</h2><ul class=\"plain\">");
        for (AlertDelivery d : m.deliveries()) {
            h.f("<li>%s to <strong>%s</strong> on %s%s</li>", d.getStep() == org.dlmwatch.events.v1.DeliveryStep.RAISED
                    ? "Sent" : "Escalated", d.getChannel(), Labels.dateTime(d.getDeliveredAt(), ctx.zone()),
                    d.getAttempts() > 1 ? " after " + d.getAttempts() + " attempts" : "");
        }
        m.escalationDueAt().ifPresent(t -> {
            boolean escalated = m.deliveries().stream()
                    .anyMatch(d -> d.getStep() == org.dlmwatch.events.v1.DeliveryStep.ESCALATION);
            if (!escalated) {
                h.f("<li>Escalates %s if not acknowledged</li>", t.isAfter(ctx.now())
                        ? "on " + Labels.dateTime(t, ctx.zone()) : "now");
            }
        });
        h.raw("</ul></section>");
    }

    // ---- patient -----------------------------------------------------------------------------------

    public static String patient(PageContext ctx, PatientSummary p, List<AlertEntry> alerts, long version) {
        Html h = new Html();
        h.raw("<nav class=\"crumbs\" aria-label=\"Breadcrumb\"><a href=\"/worklist\">Open alerts</a> <span aria-hidden=\"true\">›</span> ");
        h.f("<span>Patient %s</span></nav>", p.patientId());
        h.f("<header class=\"card\"><h1>Patient %s</h1>", p.patientId());
        var en = p.enrollment();
        if (en == null) {
            h.raw("<p class=\"muted\">No enrollment received for this patient.</p>");
        } else {
            h.raw("<dl class=\"meta\">");
            h.f("<div><dt>Programme</dt><dd>%s%s</dd></div>", Labels.enumWord(en.status()),
                    en.endReason() == null ? "" : " (" + Labels.enumWord(en.endReason()) + ")");
            h.f("<div><dt>Enrolled</dt><dd>%s</dd></div>", Labels.date(en.enrolledOn()));
            h.f("<div><dt>Last chemotherapy</dt><dd>%s</dd></div>",
                    en.lastChemoDoseOn() == null ? "–" : Labels.date(en.lastChemoDoseOn()));
            h.f("<div><dt>Registered DLM</dt><dd>%s</dd></div>", en.lesions().size());
            List<String> flags = new ArrayList<>();
            if (en.smoker()) {
                flags.add("current smoker");
            }
            if (en.chronicLiverDisease()) {
                flags.add("chronic liver disease");
            }
            h.f("<div><dt>Context</dt><dd>%s</dd></div>", flags.isEmpty() ? "–" : String.join(", ", flags));
            h.raw("</dl>");
        }
        h.raw("</header>");
        h.raw("<section class=\"card\" aria-labelledby=\"pa-h\"><h2 id=\"pa-h\">Alerts</h2>");
        if (alerts.isEmpty()) {
            h.raw("<p class=\"muted\">No alert for this patient.</p>");
        } else {
            h.raw("<table class=\"worklist\"><thead><tr><th scope=\"col\">Severity</th><th scope=\"col\">Alert</th>"
                    + "<th scope=\"col\">Status</th><th scope=\"col\">Raised</th></tr></thead><tbody>");
            for (AlertEntry e : alerts) {
                h.f("<tr class=\"sev-%s%s\"><td>", e.alert().getSeverity().name().toLowerCase(Locale.ROOT),
                        e.open() ? "" : " closed");
                h.raw(severityBadge(e.alert().getSeverity()));
                h.f("</td><td><a href=\"/alerts/%s\">%s</a><div class=\"sub\">%s</div></td><td>", e.alertId(),
                        e.alert().getTitle(), Labels.type(e.alert().getType()));
                h.raw(statusPills(e));
                h.f("</td><td>%s</td></tr>", Labels.date(e.since(), ctx.zone()));
            }
            h.raw("</tbody></table>");
        }
        h.raw("</section>");
        cea(h, p, Set.of(), ctx, false);
        Set<String> concerned = new HashSet<>();
        lesions(h, p, concerned, ctx);
        h.raw("<section class=\"card\" aria-labelledby=\"img-h\"><h2 id=\"img-h\">Imaging reports</h2>");
        if (p.imaging().isEmpty()) {
            h.raw("<p class=\"muted\">No imaging report.</p>");
        } else {
            h.raw("<table><thead><tr><th scope=\"col\">Study</th><th scope=\"col\">Modality</th><th scope=\"col\">Report</th>"
                    + "<th scope=\"col\">Findings</th></tr></thead><tbody>");
            for (ImagingReport r : p.imaging()) {
                List<String> fs = new ArrayList<>();
                for (LesionFinding f : r.findings()) {
                    fs.add((f.trackingId() == null ? "" : f.trackingId() + " ") + "seg " + f.segment().label() + ": "
                            + f.status().name().toLowerCase(Locale.ROOT)
                            + (f.sizeMm() == null ? "" : ", " + Labels.num(f.sizeMm()) + " mm"));
                }
                h.f("<tr><td>%s</td><td>%s</td><td class=\"mono\">%s%s</td><td>%s</td></tr>",
                        Labels.date(r.studyAt(), ctx.zone()), r.modality(), r.reportId(),
                        r.status() == org.dlmwatch.rules.model.ReportStatus.AMENDED ? " (amended)" : "",
                        fs.isEmpty() ? "no lesion reported" : String.join("; ", fs));
            }
            h.raw("</tbody></table>");
        }
        h.raw("</section>");
        return Layout.page("Patient " + p.patientId(), null, ctx, h.toString(),
                "data-live=\"patient\" data-version=\"" + version + "\"");
    }

    /** Open alerts per severity, for the worklist's summary line. */
    public static Map<Severity, Integer> countBySeverity(List<AlertEntry> open) {
        Map<Severity, Integer> counts = new EnumMap<>(Severity.class);
        for (AlertEntry e : open) {
            counts.merge(e.alert().getSeverity(), 1, Integer::sum);
        }
        return counts;
    }
}
