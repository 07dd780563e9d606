package org.dlmwatch.observability;

import io.javalin.Javalin;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The operators' endpoints of one service, on a port of its own:
 * <ul>
 *   <li>{@code GET /health/live}: 200 while the process runs;
 *   <li>{@code GET /health/ready}: 200 only when every readiness check is up, else 503, with each
 *       check's state as JSON;
 *   <li>{@code GET /metrics}: every metric in the Prometheus text format.
 * </ul>
 */
public final class OpsServer implements AutoCloseable {

    private final Javalin app;

    private OpsServer(Javalin app) {
        this.app = app;
    }

    /**
     * @param port 0 picks a free port
     * @param readiness named checks, all of which must be up for the service to be ready
     */
    public static OpsServer start(String host, int port, PrometheusMeterRegistry metrics,
            Map<String, HealthCheck> readiness) {
        Javalin app = Javalin.create(config -> config.showJavalinBanner = false);
        app.get("/health/live", ctx -> ctx.json(Map.of("status", "UP")));
        app.get("/health/ready", ctx -> {
            Map<String, Object> checks = new LinkedHashMap<>();
            boolean ready = true;
            for (var entry : readiness.entrySet()) {
                Health health = HealthCheck.safely(entry.getValue());
                ready &= health.up();
                checks.put(entry.getKey(), Map.of("status", health.up() ? "UP" : "DOWN", "detail", health.detail()));
            }
            ctx.status(ready ? 200 : 503).json(Map.of("status", ready ? "UP" : "DOWN", "checks", checks));
        });
        app.get("/metrics", ctx -> ctx.contentType("text/plain; version=0.0.4; charset=utf-8").result(metrics.scrape()));
        app.start(host, port);
        return new OpsServer(app);
    }

    public int port() {
        return app.port();
    }

    @Override
    public void close() {
        app.stop();
    }
}
