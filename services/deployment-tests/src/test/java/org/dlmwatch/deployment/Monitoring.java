package org.dlmwatch.deployment;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the monitoring of docker/ expects the services to export: every PromQL expression of the
 * Grafana dashboard and of the Prometheus alert rules, with the Prometheus job it selects, and the
 * metric names of the runbook's metric table.
 */
final class Monitoring {

    static final String DASHBOARD = "docker/grafana/dashboards/dlm-watch.json";
    static final String PROMETHEUS = "docker/prometheus/prometheus.yml";
    static final String ALERTS = "docker/prometheus/alerts.yml";
    static final String RUNBOOK = "docs/operations.md";

    /** The Prometheus job of the engine and of the desk (prometheus.yml job_name). */
    static final String ENGINE_JOB = "surveillance-engine";
    static final String DESK_JOB = "alert-desk";

    /** One PromQL expression and where it is. */
    record Expression(String where, String expr) {

        Set<String> jobs() {
            return MetricNames.jobs(expr);
        }

        Set<String> metrics() {
            return MetricNames.inPromQl(expr);
        }
    }

    private Monitoring() {}

    static JsonNode dashboard() {
        try {
            return new ObjectMapper().readTree(Repository.read(DASHBOARD));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot parse " + DASHBOARD, e);
        }
    }

    static List<Expression> dashboardExpressions() {
        List<Expression> expressions = new ArrayList<>();
        for (JsonNode panel : allPanels(dashboard())) {
            for (JsonNode target : panel.path("targets")) {
                expressions.add(new Expression(DASHBOARD + " panel '" + panel.path("title").asText() + "'",
                        target.path("expr").asText()));
            }
        }
        return expressions;
    }

    static List<JsonNode> allPanels(JsonNode dashboard) {
        List<JsonNode> panels = new ArrayList<>();
        for (JsonNode panel : dashboard.path("panels")) {
            panels.add(panel);
            panel.path("panels").forEach(panels::add);
        }
        return panels;
    }

    static List<Expression> alertExpressions() {
        List<Expression> expressions = new ArrayList<>();
        JsonNode rules = Compose.readYaml(Repository.path(ALERTS));
        for (JsonNode group : rules.path("groups")) {
            for (JsonNode rule : group.path("rules")) {
                expressions.add(new Expression(ALERTS + " alert " + rule.path("alert").asText(), rule.path("expr").asText()));
            }
        }
        return expressions;
    }

    static List<Expression> allExpressions() {
        List<Expression> all = new ArrayList<>(dashboardExpressions());
        all.addAll(alertExpressions());
        return all;
    }

    /**
     * The metric names the monitoring expects a job's service to export, with where each is used:
     * from the expressions selecting that job, and for the engine and the desk the names in the
     * runbook's metric table with their prefix (dlmwatch_engine_ / dlmwatch_desk_ / kafka_).
     */
    static Map<String, List<String>> expectedOf(String job) {
        Map<String, List<String>> expected = new TreeMap<>();
        for (Expression e : allExpressions()) {
            if (e.jobs().contains(job)) {
                for (String metric : e.metrics()) {
                    if (!MetricNames.SYNTHETIC.contains(metric)) {
                        expected.computeIfAbsent(metric, m -> new ArrayList<>()).add(e.where());
                    }
                }
            }
        }
        for (String metric : runbookMetrics()) {
            boolean desk = metric.startsWith("dlmwatch_desk_");
            if (job.equals(DESK_JOB) == desk) {
                expected.computeIfAbsent(metric, m -> new ArrayList<>()).add(RUNBOOK + " metric table");
            }
        }
        return expected;
    }

    /** Metric names in backquotes in the runbook (dlmwatch_..., kafka_..., jvm_...). */
    static Set<String> runbookMetrics() {
        Set<String> names = new TreeSet<>();
        Matcher m = Pattern.compile("`((?:dlmwatch|kafka|jvm|process)_[a-z0-9_]+)(?:\\{[^`]*})?`").matcher(Repository.read(RUNBOOK));
        while (m.find()) {
            names.add(m.group(1));
        }
        return names;
    }

    /** job_name to its targets ("host:port") and metrics path, from prometheus.yml. */
    record ScrapeJob(String name, List<String> targets, String metricsPath) {}

    static Map<String, ScrapeJob> scrapeJobs() {
        Map<String, ScrapeJob> jobs = new TreeMap<>();
        JsonNode config = Compose.readYaml(Repository.path(PROMETHEUS));
        for (JsonNode job : config.path("scrape_configs")) {
            List<String> targets = new ArrayList<>();
            for (JsonNode sc : job.path("static_configs")) {
                sc.path("targets").forEach(t -> targets.add(t.asText()));
            }
            String name = job.path("job_name").asText();
            jobs.put(name, new ScrapeJob(name, targets, job.path("metrics_path").asText("/metrics")));
        }
        return jobs;
    }
}
