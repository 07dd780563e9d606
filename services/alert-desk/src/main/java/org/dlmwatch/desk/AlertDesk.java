package org.dlmwatch.desk;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.dlmwatch.desk.action.ActionService;
import org.dlmwatch.desk.auth.Sessions;
import org.dlmwatch.desk.auth.Users;
import org.dlmwatch.desk.delivery.DeliveryEngine;
import org.dlmwatch.desk.http.DeskServer;
import org.dlmwatch.desk.view.AlertQuery;
import org.dlmwatch.desk.view.DeskView;
import org.dlmwatch.desk.view.ViewFeed;
import org.dlmwatch.events.v1.Severity;
import org.dlmwatch.platform.topics.Topics;
import org.dlmwatch.registry.HttpSchemaRegistryClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The alert desk: the oncology team's worklist and alert pages, the JSON API, the alert lifecycle
 * (actions on {@code surveillance.alert-actions.v1}) and delivery of new and escalated alerts.
 *
 * <pre>
 * try (AlertDesk desk = new AlertDesk(DeskSettings.defaults(kafka, registryUrl, usersFile)).start()) {
 *     System.out.println("alert desk: " + desk.url());
 * }
 * </pre>
 *
 * {@link #start()} reads the topics to their end first (the view is complete before the first
 * request), then starts delivery and the HTTP server. The topics must exist.
 */
public final class AlertDesk implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(AlertDesk.class);

    private final DeskSettings settings;
    private final PrometheusMeterRegistry meters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final Deque<AutoCloseable> running = new ArrayDeque<>();
    private DeskView view;
    private ViewFeed feed;
    private DeliveryEngine delivery;
    private DeskServer server;
    private String url;

    public AlertDesk(DeskSettings settings) {
        this.settings = settings;
        // on every metric, as on the engine's (ServiceMetrics): set before any meter is registered
        meters.config().commonTags("service", "alert-desk");
        new JvmMemoryMetrics().bindTo(meters);
        new ProcessorMetrics().bindTo(meters);
    }

    public synchronized AlertDesk start() {
        try {
            Users users = Users.load(settings.usersFile());
            Topics topics = new Topics(new HttpSchemaRegistryClient(settings.schemaRegistryUrl()),
                    settings.autoRegisterSchemas());
            view = new DeskView(settings.rules());
            meters.gauge("dlmwatch.desk.view.alerts", view, DeskView::alertCount);
            for (Severity severity : Severity.values()) {
                // what the team has not dealt with yet, by severity: the operators' view of the worklist
                AlertQuery open = new AlertQuery(null, Set.of(severity), null, null, null, AlertQuery.State.OPEN, 1, 1);
                Gauge.builder("dlmwatch.desk.open.alerts", view, v -> v.query(open).total())
                        .tag("severity", severity.name())
                        .register(meters);
            }
            feed = new ViewFeed(settings.kafka(), topics, view, meters);
            running.push(feed);
            feed.start(settings.startTimeout());

            ActionService actions = new ActionService(settings.kafka(), topics, view, settings.clock(), meters);
            running.push(actions);

            // the base URL is needed by delivery before the server knows its port: start the server first
            Sessions sessions = new Sessions(settings.sessionSecret(), settings.sessionTtl(), settings.clock());
            String base = settings.publicBaseUrl();
            server = new DeskServer(view, actions, users, sessions, settings.clock(), settings.displayZone(),
                    base != null && base.startsWith("https:"), meters, this::health,
                    e -> delivery == null ? Optional.empty() : delivery.escalationDueAt(e));
            server.start(settings.httpHost(), settings.httpPort());
            running.push(server);
            String host = "0.0.0.0".equals(settings.httpHost()) ? "localhost" : settings.httpHost();
            url = "http://" + host + ":" + server.port() + "/";
            if (settings.delivery().enabled()) {
                delivery = new DeliveryEngine(settings.delivery(), settings.kafka(), topics, view, settings.clock(),
                        settings.groupId(), base != null ? base : url, meters).start();
                running.push(delivery);
            }
            LOG.info("alert desk listening on {} ({} users, {} alerts, delivery {})", url, users.size(),
                    view.alertCount(), settings.delivery().enabled() ? "on" : "off");
            return this;
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    /** Where the desk answers, e.g. {@code http://127.0.0.1:8080/}; the worklist is at {@code url() + "worklist"}. */
    public String url() {
        if (url == null) {
            throw new IllegalStateException("the alert desk is not started");
        }
        return url;
    }

    public int port() {
        return server.port();
    }

    public DeskSettings settings() {
        return settings;
    }

    /** The metrics registry ({@code /metrics} serves it to the ops role). */
    public PrometheusMeterRegistry meters() {
        return meters;
    }

    /** The materialised view (read-only use: tests, embedding). */
    public DeskView view() {
        return view;
    }

    /** Ready: the view has read its topics to the end and keeps reading. */
    public boolean ready() {
        return feed != null && feed.caughtUp() && feed.alive();
    }

    Map<String, Object> health() {
        Map<String, Object> h = new LinkedHashMap<>();
        h.put("ready", ready());
        h.put("viewFeedAlive", feed != null && feed.alive());
        h.put("alerts", view == null ? 0 : view.alertCount());
        h.put("patients", view == null ? 0 : view.patientCount());
        h.put("viewVersion", view == null ? 0 : view.version());
        h.put("delivery", delivery == null ? "off" : "on");
        h.put("deliveryPending", delivery == null ? 0 : delivery.pendingCount());
        return h;
    }

    @Override
    public synchronized void close() {
        while (!running.isEmpty()) {
            AutoCloseable c = running.pop();
            try {
                c.close();
            } catch (Exception e) {
                LOG.warn("error while stopping {}: {}", c.getClass().getSimpleName(), e.getClass().getName());
            }
        }
        meters.close();
    }
}
