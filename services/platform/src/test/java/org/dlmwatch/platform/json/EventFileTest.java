package org.dlmwatch.platform.json;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.StringReader;
import org.junit.jupiter.api.Test;

class EventFileTest {

    @Test
    void keepsEveryValidLineAndReportsEachInvalidOneWithItsLineNumber() throws Exception {
        String file = String.join("\n",
                ContractJsonTest.ENROLLMENT,
                "{not json",
                "",
                ContractJsonTest.LAB_RESULT,
                "{\"type\":\"lab_result\",\"patientId\":\"P1\"}",
                ContractJsonTest.IMAGING_REPORT);

        EventFile events = EventFile.read(new BufferedReader(new StringReader(file)));

        assertThat(events.events()).extracting(EventFile.Line::number).containsExactly(1, 4, 6);
        assertThat(events.rejections()).extracting(EventFile.Rejection::number).containsExactly(2, 5);
        assertThat(events.rejections().get(1).toString()).startsWith("line 5: missing required field");
    }
}
