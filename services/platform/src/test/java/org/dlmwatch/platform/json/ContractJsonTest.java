package org.dlmwatch.platform.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.LocalDate;
import org.dlmwatch.events.v1.Enrollment;
import org.dlmwatch.events.v1.FindingStatus;
import org.dlmwatch.events.v1.ImagingReport;
import org.dlmwatch.events.v1.LabResult;
import org.dlmwatch.events.v1.Modality;
import org.dlmwatch.events.v1.ResultStatus;
import org.dlmwatch.platform.topics.TopicCatalog;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ContractJsonTest {

    // the three example lines of shared/event-contract.md
    static final String ENROLLMENT = """
            {"type":"enrollment","patientId":"P1","enrolledOn":"2025-01-10","lastChemoDoseOn":"2024-12-01","lesions":[{"lesionId":"L1","segment":"VII","baselineSizeMm":14,"disappearedOn":"2024-12-20","establishedBy":"MRI_HBP_DWI"}],"status":"ACTIVE","updatedAt":"2025-01-10T12:00:00Z"}""";
    static final String LAB_RESULT = """
            {"type":"lab_result","resultId":"R1","patientId":"P1","loinc":"2039-6","value":2.1,"unit":"ng/mL","referenceHigh":5.0,"status":"FINAL","collectedAt":"2025-02-01T08:00:00Z","resultedAt":"2025-02-01T14:00:00Z","sourceSystem":"lab-a"}""";
    static final String IMAGING_REPORT = """
            {"type":"imaging_report","reportId":"I1","patientId":"P1","studyAt":"2025-04-10T10:00:00Z","modality":"MRI_HBP_DWI","status":"FINAL","findings":[{"trackingId":"L1","segment":"VII","sizeMm":8,"status":"PRESENT"}],"reportedAt":"2025-04-10T16:00:00Z","sourceSystem":"ris-a"}""";

    @Test
    void parsesTheContractsEnrollmentExample() throws Exception {
        ContractEvent event = ContractJson.parseEvent(ENROLLMENT);

        assertThat(event.type()).isEqualTo(EventType.ENROLLMENT);
        assertThat(event.topic()).isEqualTo(TopicCatalog.ENROLLMENTS);
        assertThat(event.key()).isEqualTo("P1");
        Enrollment enrollment = (Enrollment) event.record();
        assertThat(enrollment.getEnrolledOn()).isEqualTo(LocalDate.of(2025, 1, 10));
        assertThat(enrollment.getLesions()).singleElement().satisfies(lesion -> {
            assertThat(lesion.getBaselineSizeMm()).isEqualTo(14.0);
            assertThat(lesion.getEstablishedBy()).isEqualTo(Modality.MRI_HBP_DWI);
        });
        assertThat(enrollment.getSmoker()).as("default").isFalse();
        assertThat(enrollment.getEndReason()).isNull();
        assertThat(enrollment.getUpdatedAt()).isEqualTo(Instant.parse("2025-01-10T12:00:00Z"));
    }

    @Test
    void parsesTheContractsLabAndImagingExamples() throws Exception {
        LabResult lab = (LabResult) ContractJson.parseEvent(LAB_RESULT).record();
        assertThat(lab.getValue()).isEqualTo(2.1);
        assertThat(lab.getStatus()).isEqualTo(ResultStatus.FINAL);
        assertThat(lab.getComparator()).isNull();

        ImagingReport report = (ImagingReport) ContractJson.parseEvent(IMAGING_REPORT).record();
        assertThat(report.getFindings()).singleElement()
                .satisfies(f -> assertThat(f.getStatus()).isEqualTo(FindingStatus.PRESENT));
    }

    @Test
    void writesEveryRecordBackToTheSameJson() throws Exception {
        for (String line : new String[] {ENROLLMENT, LAB_RESULT, IMAGING_REPORT}) {
            ContractEvent event = ContractJson.parseEvent(line);
            String written = ContractJson.toEventLine(event.record());
            assertThat(ContractJson.parseEvent(written).record()).isEqualTo(event.record());
        }
    }

    @Test
    void writesTimestampsAsIsoUtcAndDatesAsDays() throws Exception {
        String json = ContractJson.toJsonLine(ContractJson.parseEvent(ENROLLMENT).record());
        assertThat(json).contains("\"updatedAt\":\"2025-01-10T12:00:00Z\"", "\"enrolledOn\":\"2025-01-10\"");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            malformed JSON           | {"type":"lab_result",                                   | not valid JSON
            not an object            | [1,2]                                                    | not a JSON object
            missing type             | {"patientId":"P1"}                                       | missing field 'type'
            unknown type             | {"type":"blood_pressure"}                                | field 'type' must be one of
            missing required field   | {"type":"lab_result","resultId":"R1","patientId":"P1","loinc":"2039-6","status":"FINAL","collectedAt":"2025-02-01T08:00:00Z","resultedAt":"2025-02-01T14:00:00Z"} | missing required field 'sourceSystem'
            wrong enum value         | {"type":"lab_result","resultId":"R1","patientId":"P1","loinc":"2039-6","status":"DONE","collectedAt":"2025-02-01T08:00:00Z","resultedAt":"2025-02-01T14:00:00Z","sourceSystem":"a"} | field 'status' must be one of
            bad timestamp            | {"type":"lab_result","resultId":"R1","patientId":"P1","loinc":"2039-6","status":"FINAL","collectedAt":"yesterday","resultedAt":"2025-02-01T14:00:00Z","sourceSystem":"a"} | field 'collectedAt' must be an ISO-8601 timestamp
            timestamp without zone   | {"type":"lab_result","resultId":"R1","patientId":"P1","loinc":"2039-6","status":"FINAL","collectedAt":"2025-02-01T08:00:00","resultedAt":"2025-02-01T14:00:00Z","sourceSystem":"a"} | field 'collectedAt' must be an ISO-8601 timestamp
            number as text           | {"type":"lab_result","resultId":"R1","patientId":"P1","loinc":"2039-6","value":"2.1","status":"FINAL","collectedAt":"2025-02-01T08:00:00Z","resultedAt":"2025-02-01T14:00:00Z","sourceSystem":"a"} | field 'value' must be a number
            unknown field            | {"type":"lab_result","resultId":"R1","patientId":"P1","loinc":"2039-6","status":"FINAL","collectedAt":"2025-02-01T08:00:00Z","resultedAt":"2025-02-01T14:00:00Z","sourceSystem":"a","colectedAt":"x"} | unknown field 'colectedAt'
            nested bad date          | {"type":"enrollment","patientId":"P1","enrolledOn":"2025-01-10","lesions":[{"lesionId":"L1","segment":"VII","disappearedOn":"20/12/2024","establishedBy":"CT"}],"status":"ACTIVE","updatedAt":"2025-01-10T12:00:00Z"} | field 'lesions[0].disappearedOn' must be a date
            """)
    void rejectsInvalidLinesWithAReasonThatNamesTheFieldButNotTheValue(String name, String line, String reason) {
        assertThatThrownBy(() -> ContractJson.parseEvent(line))
                .isInstanceOf(InvalidRecordException.class)
                .hasMessageContaining(reason)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("P1", "DONE", "yesterday", "blood_pressure"));
    }
}
