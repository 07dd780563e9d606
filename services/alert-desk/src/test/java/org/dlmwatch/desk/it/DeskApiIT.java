package org.dlmwatch.desk.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.dlmwatch.desk.support.Fixtures.alert;
import static org.dlmwatch.desk.support.Fixtures.cea;
import static org.dlmwatch.desk.support.Fixtures.finding;
import static org.dlmwatch.desk.support.Fixtures.mri;
import static org.dlmwatch.desk.support.Fixtures.t;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import org.dlmwatch.desk.AlertDesk;
import org.dlmwatch.desk.support.DeskClient;
import org.dlmwatch.desk.support.DeskCluster;
import org.dlmwatch.desk.support.Fixtures;
import org.dlmwatch.events.v1.AlertStatus;
import org.dlmwatch.events.v1.AlertType;
import org.dlmwatch.events.v1.FindingStatus;
import org.dlmwatch.events.v1.Severity;
import org.dlmwatch.events.v1.SurveillanceAlert;
import org.dlmwatch.local.LocalCluster;
import org.dlmwatch.local.WithLocalCluster;
import org.dlmwatch.platform.topics.TopicCatalog;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The HTTP API over real HTTP, against the desk running on the real broker and registry. */
@WithLocalCluster
class DeskApiIT {

    private static final String RUN = UUID.randomUUID().toString().substring(0, 8);
    /** Read-only patient: list, filter, detail, summary. */
    private static final String P = "api-p-" + RUN;
    /** Patient whose alerts the action tests change. */
    private static final String Q = "api-q-" + RUN;
    private static final Instant DETECTED = Instant.now().minus(Duration.ofHours(30));

    private static DeskCluster env;
    private static AlertDesk desk;
    private static DeskClient clinician;
    private static DeskClient viewer;
    private static DeskClient ops;

    /** Alert ids, like the engine's, do not contain the patient id (logs name alert ids). */
    private static String id(String patient, String n) {
        return "A-" + RUN + (patient.equals(P) ? "-p" : "-q") + n;
    }

    @BeforeAll
    static void start(LocalCluster cluster) throws Exception {
        env = new DeskCluster(cluster, Path.of("target", "it-desk", "api"));
        env.publish(TopicCatalog.ENROLLMENTS, P, Fixtures.enrollment(P));
        env.publish(TopicCatalog.LAB_RESULTS, P, cea(P, P + "-R1", "2025-02-01T08:00:00Z", 2.1, "Roche Elecsys"));
        env.publish(TopicCatalog.LAB_RESULTS, P, Fixtures.otherLab(P, P + "-HB1", "2025-02-01T08:00:00Z"));
        env.publish(TopicCatalog.LAB_RESULTS, P, cea(P, P + "-R2", "2025-05-02T08:00:00Z", 6.4, "Roche Elecsys"));
        env.publish(TopicCatalog.LAB_RESULTS, P, cea(P, P + "-R3", "2025-05-23T08:00:00Z", 9.8, "Roche Elecsys"));
        env.publish(TopicCatalog.IMAGING_REPORTS, P, mri(P, P + "-I1", "2025-04-10T10:00:00Z",
                finding("L1", "VII", null, FindingStatus.ABSENT), finding(null, "IVa", null, FindingStatus.ABSENT)));
        env.publish(TopicCatalog.IMAGING_REPORTS, P, mri(P, P + "-I2", "2025-06-02T10:00:00Z",
                finding("L1", "VII", 8.0, FindingStatus.PRESENT), finding(null, "IVa", null, FindingStatus.ABSENT)));
        List<SurveillanceAlert> alerts = new ArrayList<>(List.of(
                alert(P, id(P, "1"), AlertType.CEA_RISE_ABOVE_BASELINE, Severity.HIGH, AlertStatus.RAISED,
                        DETECTED.plusSeconds(60), List.of(P + "-R1", P + "-R3")),
                alert(P, id(P, "2"), AlertType.DLM_REAPPEARANCE, Severity.HIGH, AlertStatus.RAISED,
                        DETECTED.plusSeconds(30), List.of()),
                alert(P, id(P, "3"), AlertType.RESCUE_EVALUATION, Severity.CRITICAL, AlertStatus.RAISED,
                        DETECTED.plusSeconds(90), List.of(P + "-R3")),
                alert(P, id(P, "4"), AlertType.CEA_REPEAT_REQUESTED, Severity.LOW, AlertStatus.RAISED,
                        DETECTED, List.of(P + "-R2")),
                alert(P, id(P, "5"), AlertType.SURVEILLANCE_OVERDUE, Severity.MEDIUM, AlertStatus.RAISED,
                        DETECTED, List.of())));
        alerts.add(Fixtures.withStatus(alerts.get(3), AlertStatus.FULFILLED, DETECTED.plusSeconds(600)));
        for (String n : List.of("1", "2", "3", "4", "5", "6", "7")) {
            alerts.add(alert(Q, id(Q, n), AlertType.CEA_RISE_ABOVE_BASELINE, Severity.HIGH, AlertStatus.RAISED,
                    DETECTED, List.of()));
        }
        alerts.forEach(a -> env.publish(TopicCatalog.ALERTS, a.getPatientId(), a));

        desk = new AlertDesk(env.settings("api-it-" + RUN)).start();
        clinician = DeskClient.signedIn(desk.url(), "clara");
        viewer = DeskClient.signedIn(desk.url(), "victor");
        ops = DeskClient.signedIn(desk.url(), "olga");
    }

