package org.dlmwatch.observability;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** The ops endpoints over real HTTP. */
class OpsServerTest {

    final HttpClient http = HttpClient.newHttpClient();

    @Test
    void answersLivenessReadinessAndPrometheusMetrics() throws Exception {
        var metrics = ServiceMetrics.prometheus("test-service");
        metrics.counter("dlmwatch.test.events", "outcome", "used").increment(3);
        AtomicBoolean streamsRunning = new AtomicBoolean(false);
        Map<String, HealthCheck> readiness = new LinkedHashMap<>();
        readiness.put("kafka-streams", () -> streamsRunning.get() ? Health.up("RUNNING") : Health.down("REBALANCING"));
        readiness.put("schema-registry", () -> Health.up("answers"));

        try (OpsServer server = OpsServer.start("127.0.0.1", 0, metrics, readiness)) {
            assertThat(get(server, "/health/live").statusCode()).isEqualTo(200);

            HttpResponse<String> notReady = get(server, "/health/ready");
            assertThat(notReady.statusCode()).isEqualTo(503);
            assertThat(notReady.body()).contains("\"kafka-streams\"", "REBALANCING", "\"DOWN\"");

            streamsRunning.set(true);
            assertThat(get(server, "/health/ready").statusCode()).isEqualTo(200);

            HttpResponse<String> scrape = get(server, "/metrics");
            assertThat(scrape.headers().firstValue("content-type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/plain"));
            assertThat(scrape.body())
                    .contains("dlmwatch_test_events_total{outcome=\"used\",service=\"test-service\"} 3.0")
                    .contains("jvm_memory_used_bytes");
        }
    }

    @Test
    void aCheckThatThrowsIsReportedDownWithoutItsMessage() {
        Health health = HealthCheck.safely(() -> {
            throw new IllegalStateException("secret detail");
        });
        assertThat(health.up()).isFalse();
        assertThat(health.detail()).isEqualTo("check failed: IllegalStateException");
    }

    private HttpResponse<String> get(OpsServer server, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
