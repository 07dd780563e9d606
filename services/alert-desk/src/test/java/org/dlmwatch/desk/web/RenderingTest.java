package org.dlmwatch.desk.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.dlmwatch.desk.patient.PatientSummary.AssayChange;
import org.dlmwatch.desk.patient.PatientSummary.CeaSeriesView;
import org.dlmwatch.desk.patient.PatientSummary.CeaValue;
import org.junit.jupiter.api.Test;

class RenderingTest {

    private static CeaValue v(String id, String at, double value, boolean eligible) {
        return new CeaValue(id, Instant.parse(at), value, null, 5.0, true, "Roche", eligible);
    }

    @Test
    void ceaChartHasOnePointPerValueAndMarksTheTriggers() {
        List<CeaValue> values = List.of(v("R0", "2024-12-20T08:00:00Z", 4.0, false),
                v("R1", "2025-02-01T08:00:00Z", 2.1, true), v("R2", "2025-05-02T08:00:00Z", 6.4, true),
                v("R3", "2025-05-23T08:00:00Z", 9.8, true));
        CeaSeriesView cea = new CeaSeriesView(values, Instant.parse("2025-01-12T00:00:00Z"), values.get(1),
                List.of(new AssayChange(Instant.parse("2025-05-02T08:00:00Z"), "Roche", "Abbott")));
        String svg = CeaChart.svg(cea, Set.of("R1", "R3"), ZoneOffset.UTC);
        assertThat(count(svg, "<circle class=\"cea-point")).isEqualTo(4);
        assertThat(count(svg, "<circle class=\"cea-point trigger")).isEqualTo(2);
        assertThat(svg).contains("class=\"cea-point ineligible\" data-result-id=\"R0\"");
        assertThat(svg).contains("ULN 5").contains("Baseline 2.1").contains("assay: Abbott");
        assertThat(svg).contains("role=\"img\"").contains("4 CEA values from 20 Dec 2024 to 23 May 2025");
        assertThat(CeaChart.svg(new CeaSeriesView(List.of(), null, null, List.of()), Set.of(), ZoneOffset.UTC))
                .contains("No CEA result yet");
    }

    @Test
    void niceTicks() {
        assertThat(CeaChart.niceTicks(11.2)).containsExactly(0, 2.5, 5, 7.5, 10, 12.5);
        assertThat(CeaChart.niceTicks(5.6)).containsExactly(0, 2, 4, 6);
        assertThat(CeaChart.niceTicks(0)).containsExactly(0, 0.2, 0.4, 0.6, 0.8, 1);
    }

    @Test
    void everythingIsEscaped() {
        assertThat(Html.esc("<script>alert('x')</script> & \"q\"")).isEqualTo(
                "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;q&quot;");
        assertThat(new Html().f("<p title=\"%s\">%s</p>", "\"><b>", "<i>").toString())
                .isEqualTo("<p title=\"&quot;&gt;&lt;b&gt;\">&lt;i&gt;</p>");
    }

    @Test
    void labels() {
        Instant now = Instant.parse("2026-01-10T12:00:00Z");
        assertThat(Labels.age(now.minusSeconds(20), now)).isEqualTo("just now");
        assertThat(Labels.age(now.minus(Duration.ofMinutes(12)), now)).isEqualTo("12 min");
        assertThat(Labels.age(now.minus(Duration.ofHours(30)), now)).isEqualTo("30 h");
        assertThat(Labels.age(now.minus(Duration.ofDays(9)), now)).isEqualTo("9 d");
        assertThat(Labels.duration(Duration.ofHours(4))).isEqualTo("4 h");
        assertThat(Labels.duration(Duration.ofHours(72))).isEqualTo("3 d");
        assertThat(Labels.num(2.1)).isEqualTo("2.1");
        assertThat(Labels.num(10)).isEqualTo("10");
        assertThat(Labels.num(0.005)).isEqualTo("0.01");
    }

    private static int count(String text, String needle) {
        return (int) Pattern.compile(Pattern.quote(needle)).matcher(text).results().count();
    }
}