    @AfterAll
    static void stop() {
        if (desk != null) {
            desk.close();
        }
        if (env != null) {
            env.close();
        }
    }

    // ---- no session, no data ------------------------------------------------------------------------

    @Test
    void withoutSessionTheApiAnswers401AndThePagesSendToSignIn() {
        DeskClient anonymous = new DeskClient(desk.url());
        assertThat(anonymous.get("/api/alerts").status()).isEqualTo(401);
        assertThat(anonymous.get("/api/alerts/" + id(P, "1")).status()).isEqualTo(401);
        assertThat(anonymous.get("/api/patients/" + P).status()).isEqualTo(401);
        assertThat(anonymous.post("/api/alerts/" + id(Q, "1") + "/actions", "{\"action\":\"ACKNOWLEDGE\"}").status())
                .isEqualTo(401);
        DeskClient.Response page = anonymous.get("/alerts/" + id(P, "1"));
        assertThat(page.status()).isEqualTo(302);
        assertThat(page.raw().headers().firstValue("Location").orElseThrow()).startsWith("/login?next=");
        assertThat(page.body()).doesNotContain(P);
        assertThat(anonymous.get("/health").status()).isEqualTo(200);
    }

    @Test
    void wrongPasswordIsRefused() {
        DeskClient c = new DeskClient(desk.url());
        DeskClient.Response r = c.post("/api/session", "{\"username\":\"clara\",\"password\":\"nope\"}");
        assertThat(r.status()).isEqualTo(401);
        assertThat(c.get("/api/alerts").status()).isEqualTo(401);
        assertThat(c.post("/api/session", "{\"username\":\"nobody\",\"password\":\"x\"}").status()).isEqualTo(401);
        assertThat(c.post("/api/session", "{\"username\":\"clara\"}").status()).isEqualTo(400);
    }

    @Test
    void repeatedFailuresMakeThatUserNameWaitAndNoOther() {
        DeskClient c = new DeskClient(desk.url());
        for (int i = 1; i <= 6; i++) {
            assertThat(c.post("/api/session", "{\"username\":\"mallory\",\"password\":\"guess" + i + "\"}").status())
                    .as("failure %d is checked", i).isEqualTo(401);
        }
        DeskClient.Response refused = c.post("/api/session", "{\"username\":\"mallory\",\"password\":\"guess7\"}");
        assertThat(refused.status()).isEqualTo(429);
        assertThat(refused.raw().headers().firstValue("Retry-After")).hasValueSatisfying(
                seconds -> assertThat(Integer.parseInt(seconds)).isBetween(1, 30));
        assertThat(refused.body()).contains("Too many failed sign-ins");
        assertThat(DeskClient.signedIn(desk.url(), "clara").get("/api/alerts").status())
                .as("another user signs in as usual").isEqualTo(200);
    }

    // ---- list, filter, paging ------------------------------------------------------------------------

