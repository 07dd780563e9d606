package org.dlmwatch.desk.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.internet.MimeMessage;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.dlmwatch.desk.AlertDesk;
import org.dlmwatch.desk.delivery.Backoff;
import org.dlmwatch.desk.delivery.Channel;
import org.dlmwatch.desk.delivery.DeliveryConfig;
import org.dlmwatch.desk.delivery.PatientData;
import org.dlmwatch.desk.support.DeskClient;
import org.dlmwatch.desk.support.DeskCluster;
import org.dlmwatch.desk.support.Fixtures;
import org.dlmwatch.desk.support.TestClock;
import org.dlmwatch.desk.support.WebhookReceiver;
import org.dlmwatch.events.v1.AlertStatus;
import org.dlmwatch.events.v1.AlertType;
import org.dlmwatch.events.v1.Severity;
import org.dlmwatch.local.LocalCluster;
import org.dlmwatch.local.WithLocalCluster;
import org.dlmwatch.platform.topics.TopicCatalog;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Delivery end to end on the real broker: a webhook receiver that refuses the first attempts gets
 * exactly one accepted delivery per alert (retries visible in the metrics); a local SMTP server
 * (GreenMail) receives the emails; escalation fires once after the configured time, driven by a
 * controllable clock.
 */
@WithLocalCluster
class DeliveryIT {

    private static final String RUN = UUID.randomUUID().toString().substring(0, 8);
    private static final String P = "pt-dlv-" + RUN;
    private static final String HIGH = "A-" + RUN + "-high";
    private static final String CRITICAL = "A-" + RUN + "-critical";
    private static final String MEDIUM = "A-" + RUN + "-medium";
    private static final String ACKED = "A-" + RUN + "-acked";
    private static final String RETRACTED = "A-" + RUN + "-retracted";
    /** Far from the real clock, so that other tests' alerts (detected "now") never escalate here. */
    private static final Instant T0 = Instant.parse("2031-03-02T08:00:00Z");

    private static DeskCluster env;
    private static AlertDesk desk;
    private static WebhookReceiver receiver;
    private static GreenMail smtp;
    private static TestClock clock;

    @BeforeAll
    static void start(LocalCluster cluster) throws Exception {
        env = new DeskCluster(cluster, Path.of("target", "it-desk", "delivery"));
        receiver = new WebhookReceiver(2);
        smtp = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        smtp.start();
        clock = new TestClock(T0.plus(Duration.ofMinutes(1)));

        env.publish(TopicCatalog.ALERTS, P, Fixtures.alert(P, HIGH, AlertType.DLM_REAPPEARANCE, Severity.HIGH,
                AlertStatus.RAISED, T0, List.of()));
        env.publish(TopicCatalog.ALERTS, P, Fixtures.alert(P, CRITICAL, AlertType.RESCUE_EVALUATION, Severity.CRITICAL,
                AlertStatus.RAISED, T0, List.of()));
        env.publish(TopicCatalog.ALERTS, P, Fixtures.alert(P, MEDIUM, AlertType.SURVEILLANCE_OVERDUE, Severity.MEDIUM,
                AlertStatus.RAISED, T0, List.of()));
        env.publish(TopicCatalog.ALERTS, P, Fixtures.alert(P, ACKED, AlertType.CEA_RISE_ABOVE_BASELINE, Severity.HIGH,
                AlertStatus.RAISED, T0, List.of()));
        var retracted = Fixtures.alert(P, RETRACTED, AlertType.NEW_LIVER_LESION, Severity.HIGH, AlertStatus.RAISED, T0,
                List.of());
        env.publish(TopicCatalog.ALERTS, P, retracted);
        env.publish(TopicCatalog.ALERTS, P, Fixtures.withStatus(retracted, AlertStatus.RETRACTED, T0.plusSeconds(5)));

        DeliveryConfig delivery = new DeliveryConfig(Severity.HIGH,
                Map.of("hook", new Channel.Webhook("hook", URI.create(receiver.url("/hook")), Map.of("X-Token", "t1"),
                                Duration.ofSeconds(5), PatientData.NONE),
                        "mail", new Channel.Email("mail", "127.0.0.1", smtp.getSmtp().getPort(), false, null, null,
                                "dlm-watch@hospital.test", List.of("hpb-mdt@hospital.test"), Duration.ofSeconds(5),
                                PatientData.NONE),
                        "escalate", new Channel.Webhook("escalate", URI.create(receiver.url("/escalate")), Map.of(),
                                Duration.ofSeconds(5), PatientData.PATIENT_ID)),
                List.of("hook", "mail"), "escalate", DeliveryConfig.DEFAULT_ESCALATION,
                new Backoff(Duration.ofSeconds(1), 2.0, Duration.ofSeconds(30)), Duration.ofMillis(50));
        desk = new AlertDesk(env.settings("delivery-it-" + RUN).withClock(clock).withDelivery(delivery)
                .withPublicBaseUrl("https://desk.hospital.test/")).start();
    }

