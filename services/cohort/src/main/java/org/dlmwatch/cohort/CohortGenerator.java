package org.dlmwatch.cohort;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.dlmwatch.cohort.PatientSimulator.Awkward;

/**
 * Generates a synthetic watch-and-wait cohort (clinical-spec §5): every patient's course, as the
 * JSON-lines events a live system would receive, in ARRIVAL order (the time each record was
 * published: {@code resultedAt}, {@code reportedAt}, {@code updatedAt}), plus the answer key. The same
 * profile, size, horizon and seed give the same bytes.
 */
public final class CohortGenerator {

    /** A generated cohort: the event lines in arrival order and the answer key. */
    public static final class Cohort {
        private final List<String> lines;
        private final AnswerKey key;
        final List<PatientSimulator.Output> patients;

        Cohort(List<String> lines, AnswerKey key, List<PatientSimulator.Output> patients) {
            this.lines = lines;
            this.key = key;
            this.patients = patients;
        }

        /** The JSON lines, one event each, in arrival order. */
        public List<String> lines() {
            return lines;
        }

        public AnswerKey key() {
            return key;
        }

        /** Writes the lines, each ending in a newline, as UTF-8. */
        public void writeEvents(OutputStream out) throws IOException {
            BufferedWriter w = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), 1 << 16);
            for (String line : lines) {
                w.write(line);
                w.write('\n');
            }
            w.flush();
        }

        public void writeEvents(Path file) throws IOException {
            try (OutputStream out = Files.newOutputStream(file)) {
                writeEvents(out);
            }
        }
    }

    private final CohortProfile profile;
    private final Map<CohortProfile.Key, String> overrides;

    public CohortGenerator(CohortProfile profile) {
        this(profile, Map.of());
    }

    /** @param overrides the profile settings that differ from the defaults, recorded in the answer key */
    public CohortGenerator(CohortProfile profile, Map<CohortProfile.Key, String> overrides) {
        this.profile = profile;
        this.overrides = overrides;
    }

    /**
     * @param patients how many patients
     * @param years the horizon, from {@code enrollment.windowStart}; every patient's events stop at its end
     * @param seed the seed: same seed, same cohort
     * @param command the command line, recorded in the answer key (may be null)
     */
    public Cohort generate(int patients, int years, long seed, String command) {
        if (patients < 1) {
            throw new IllegalArgumentException("patients must be at least 1");
        }
        if (years < 1) {
            throw new IllegalArgumentException("years must be at least 1");
        }
        LocalDate start = profile.enrollment().windowStart();
        LocalDate endDay = start.plusYears(years);
        Instant horizonEnd = PatientSimulator.startOfDay(endDay);
        int windowMonths = Math.min(profile.enrollment().windowMonths(), years * 12 / 2);
        int windowDays = (int) Math.max(1, ChronoUnit.DAYS.between(start, start.plusMonths(windowMonths)));
        long horizonDays = ChronoUnit.DAYS.between(start, endDay);
        LocalDate assayChangeOn = start.plusDays(Math.round(profile.labs().assayChangeAt() * horizonDays));
        var setting = new PatientSimulator.Setting(profile, seed, start, horizonEnd, windowDays,
                PatientSimulator.startOfDay(assayChangeOn));

        int width = Math.max(4, Integer.toString(patients).length());
        Awkward[] kinds = Awkward.values();
        List<PatientSimulator.Output> outputs = new ArrayList<>(patients);
        int total = 0;
        for (int i = 0; i < patients; i++) {
            String id = "P" + String.format("%0" + width + "d", i + 1);
            Set<Awkward> forced = profile.awkward().forceInFirstPatients() && i < kinds.length
                    ? EnumSet.of(kinds[i]) : EnumSet.noneOf(Awkward.class);
            PatientSimulator.Output out = new PatientSimulator(setting, i, id, forced).run();
            outputs.add(out);
            total += out.events.size();
        }

        // arrival order: arrival time, then patient, then the order of creation within the patient
        long[] keys = new long[total];
        int[] patientOf = new int[total];
        int[] eventOf = new int[total];
        Integer[] order = new Integer[total];
        int k = 0;
        for (int i = 0; i < outputs.size(); i++) {
            List<PatientSimulator.Event> events = outputs.get(i).events;
            for (int j = 0; j < events.size(); j++) {
                keys[k] = events.get(j).arrivalMillis();
                patientOf[k] = i;
                eventOf[k] = j;
                order[k] = k;
                k++;
            }
        }
        Arrays.sort(order, Comparator.<Integer>comparingLong(x -> keys[x])
                .thenComparingInt(x -> patientOf[x])
                .thenComparingInt(x -> outputs.get(patientOf[x]).events.get(eventOf[x]).seq()));
        List<String> lines = new ArrayList<>(total);
        for (Integer x : order) {
            lines.add(outputs.get(patientOf[x]).events.get(eventOf[x]).line());
        }

        AnswerKey key = key(outputs, new AnswerKey.Generator(command, seed, patients, years, start.toString(),
                endDay.toString(), windowMonths, assayChangeOn.toString(), CohortProfile.describe(overrides)), total);
        for (PatientSimulator.Output o : outputs) {
            o.events.clear(); // the lines are what is kept
        }
        return new Cohort(lines, key, outputs);
    }

    private static AnswerKey key(List<PatientSimulator.Output> outputs, AnswerKey.Generator generator, int events) {
        List<AnswerKey.Patient> patients = new ArrayList<>();
        List<AnswerKey.Regrowth> regrowths = new ArrayList<>();
        List<AnswerKey.NewLesion> newLesions = new ArrayList<>();
        List<AnswerKey.Recurrence> recurrences = new ArrayList<>();
        List<AnswerKey.EquivocalFocus> equivocal = new ArrayList<>();
        List<AnswerKey.NonHbpLesion> nonHbp = new ArrayList<>();
        List<AnswerKey.OverdueExam> overdue = new ArrayList<>();
        Map<Awkward, List<String>> examples = new TreeMap<>();
        Map<Awkward, Integer> occurrences = new TreeMap<>();
        Map<Awkward, Integer> patientsWith = new TreeMap<>();
        double patientYears = 0;
        int dlm = 0;
        int hbp = 0;
        int falseAlarmers = 0;
        int enrollments = 0;
        int cea = 0;
        int other = 0;
        int reports = 0;
        for (PatientSimulator.Output o : outputs) {
            patients.add(o.patient);
            regrowths.addAll(o.regrowths);
            newLesions.addAll(o.newLesions);
            if (o.recurrence != null) {
                recurrences.add(o.recurrence);
            }
            equivocal.addAll(o.equivocalFoci);
            nonHbp.addAll(o.nonHbpLesions);
            overdue.addAll(o.overdueExams);
            patientYears += o.patientYears;
            dlm += o.dlmCount;
            hbp += o.hbpDefined;
            falseAlarmers += o.patient.falseAlarmer() ? 1 : 0;
            enrollments += o.enrollments;
            cea += o.ceaResults;
            other += o.otherLabResults;
            reports += o.imagingReports;
            for (Map.Entry<Awkward, List<String>> e : o.awkward.entrySet()) {
                occurrences.merge(e.getKey(), e.getValue().size(), Integer::sum);
                patientsWith.merge(e.getKey(), 1, Integer::sum);
                List<String> ex = examples.computeIfAbsent(e.getKey(), x -> new ArrayList<>());
                for (String ref : e.getValue()) {
                    if (ex.size() < 5) {
                        ex.add(ref);
                    }
                }
            }
        }
        List<AnswerKey.AwkwardCase> awkward = new ArrayList<>();
        for (Awkward a : Awkward.values()) {
            awkward.add(new AnswerKey.AwkwardCase(a.name(), occurrences.getOrDefault(a, 0),
                    patientsWith.getOrDefault(a, 0), examples.getOrDefault(a, List.of())));
        }
        int regrowthsImaged = (int) regrowths.stream().filter(r -> r.firstImagedOn() != null).count();
        int newImaged = (int) newLesions.stream().filter(r -> r.firstImagedOn() != null).count();
        int recImaged = (int) recurrences.stream().filter(r -> r.firstImagedOn() != null).count();
        int rising = (int) recurrences.stream().filter(AnswerKey.Recurrence::ceaRise).count();
        int risingImaged = (int) recurrences.stream().filter(r -> r.ceaRise() && r.firstImagedOn() != null).count();
        var summary = new AnswerKey.Summary(outputs.size(), OtherLabs.round(patientYears, 1), dlm, hbp,
                regrowths.size(), regrowthsImaged, newLesions.size(), newImaged, recurrences.size(), recImaged, rising,
                risingImaged, falseAlarmers, events, enrollments, cea, other, reports);
        return new AnswerKey(AnswerKey.FORMAT_VERSION, generator, summary, patients, regrowths, newLesions, recurrences,
                equivocal, nonHbp, overdue, awkward);
    }
}