    @Test
    void listsAPatientsAlertsMostSevereFirstThenOldest() {
        JsonNode page = ok(clinician.get("/api/alerts?patientId=" + P));
        assertThat(page.get("total").asInt()).isEqualTo(5);
        assertThat(ids(page)).containsExactly(id(P, "3"), id(P, "2"), id(P, "1"), id(P, "5"), id(P, "4"));
        JsonNode first = page.get("items").get(0);
        assertThat(first.get("severity").asText()).isEqualTo("CRITICAL");
        assertThat(first.get("status").asText()).isEqualTo("RAISED");
        assertThat(first.get("teamStatus").asText()).isEqualTo("OPEN");
        assertThat(first.get("open").asBoolean()).isTrue();
        assertThat(first.get("patientId").asText()).isEqualTo(P);
        assertThat(first.get("title").asText()).startsWith("Rescue evaluation");
    }

    @Test
    void filtersBySeverityStatusTypeAndOpenOrClosed() {
        assertThat(ids(ok(clinician.get("/api/alerts?patientId=" + P + "&severity=HIGH"))))
                .containsExactly(id(P, "2"), id(P, "1"));
        assertThat(ids(ok(clinician.get("/api/alerts?patientId=" + P + "&severity=high,critical"))))
                .containsExactly(id(P, "3"), id(P, "2"), id(P, "1"));
        assertThat(ids(ok(clinician.get("/api/alerts?patientId=" + P + "&status=FULFILLED"))))
                .containsExactly(id(P, "4"));
        assertThat(ids(ok(clinician.get("/api/alerts?patientId=" + P + "&type=DLM_REAPPEARANCE"))))
                .containsExactly(id(P, "2"));
        assertThat(ids(ok(clinician.get("/api/alerts?patientId=" + P + "&state=open")))).hasSize(4)
                .doesNotContain(id(P, "4"));
        assertThat(ids(ok(clinician.get("/api/alerts?patientId=" + P + "&state=closed")))).containsExactly(id(P, "4"));
        assertThat(ids(ok(clinician.get("/api/alerts?patientId=" + P + "&teamStatus=OPEN")))).hasSize(5);
    }

    @Test
    void pages() {
        JsonNode p1 = ok(clinician.get("/api/alerts?patientId=" + P + "&size=2"));
        assertThat(p1.get("total").asInt()).isEqualTo(5);
        assertThat(p1.get("pages").asInt()).isEqualTo(3);
        assertThat(ids(p1)).containsExactly(id(P, "3"), id(P, "2"));
        JsonNode p3 = ok(clinician.get("/api/alerts?patientId=" + P + "&size=2&page=3"));
        assertThat(ids(p3)).containsExactly(id(P, "4"));
        JsonNode beyond = ok(clinician.get("/api/alerts?patientId=" + P + "&size=2&page=9"));
        assertThat(beyond.get("items")).isEmpty();
    }

    @Test
    void badQueryParametersAnswer400WithAClearMessage() {
        assertError(clinician.get("/api/alerts?severity=URGENT"), 400, "'severity' must be one of LOW, MEDIUM, HIGH, CRITICAL");
        assertError(clinician.get("/api/alerts?status=OPEN"), 400, "'status' must be one of RAISED, RETRACTED, FULFILLED");
        assertError(clinician.get("/api/alerts?state=maybe"), 400, "'state' must be one of open, closed, all");
        assertError(clinician.get("/api/alerts?page=0"), 400, "'page' must be a whole number from 1");
        assertError(clinician.get("/api/alerts?size=1000"), 400, "'size' must be a whole number from 1 to 200");
        assertError(clinician.get("/api/alerts?colour=red"), 400, "unknown parameter 'colour'");
    }

    // ---- detail ---------------------------------------------------------------------------------------

