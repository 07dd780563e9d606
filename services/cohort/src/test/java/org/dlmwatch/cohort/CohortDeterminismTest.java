package org.dlmwatch.cohort;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.util.List;
import org.junit.jupiter.api.Test;

class CohortDeterminismTest {

    private static byte[] bytes(CohortGenerator.Cohort cohort) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        cohort.writeEvents(out);
        return out.toByteArray();
    }

    @Test
    void sameSeedSameBytes() throws Exception {
        var generator = new CohortGenerator(CohortProfile.defaults());
        var a = generator.generate(60, 3, 20260114L, "test");
        var b = new CohortGenerator(CohortProfile.defaults()).generate(60, 3, 20260114L, "test");
        assertThat(bytes(a)).isEqualTo(bytes(b));
        assertThat(a.key().toJson()).isEqualTo(b.key().toJson());
    }

    @Test
    void differentSeedDifferentCohort() throws Exception {
        var generator = new CohortGenerator(CohortProfile.defaults());
        var a = generator.generate(60, 3, 1L, "test");
        var b = generator.generate(60, 3, 2L, "test");
        assertThat(bytes(a)).isNotEqualTo(bytes(b));
        assertThat(a.key().regrowths()).isNotEqualTo(b.key().regrowths());
    }

    @Test
    void aPatientsCourseDoesNotDependOnTheCohortsSize() {
        var generator = new CohortGenerator(CohortProfile.defaults());
        var small = generator.generate(15, 4, 7L, "test");
        var large = generator.generate(45, 4, 7L, "test");
        assertThat(large.key().patients().subList(0, 15)).isEqualTo(small.key().patients());
        List<AnswerKey.Regrowth> firstFifteen = large.key().regrowths().stream()
                .filter(r -> small.key().patients().stream().anyMatch(p -> p.patientId().equals(r.patientId())))
                .toList();
        assertThat(firstFifteen).isEqualTo(small.key().regrowths());
    }

    @Test
    void theAnswerKeyReadsBackAsWritten() throws Exception {
        var cohort = new CohortGenerator(CohortProfile.defaults()).generate(25, 2, 99L, "dlm-watch generate ...");
        AnswerKey back = AnswerKey.parse(cohort.key().toJson());
        assertThat(back).isEqualTo(cohort.key());
        assertThat(back.generator().command()).isEqualTo("dlm-watch generate ...");
    }
}
