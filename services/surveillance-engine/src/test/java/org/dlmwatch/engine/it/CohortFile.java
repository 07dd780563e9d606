package org.dlmwatch.engine.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.dlmwatch.platform.json.EventFile;

/**
 * A JSON-lines cohort from {@code src/test/resources/it/}, with every patient id prefixed so that
 * each test (and each run of a test against the shared cluster) has patients of its own.
 */
final class CohortFile {

    private CohortFile() {}

    /** The file's events, patient ids {@code P01...} becoming {@code <prefix>P01...}. */
    static EventFile load(String resource, String patientPrefix) {
        String text;
        try (InputStream in = CohortFile.class.getClassLoader().getResourceAsStream(resource)) {
            assertThat(in).as("test resource %s", resource).isNotNull();
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String prefixed = text.replace("\"patientId\":\"", "\"patientId\":\"" + patientPrefix);
        try {
            EventFile file = EventFile.read(new BufferedReader(new StringReader(prefixed)));
            assertThat(file.rejections()).as("every line of %s is an event of the contract", resource).isEmpty();
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Lines {@code [from, to)} of the file's events, as an event file of their own. */
    static EventFile slice(EventFile file, int from, int to) {
        return new EventFile(List.copyOf(file.events().subList(from, to)), List.of());
    }
}