    @Test
    void oneAlertWithEvidenceRuleParametersAndHistory() {
        JsonNode a = ok(clinician.get("/api/alerts/" + id(P, "1")));
        assertThat(a.get("alertId").asText()).isEqualTo(id(P, "1"));
        assertThat(a.get("recommendation").asText()).contains("not a diagnosis");
        assertThat(a.get("evidence")).hasSize(2);
        assertThat(a.get("evidence").get(0).get("kind").asText()).isEqualTo("LAB_RESULT");
        assertThat(a.get("evidence").get(0).get("refId").asText()).isEqualTo(P + "-R1");
        assertThat(a.get("ruleId").asText()).isEqualTo("CEA_RISE_ABOVE_BASELINE");
        assertThat(a.get("ruleParameters").get("cea.riseAboveBaselineUgL").asText()).isEqualTo("7");
        assertThat(a.get("actions")).isEmpty();
        assertThat(a.get("statusHistory")).hasSize(1);

        JsonNode fulfilled = ok(clinician.get("/api/alerts/" + id(P, "4")));
        assertThat(fulfilled.get("status").asText()).isEqualTo("FULFILLED");
        assertThat(fulfilled.get("open").asBoolean()).isFalse();
        assertThat(fulfilled.get("statusHistory").findValuesAsText("status")).containsExactly("RAISED", "FULFILLED");
        assertThat(fulfilled.get("versions").asInt()).isEqualTo(2);
    }

    @Test
    void unknownIdsAnswer404() {
        assertError(clinician.get("/api/alerts/A-does-not-exist"), 404, "unknown alert");
        assertError(clinician.get("/api/patients/nobody-" + RUN), 404, "unknown patient");
        assertError(clinician.post("/api/alerts/A-does-not-exist/actions", "{\"action\":\"ACKNOWLEDGE\"}"), 404,
                "unknown alert");
    }

    // ---- actions --------------------------------------------------------------------------------------

    @Test
    void acknowledgeThenCommentThenResolve() {
        String alert = id(Q, "1");
        DeskClient.Response ack = clinician.post("/api/alerts/" + alert + "/actions", "{\"action\":\"ACKNOWLEDGE\"}");
        assertThat(ack.status()).as(ack.body()).isEqualTo(201);
        JsonNode body = ack.json();
        assertThat(body.get("action").get("action").asText()).isEqualTo("ACKNOWLEDGE");
        assertThat(body.get("action").get("actor").asText()).isEqualTo("clara");
        assertThat(body.get("alert").get("teamStatus").asText()).isEqualTo("ACKNOWLEDGED");

        JsonNode commented = created(clinician.post("/api/alerts/" + alert + "/actions",
                "{\"action\":\"COMMENT\",\"reason\":\"MRI booked for Tuesday\"}"));
        assertThat(commented.get("alert").get("teamStatus").asText()).isEqualTo("ACKNOWLEDGED");

        JsonNode resolved = created(clinician.post("/api/alerts/" + alert + "/actions",
                "{\"action\":\"resolve\",\"reason\":\"discussed at MDT\"}"));
        assertThat(resolved.get("alert").get("teamStatus").asText()).isEqualTo("RESOLVED");
        assertThat(resolved.get("alert").get("open").asBoolean()).isFalse();

        JsonNode detail = ok(clinician.get("/api/alerts/" + alert));
        assertThat(detail.get("actions").findValuesAsText("action")).containsExactly("ACKNOWLEDGE", "COMMENT", "RESOLVE");
        assertThat(detail.get("actions").findValuesAsText("actor")).containsOnly("clara");
        assertThat(detail.get("actions").get(1).get("reason").asText()).isEqualTo("MRI booked for Tuesday");
        assertThat(Instant.parse(detail.get("actions").get(0).get("at").asText())).isAfter(Instant.now().minusSeconds(60));
    }

    @Test
    void overrideNeedsAReason() {
        String alert = id(Q, "2");
        assertError(clinician.post("/api/alerts/" + alert + "/actions", "{\"action\":\"OVERRIDE\"}"), 400,
                "an override needs a reason");
        assertError(clinician.post("/api/alerts/" + alert + "/actions", "{\"action\":\"OVERRIDE\",\"reason\":\"   \"}"),
                400, "an override needs a reason");
        JsonNode overridden = created(clinician.post("/api/alerts/" + alert + "/actions",
                "{\"action\":\"OVERRIDE\",\"reason\":\"known benign haemangioma, see MDT 2025-06\"}"));
        assertThat(overridden.get("alert").get("teamStatus").asText()).isEqualTo("OVERRIDDEN");
        assertThat(overridden.get("action").get("reason").asText()).isEqualTo("known benign haemangioma, see MDT 2025-06");
        assertError(clinician.post("/api/alerts/" + alert + "/actions",
                "{\"action\":\"OVERRIDE\",\"reason\":\"again\"}"), 409, "already overridden");
    }