    @AfterAll
    static void stop() {
        if (desk != null) {
            desk.close();
        }
        if (receiver != null) {
            receiver.close();
        }
        if (smtp != null) {
            smtp.stop();
        }
        if (env != null) {
            env.close();
        }
    }

    @Test
    void newAlertsAreDeliveredOnceEachDespiteFailuresThenEscalatedOnceWhenNotAcknowledged() throws Exception {
        // the receiver refuses the first two attempts; the clock drives the backoff (1 s, then 2 s)
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100)).untilAsserted(() -> {
            clock.advance(Duration.ofMillis(500));
            assertThat(receiver.accepted("/hook", HIGH)).hasSize(1);
            assertThat(receiver.accepted("/hook", CRITICAL)).hasSize(1);
            assertThat(receiver.accepted("/hook", ACKED)).hasSize(1);
        });
        WebhookReceiver.Received accepted = receiver.accepted("/hook", HIGH).get(0);
        assertThat(accepted.attempt()).isEqualTo(3);
        assertThat(receiver.all("/hook", HIGH)).extracting(WebhookReceiver.Received::idempotencyKey)
                .containsOnly(HIGH + ":RAISED");
        JsonNode body = new ObjectMapper().readTree(accepted.body());
        assertThat(body.get("alertId").asText()).isEqualTo(HIGH);
        assertThat(body.get("deliveryId").asText()).isEqualTo(HIGH + ":RAISED");
        assertThat(body.get("severity").asText()).isEqualTo("HIGH");
        assertThat(body.get("link").asText()).isEqualTo("https://desk.hospital.test/alerts/" + HIGH);
        assertThat(body.has("patientId")).as("patient data NONE").isFalse();
        assertThat(accepted.body()).doesNotContain(P);

        // below the severity threshold, and retracted before delivery: nothing
        assertThat(receiver.all("/hook", MEDIUM)).isEmpty();
        assertThat(receiver.all("/hook", RETRACTED)).isEmpty();

        // retries are visible in the metrics
        double retries = desk.meters().get("dlmwatch.desk.delivery.retries").tag("channel", "hook").counters().stream()
                .mapToDouble(c -> c.count()).sum();
        assertThat(retries).isGreaterThanOrEqualTo(6);
        assertThat(desk.meters().scrape()).contains("dlmwatch_desk_delivery_retries_total");

        // email over SMTP: short text, a link, no patient data
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> assertThat(mailsAbout(HIGH)).hasSize(1));
        MimeMessage mail = mailsAbout(HIGH).get(0);
        assertThat(mail.getSubject()).isEqualTo("[dlm-watch] HIGH alert: DLM reappearance");
        String text = ((String) mail.getContent());
        assertThat(text).contains("https://desk.hospital.test/alerts/" + HIGH).doesNotContain(P)
                .doesNotContain("reappeared in segment");
        assertThat(mail.getAllRecipients()[0].toString()).isEqualTo("hpb-mdt@hospital.test");
        assertThat(mailsAbout(CRITICAL)).hasSize(1);
        assertThat(mailsAbout(MEDIUM)).isEmpty();

        // a clinician acknowledges one HIGH alert: it will not escalate
        // (the desk's public address is https, so its session cookie is Secure: over plain http use Basic)
        DeskClient clara = DeskClient.basic(desk.url(), "clara");
        assertThat(clara.post("/api/alerts/" + ACKED + "/actions", "{\"action\":\"ACKNOWLEDGE\"}").status()).isEqualTo(201);

        // just before 4 h nothing escalates; just after, the CRITICAL alert does, once
        clock.set(T0.plus(Duration.ofHours(4)).minusSeconds(1));
        settle();
        assertThat(receiver.all("/escalate", CRITICAL)).isEmpty();
        clock.set(T0.plus(Duration.ofHours(4)).plusSeconds(1));
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100)).untilAsserted(() -> {
            clock.advance(Duration.ofMillis(500)); // the escalation receiver refuses twice too
            assertThat(receiver.accepted("/escalate", CRITICAL)).hasSize(1);
        });
        JsonNode escalation = new ObjectMapper().readTree(receiver.accepted("/escalate", CRITICAL).get(0).body());
        assertThat(escalation.get("step").asText()).isEqualTo("ESCALATION");
        assertThat(escalation.get("unacknowledgedFor").asText()).isEqualTo("PT4H");
        assertThat(escalation.get("patientId").asText()).as("this channel may name the patient").isEqualTo(P);
        assertThat(receiver.all("/escalate", HIGH)).isEmpty();

        // 24 h: the unacknowledged HIGH alert escalates once; the acknowledged one never
        clock.set(T0.plus(Duration.ofHours(24)).plusSeconds(1));
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100)).untilAsserted(() -> {
            clock.advance(Duration.ofMillis(500));
            assertThat(receiver.accepted("/escalate", HIGH)).hasSize(1);
        });
        clock.set(T0.plus(Duration.ofDays(3)));
        settle();
        assertThat(receiver.accepted("/escalate", HIGH)).hasSize(1);
        assertThat(receiver.all("/escalate", HIGH)).hasSize(3); // two refused, one accepted: no repeat after that
        assertThat(receiver.accepted("/escalate", CRITICAL)).hasSize(1);
        assertThat(receiver.all("/escalate", CRITICAL)).hasSize(3);
        assertThat(receiver.all("/escalate", ACKED)).isEmpty();
        assertThat(receiver.accepted("/hook", HIGH)).hasSize(1);
        assertThat(receiver.all("/hook", HIGH)).hasSize(3);
        assertThat(mailsAbout(HIGH)).hasSize(1);

        // the delivery state is on the alert
        JsonNode detail = clara.get("/api/alerts/" + HIGH).json();
        assertThat(detail.get("deliveries").findValuesAsText("deliveryId")).containsExactlyInAnyOrder(
                HIGH + ":RAISED:hook", HIGH + ":RAISED:mail", HIGH + ":ESCALATION:escalate");
        assertThat(detail.get("deliveries").findValues("attempts").stream().map(JsonNode::asInt).toList())
                .contains(3);
    }

    /** Lets the delivery engine run some ticks at the current clock. */
    private static void settle() throws InterruptedException {
        Thread.sleep(400); // 8 ticks of 50 ms: the clock, not this wait, decides what is due
    }

    private static List<MimeMessage> mailsAbout(String alertId) {
        return Arrays.stream(smtp.getReceivedMessages()).filter(m -> {
            try {
                return ((String) m.getContent()).contains("/alerts/" + alertId + "\n")
                        || ((String) m.getContent()).contains("/alerts/" + alertId + "\r\n");
            } catch (Exception e) {
                return false;
            }
        }).toList();
    }

    @SuppressWarnings("unused")
    private static Instant truncated(Instant t) {
        return t.truncatedTo(ChronoUnit.SECONDS);
    }
}
