package org.dlmwatch.deployment;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The PromQL name extraction that the dashboard and alert checks rely on. */
class MetricNamesTest {

    @Test
    void keepsMetricNamesAndDropsFunctionsLabelsRangesAndGrouping() {
        assertThat(MetricNames.inPromQl("histogram_quantile(0.95, sum by (le) (rate("
                + "dlmwatch_engine_alert_latency_seconds_bucket{job=\"surveillance-engine\", topic=~\".*[.].*\"}[$__rate_interval])))"))
                .containsExactly("dlmwatch_engine_alert_latency_seconds_bucket");
        assertThat(MetricNames.inPromQl("sum by (errorCode, topic) (increase(dlmwatch_engine_dead_letters_total[15m])) > 0"))
                .containsExactly("dlmwatch_engine_dead_letters_total");
        assertThat(MetricNames.inPromQl("up{job=\"alert-desk\"} == 0")).containsExactly("up");
        assertThat(MetricNames.inPromQl("a_total / on (instance) group_left b_total offset 5m > 1e3 and c"))
                .containsExactly("a_total", "b_total", "c");
        assertThat(MetricNames.inPromQl("max by (instance) (x_max{job=\"e\"}) > bool 2.5"))
                .containsExactly("x_max");
    }

    @Test
    void readsJobsAndScrapes() {
        assertThat(MetricNames.jobs("up{job=\"surveillance-engine\"} + up{ job = \"alert-desk\" }"))
                .containsExactly("alert-desk", "surveillance-engine");
        var samples = MetricNames.parseScrape("""
                # HELP a_total A counter.
                # TYPE a_total counter
                a_total{service="e",topic="lab.results.v1"} 3.0
                b_seconds_bucket{le="+Inf"} 4
                c NaN
                """);
        assertThat(samples).extracting(MetricNames.Sample::name).containsExactly("a_total", "b_seconds_bucket", "c");
        assertThat(samples.get(0).labels()).containsEntry("topic", "lab.results.v1");
        assertThat(samples.get(0).value()).isEqualTo(3.0);
    }
}