    @Test
    void invalidActionsAnswer400Or409() {
        String alert = id(Q, "3");
        String path = "/api/alerts/" + alert + "/actions";
        assertError(clinician.post(path, "{}"), 400, "field 'action' is required");
        assertError(clinician.post(path, "{\"action\":\"DELETE\"}"), 400,
                "'action' must be one of ACKNOWLEDGE, OVERRIDE, RESOLVE, COMMENT");
        assertError(clinician.post(path, "{\"action\":\"COMMENT\"}"), 400, "a comment needs a text");
        assertError(clinician.post(path, "{\"action\":42}"), 400, "field 'action' must be a string");
        assertError(clinician.post(path, "not json"), 400, "not valid JSON");
        assertError(clinician.post(path, "[1,2]"), 400, "must be a JSON object");
        assertError(clinician.post(path, "{\"action\":\"COMMENT\",\"reason\":\"" + "x".repeat(2001) + "\"}"), 400,
                "longer than 2000 characters");
        DeskClient.Response form = clinician.send(HttpRequest.newBuilder(URI.create(desk.url() + "api/alerts/" + alert
                + "/actions")).header("Content-Type", "text/plain").POST(HttpRequest.BodyPublishers.ofString("x")));
        assertThat(form.status()).isEqualTo(415);

        created(clinician.post(path, "{\"action\":\"ACKNOWLEDGE\"}"));
        assertError(clinician.post(path, "{\"action\":\"ACKNOWLEDGE\"}"), 409, "already acknowledged");
        created(clinician.post(path, "{\"action\":\"RESOLVE\"}"));
        assertError(clinician.post(path, "{\"action\":\"OVERRIDE\",\"reason\":\"late\"}"), 409, "already resolved");
        created(clinician.post(path, "{\"action\":\"COMMENT\",\"reason\":\"comments are still welcome\"}"));
        assertThat(ok(clinician.get("/api/alerts/" + alert)).get("actions")).hasSize(3);
    }

    // ---- roles ----------------------------------------------------------------------------------------

    @Test
    void viewerReadsButCannotAct() {
        assertThat(ok(viewer.get("/api/alerts?patientId=" + P)).get("total").asInt()).isEqualTo(5);
        assertThat(ok(viewer.get("/api/alerts/" + id(P, "1"))).get("alertId").asText()).isEqualTo(id(P, "1"));
        assertError(viewer.post("/api/alerts/" + id(Q, "4") + "/actions", "{\"action\":\"ACKNOWLEDGE\"}"), 403,
                "viewers can read alerts but not act on them");
        assertThat(ok(clinician.get("/api/alerts/" + id(Q, "4"))).get("actions")).isEmpty();
        assertThat(viewer.get("/metrics").status()).isEqualTo(403);
    }

