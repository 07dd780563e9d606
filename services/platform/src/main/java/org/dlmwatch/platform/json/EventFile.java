package org.dlmwatch.platform.json;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A JSON-lines event file read line by line: every valid line becomes an event, every invalid one
 * a rejection with its line number and reason; blank lines are skipped. One bad line never hides
 * the good ones.
 */
public record EventFile(List<Line> events, List<Rejection> rejections) {

    /** A valid event and the line it came from (1-based). */
    public record Line(int number, ContractEvent event) {}

    /** An invalid line (1-based) and why; the reason carries no patient data. */
    public record Rejection(int number, String reason) {
        @Override
        public String toString() {
            return "line " + number + ": " + reason;
        }
    }

    public static EventFile read(Path file) throws IOException {
        try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return read(reader);
        }
    }

    public static EventFile read(BufferedReader reader) throws IOException {
        List<Line> events = new ArrayList<>();
        List<Rejection> rejections = new ArrayList<>();
        int number = 0;
        for (String text = reader.readLine(); text != null; text = reader.readLine()) {
            number++;
            if (text.isBlank()) {
                continue;
            }
            try {
                events.add(new Line(number, ContractJson.parseEvent(text)));
            } catch (InvalidRecordException e) {
                rejections.add(new Rejection(number, e.getMessage()));
            }
        }
        return new EventFile(List.copyOf(events), List.copyOf(rejections));
    }
}
