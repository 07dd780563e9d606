package org.dlmwatch.desk.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.dlmwatch.desk.view.AlertQuery;
import org.dlmwatch.desk.view.TeamStatus;
import org.dlmwatch.events.v1.AlertStatus;
import org.dlmwatch.events.v1.Severity;
import org.junit.jupiter.api.Test;

class QueryParamsTest {

    @Test
    void parsesFiltersAndPaging() {
        AlertQuery q = QueryParams.parse(Map.of("severity", List.of("high,CRITICAL"), "status", List.of("RAISED"),
                "teamStatus", List.of("open"), "patientId", List.of(" P1 "), "state", List.of("closed"),
                "page", List.of("2"), "size", List.of("10")), AlertQuery.State.ALL, 50);
        assertThat(q.severities()).containsExactlyInAnyOrder(Severity.HIGH, Severity.CRITICAL);
        assertThat(q.statuses()).containsExactly(AlertStatus.RAISED);
        assertThat(q.teamStatuses()).containsExactly(TeamStatus.OPEN);
        assertThat(q.patientId()).isEqualTo("P1");
        assertThat(q.state()).isEqualTo(AlertQuery.State.CLOSED);
        assertThat(q.page()).isEqualTo(2);
        assertThat(q.size()).isEqualTo(10);
        AlertQuery defaults = QueryParams.parse(Map.of("severity", List.of("")), AlertQuery.State.OPEN, 50);
        assertThat(defaults.severities()).isEmpty();
        assertThat(defaults.state()).isEqualTo(AlertQuery.State.OPEN);
    }

    @Test
    void mistakesAre400s() {
        bad(Map.of("type", List.of("CEA_HIGH")), "'type' must be one of DLM_REAPPEARANCE");
        bad(Map.of("size", List.of("ten")), "'size' must be a whole number from 1 to 200");
        bad(Map.of("patientId", List.of("a", "b")), "'patientId' can be given once");
        bad(Map.of("sort", List.of("age")), "unknown parameter 'sort'");
    }

    private static void bad(Map<String, List<String>> params, String message) {
        assertThatThrownBy(() -> QueryParams.parse(params, AlertQuery.State.ALL, 50))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.status).isEqualTo(400))
                .hasMessageContaining(message);
    }
}
