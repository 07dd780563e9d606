package org.dlmwatch.desk.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.dlmwatch.desk.AlertDesk;
import org.dlmwatch.desk.DeskSettings;
import org.dlmwatch.desk.delivery.Backoff;
import org.dlmwatch.desk.delivery.Channel;
import org.dlmwatch.desk.delivery.DeliveryConfig;
import org.dlmwatch.desk.delivery.PatientData;
import org.dlmwatch.desk.support.DeskClient;
import org.dlmwatch.desk.support.DeskCluster;
import org.dlmwatch.desk.support.Fixtures;
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
 * Actions and delivery state live in Kafka: a restarted desk shows the same alerts, actions and
 * deliveries and sends nothing again; a second instance beside it shows the same state, and the two
 * deliver each new alert once between them.
 */
@WithLocalCluster
class DeskRestartIT {

    private static final String RUN = UUID.randomUUID().toString().substring(0, 8);
    private static final String P = "pt-rst-" + RUN;
    private static final String FIRST = "A-" + RUN + "-first";
    private static final byte[] SECRET = ("restart-it-secret-" + RUN).getBytes(java.nio.charset.StandardCharsets.UTF_8);

    private static DeskCluster env;
    private static WebhookReceiver receiver;
    private static DeskSettings settings;

    @BeforeAll
    static void setUp(LocalCluster cluster) throws Exception {
        env = new DeskCluster(cluster, Path.of("target", "it-desk", "restart"));
        receiver = new WebhookReceiver(1);
        DeliveryConfig delivery = new DeliveryConfig(Severity.HIGH,
                Map.of("hook", new Channel.Webhook("hook", URI.create(receiver.url("/hook")), Map.of(),
                        Duration.ofSeconds(5), PatientData.NONE)),
                List.of("hook"), null, DeliveryConfig.DEFAULT_ESCALATION,
                new Backoff(Duration.ofMillis(50), 2.0, Duration.ofMillis(400)), Duration.ofMillis(50));
        settings = env.settings("restart-it-" + RUN).withDelivery(delivery).withSessionSecret(SECRET);
    }

    @AfterAll
    static void tearDown() {
        if (receiver != null) {
            receiver.close();
        }
        if (env != null) {
            env.close();
        }
    }

    @Test
    void actionsAndDeliveryStateSurviveARestartAndASecondInstanceShowsTheSameState() throws Exception {
        env.publish(TopicCatalog.ALERTS, P, Fixtures.alert(P, FIRST, AlertType.DLM_REAPPEARANCE, Severity.HIGH,
                AlertStatus.RAISED, Instant.now(), List.of()));

        JsonNode before;
        try (AlertDesk desk = new AlertDesk(settings).start()) {
            await().atMost(Duration.ofSeconds(15)).untilAsserted(() ->
                    assertThat(receiver.accepted("/hook", FIRST)).hasSize(1));
            DeskClient clara = DeskClient.signedIn(desk.url(), "clara");
            assertThat(clara.post("/api/alerts/" + FIRST + "/actions", "{\"action\":\"ACKNOWLEDGE\"}").status())
                    .isEqualTo(201);
            assertThat(clara.post("/api/alerts/" + FIRST + "/actions",
                    "{\"action\":\"COMMENT\",\"reason\":\"booked MRI\"}").status()).isEqualTo(201);
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                    assertThat(clara.get("/api/alerts/" + FIRST).json().get("deliveries")).hasSize(1));
            before = clara.get("/api/alerts/" + FIRST).json();
        }
        assertThat(before.get("teamStatus").asText()).isEqualTo("ACKNOWLEDGED");

        // restart: the same state, read back from the topics; nothing delivered twice
        try (AlertDesk restarted = new AlertDesk(settings).start()) {
            DeskClient clara = DeskClient.signedIn(restarted.url(), "clara");
            JsonNode after = clara.get("/api/alerts/" + FIRST).json();
            assertThat(after.get("teamStatus").asText()).isEqualTo("ACKNOWLEDGED");
            assertThat(after.get("actions")).isEqualTo(before.get("actions"));
            assertThat(after.get("deliveries")).isEqualTo(before.get("deliveries"));
            assertThat(after.get("deliveries").get(0).get("deliveryId").asText()).isEqualTo(FIRST + ":RAISED:hook");

            // a second instance of the same deployment (same group, same session secret)
            try (AlertDesk second = new AlertDesk(settings).start()) {
                JsonNode seen = DeskClient.signedIn(second.url(), "victor").get("/api/alerts/" + FIRST).json();
                assertThat(seen.get("actions")).isEqualTo(before.get("actions"));
                assertThat(seen.get("teamStatus").asText()).isEqualTo("ACKNOWLEDGED");

                // the session cookie of one instance is good on the other
                String cookie = clara.send(HttpRequest.newBuilder(URI.create(restarted.url() + "api/session"))
                        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(
                                "{\"username\":\"clara\",\"password\":\"" + DeskCluster.PASSWORD + "\"}")))
                        .raw().headers().firstValue("Set-Cookie").orElseThrow().split(";")[0];
                DeskClient plain = new DeskClient(second.url());
                assertThat(plain.send(HttpRequest.newBuilder(URI.create(second.url() + "api/alerts/" + FIRST))
                        .header("Cookie", cookie).GET()).status()).isEqualTo(200);

                // an action through one instance shows on the other
                assertThat(DeskClient.signedIn(second.url(), "clara").post("/api/alerts/" + FIRST + "/actions",
                        "{\"action\":\"RESOLVE\"}").status()).isEqualTo(201);
                await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                        assertThat(clara.get("/api/alerts/" + FIRST).json().get("teamStatus").asText())
                                .isEqualTo("RESOLVED"));

                // new alerts while both run: each delivered once between the two instances
                for (int i = 0; i < 6; i++) {
                    String patient = P + "-" + i;
                    env.publish(TopicCatalog.ALERTS, patient, Fixtures.alert(patient, "A-" + RUN + "-n" + i,
                            AlertType.NEW_LIVER_LESION, Severity.HIGH, AlertStatus.RAISED, Instant.now(), List.of()));
                }
                await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                    for (int i = 0; i < 6; i++) {
                        assertThat(receiver.accepted("/hook", "A-" + RUN + "-n" + i)).hasSize(1);
                    }
                });
                Thread.sleep(500); // a few more ticks on both instances
                for (int i = 0; i < 6; i++) {
                    assertThat(receiver.accepted("/hook", "A-" + RUN + "-n" + i)).hasSize(1);
                }
            }
        }
        assertThat(receiver.accepted("/hook", FIRST)).hasSize(1);
        assertThat(receiver.all("/hook", FIRST)).hasSize(2); // one refusal, one acceptance, no repeat after restarts
    }
}