    @Test
    void opsSeesHealthAndMetricsOnly() {
        assertError(ops.get("/api/alerts"), 403, "your role (ops) may not use this");
        assertThat(ops.get("/api/patients/" + P).status()).isEqualTo(403);
        DeskClient.Response metrics = ops.get("/metrics");
        assertThat(metrics.status()).isEqualTo(200);
        assertThat(metrics.body()).contains("dlmwatch_desk_view_records_total");
        JsonNode health = ok(ops.get("/ops/health"));
        assertThat(health.get("ready").asBoolean()).isTrue();
        assertThat(clinician.get("/ops/health").status()).isEqualTo(403);

        // a metrics scraper signs in with HTTP Basic
        String basic = "Basic " + Base64.getEncoder().encodeToString(("olga:" + DeskCluster.PASSWORD)
                .getBytes(StandardCharsets.UTF_8));
        DeskClient scraper = new DeskClient(desk.url());
        assertThat(scraper.send(HttpRequest.newBuilder(URI.create(desk.url() + "metrics")).header("Authorization", basic)
                .GET()).status()).isEqualTo(200);
        assertThat(scraper.send(HttpRequest.newBuilder(URI.create(desk.url() + "metrics"))
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString("olga:wrong".getBytes(
                        StandardCharsets.UTF_8))).GET()).status()).isEqualTo(401);
    }

    // ---- patient summary -------------------------------------------------------------------------------

    @Test
    void patientSummaryHasEnrollmentLesionsCeaImagingAndAlerts() {
        JsonNode p = ok(clinician.get("/api/patients/" + P));
        assertThat(p.get("enrollment").get("enrolledOn").asText()).isEqualTo("2025-01-10");
        assertThat(p.get("enrollment").get("lesions")).hasSize(2);
        JsonNode l1 = p.get("lesionRegistry").get(0);
        assertThat(l1.get("key").asText()).isEqualTo("L1");
        assertThat(l1.get("lastConfirmedAbsentAt").asText()).isEqualTo("2025-04-10T10:00:00Z");
        assertThat(l1.get("reappearedAt").asText()).isEqualTo("2025-06-02T10:00:00Z");
        JsonNode l2 = p.get("lesionRegistry").get(1);
        assertThat(l2.get("lastConfirmedAbsentAt").asText()).isEqualTo("2025-06-02T10:00:00Z");
        assertThat(l2.get("reappearedAt").isNull()).isTrue();
        JsonNode ceaSeries = p.get("cea");
        assertThat(ceaSeries.get("values")).hasSize(3); // the haemoglobin result is not CEA
        assertThat(ceaSeries.get("values").findValuesAsText("resultId"))
                .containsExactly(P + "-R1", P + "-R2", P + "-R3");
        assertThat(ceaSeries.get("baseline").get("value").asDouble()).isEqualTo(2.1);
        assertThat(ceaSeries.get("values").get(2).get("uln").asDouble()).isEqualTo(5.0);
        assertThat(p.get("imaging")).hasSize(2);
        assertThat(p.get("alerts")).hasSize(5);
    }

    // ---- engine status changes -------------------------------------------------------------------------

    @Test
    void aRetractionIsShownAndTheTeamsActionsAreKept() {
        String alert = id(Q, "5");
        created(clinician.post("/api/alerts/" + alert + "/actions", "{\"action\":\"ACKNOWLEDGE\"}"));
        SurveillanceAlert raised = alert(Q, alert, AlertType.CEA_RISE_ABOVE_BASELINE, Severity.HIGH,
                AlertStatus.RAISED, DETECTED, List.of());
        env.publish(TopicCatalog.ALERTS, Q, Fixtures.withStatus(raised, AlertStatus.RETRACTED, Instant.now()));
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
            JsonNode a = ok(clinician.get("/api/alerts/" + alert));
            assertThat(a.get("status").asText()).isEqualTo("RETRACTED");
            assertThat(a.get("open").asBoolean()).isFalse();
            assertThat(a.get("teamStatus").asText()).isEqualTo("ACKNOWLEDGED");
            assertThat(a.get("actions")).hasSize(1);
        });
    }

    @Test
    void pagesRenderForSignedInUsers() {
        DeskClient.Response worklist = clinician.get("/worklist");
        assertThat(worklist.status()).isEqualTo(200);
        assertThat(worklist.body()).contains("Open alerts").contains(id(P, "3"));
        DeskClient.Response page = viewer.get("/alerts/" + id(P, "1"));
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.body()).contains("CEA series").contains("Only clinicians can act").doesNotContain("btn-override");
        assertThat(page.body()).contains("class=\"cea-point trigger").contains("data-result-id=\"" + P + "-R3\"");
        assertThat(clinician.get("/patients/" + P).body()).contains("Lesion timeline");
        assertThat(clinician.get("/alerts/nope").status()).isEqualTo(404);
    }

    // ---- helpers -----------------------------------------------------------------------------------------

    private static JsonNode ok(DeskClient.Response r) {
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return r.json();
    }

    private static JsonNode created(DeskClient.Response r) {
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        return r.json();
    }

    private static void assertError(DeskClient.Response r, int status, String message) {
        assertThat(r.status()).as(r.body()).isEqualTo(status);
        assertThat(r.json().get("error").asText()).contains(message);
    }

    private static List<String> ids(JsonNode page) {
        return page.get("items").findValuesAsText("alertId");
    }

    @SuppressWarnings("unused")
    private static Instant at(String iso) {
        return t(iso);
    }
}
