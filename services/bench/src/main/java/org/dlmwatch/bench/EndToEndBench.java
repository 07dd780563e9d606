package org.dlmwatch.bench;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.dlmwatch.cohort.CohortGenerator;
import org.dlmwatch.cohort.CohortProfile;
import org.dlmwatch.engine.EngineSettings;
import org.dlmwatch.engine.SurveillanceEngine;
import org.dlmwatch.engine.SurveillanceTopology;
import org.dlmwatch.engine.patient.PatientProcessor;
import org.dlmwatch.engine.patient.PatientStateSerde;
import org.dlmwatch.platform.json.ContractEvent;
import org.dlmwatch.platform.json.ContractJson;
import org.dlmwatch.platform.json.InvalidRecordException;
import org.dlmwatch.platform.kafka.EventPublisher;
import org.dlmwatch.platform.topics.TopicCreator;
import org.dlmwatch.platform.topics.TopicSpec;
import org.dlmwatch.platform.topics.Topics;
import org.dlmwatch.registry.HttpSchemaRegistryClient;
import org.dlmwatch.rules.lifecycle.PatientState;

/**
 * The end-to-end benchmark: on one broker and one generated input, the engine's throughput next to
 * a plain consumer's and a pass-through copy's; alert latency under a steady offered load; state
 * bytes per patient; restore time of the patients' state after deleting it locally. Every run uses
 * topics, application ids and state folders of its own.
 */
public final class EndToEndBench {

    private final Map<String, Object> kafka;
    private final String registryUrl;
    private final Path workDir;
    private final BenchSettings settings;
    private final PrintWriter progress;
    private final String run = "bench-" + UUID.randomUUID().toString().substring(0, 8);
    private final Topics topics;
    private final PatientStateSerde stateSerde = new PatientStateSerde();

    public EndToEndBench(Map<String, Object> kafka, String registryUrl, Path workDir, BenchSettings settings,
            PrintWriter progress) {
        this.kafka = kafka;
        this.registryUrl = registryUrl;
        this.workDir = workDir;
        this.settings = settings;
        this.progress = progress;
        this.topics = new Topics(new HttpSchemaRegistryClient(registryUrl), true, run + ".");
    }

    public BenchReport run() throws Exception {
        try (Admin admin = Admin.create(kafka)) {
            GroupProgress groups = new GroupProgress(admin);
            TopicCreator creator = new TopicCreator(admin);
            creator.createAll(topics.specs(), (short) 1);
            List<String> inputs = List.of(topics.enrollments.name(), topics.labResults.name(), topics.imagingReports.name());
            List<TopicPartition> partitions = partitions(creator, inputs);

            say("generating %d patients over %d years (seed %d) ...", settings.patients(), settings.years(), settings.seed());
            List<ContractEvent> events = cohort(settings.patients(), settings.seed(), "");
            say("publishing %,d events ...", events.size());
            publish(events);
            Map<TopicPartition, Long> end = groups.endOffsets(partitions);
            long inputEvents = end.values().stream().mapToLong(Long::longValue).sum();

            say("plain consumer ...");
            double consumer = plainConsumer(partitions, inputEvents);
            // Measured as JMH measures: unmeasured warm-up passes of each application (the first pass
            // runs largely in the interpreter while the JIT compiles it, and the copy warms Kafka
            // Streams' own code for the engine too), then alternating measured passes; medians count.
            say("warm-up: %d unmeasured pass(es) of the copy and of the engine ...", settings.warmUpPasses());
            double coldCopy = passThroughCopy(groups, inputs, end, "warmup-copy-1");
            double coldEngine = enginePass(groups, end, "warmup-engine-1");
            for (int pass = 2; pass <= settings.warmUpPasses(); pass++) {
                passThroughCopy(groups, inputs, end, "warmup-copy-" + pass);
                enginePass(groups, end, "warmup-engine-" + pass);
            }
            List<Double> copies = new ArrayList<>();
            List<Double> engines = new ArrayList<>();
            for (int round = 1; round < settings.rounds(); round++) {
                say("round %d of %d: pass-through copy (exactly_once_v2), then the engine (exactly_once_v2) ...",
                        round, settings.rounds());
                copies.add(passThroughCopy(groups, inputs, end, "copy-" + round));
                engines.add(enginePass(groups, end, "engine-" + round));
            }
            say("round %d of %d: pass-through copy, then the engine, kept running for the figures below ...",
                    settings.rounds(), settings.rounds());
            copies.add(passThroughCopy(groups, inputs, end, "copy-" + settings.rounds()));
            String lastEngine = "engine-" + settings.rounds();
            EngineSettings engineSettings = engineSettings(lastEngine, workDir.resolve(run + "-" + lastEngine));
            SimpleMeterRegistry engineMeters = new SimpleMeterRegistry();
            try (SurveillanceEngine engine = new SurveillanceEngine(engineSettings, topics, engineMeters)) {
                engines.add(timed(groups, engineSettings.applicationId(), end, () -> engine.start(Duration.ofMinutes(2))));
                alertChanges = engineMeters.find(PatientProcessor.ALERTS_EMITTED).counters().stream()
                        .mapToDouble(c -> c.count()).sum();
                threadProfile = threadProfile(engine.streams());
                List<PatientState> states = states(engine.streams());
                double bytesPerPatient = states.stream().mapToLong(s -> stateSerde.encode(s).length + s.patientId().length())
                        .average().orElse(0);
                say("alert latency at %d events/s for %d s ...", settings.offeredRate(), settings.latencyDuration().toSeconds());
                Percentiles latency = latency(settings.offeredRate(), settings.latencyDuration());
                engine.close();
                say("restoring %,d patients' state after deleting it locally ...", settings.restorePatients());
                Duration restore = restore(admin, states, settings.restorePatients());
                return new BenchReport(settings, inputEvents, consumer, copies, engines, coldCopy, coldEngine, latency,
                        states.size(), bytesPerPatient, restore, threadProfile, (long) alertChanges);
            }
        }
    }

    // ---- input ----

    private List<ContractEvent> cohort(int patients, long seed, String idPrefix) throws InvalidRecordException {
        List<String> lines = new CohortGenerator(CohortProfile.fromProperties(anchoredToToday()))
                .generate(patients, settings.years(), seed, null).lines();
        List<ContractEvent> events = new ArrayList<>(lines.size());
        for (String line : lines) {
            ContractEvent event = ContractJson.parseEvent(line);
            events.add(idPrefix.isEmpty() ? event : renamed(event, idPrefix + event.key()));
        }
        return events;
    }

    /**
     * The live engine dead-letters records dated in the future, so the cohort's horizon ends two
     * days before today: every generated event is history, as a live feed's would be.
     */
    private Properties anchoredToToday() {
        Properties profile = new Properties();
        profile.setProperty("enrollment.windowStart",
                LocalDate.now(ZoneOffset.UTC).minusDays(2).minusYears(settings.years()).toString());
        return profile;
    }

    private static ContractEvent renamed(ContractEvent event, String patientId) {
        SpecificRecord record = event.record();
        record.put(record.getSchema().getField("patientId").pos(), patientId);
        return new ContractEvent(event.type(), record, patientId);
    }

    private TopicSpec topicOf(ContractEvent event) {
        return switch (event.type()) {
            case ENROLLMENT -> topics.enrollments.spec();
            case LAB_RESULT -> topics.labResults.spec();
            case IMAGING_REPORT -> topics.imagingReports.spec();
        };
    }

    private void publish(List<ContractEvent> events) {
        try (EventPublisher publisher = new EventPublisher(kafka, topics, true)) {
            for (ContractEvent event : events) {
                publisher.send(publisher.encode(topicOf(event), event.key(), event.record()));
            }
            publisher.flush();
        }
    }

    // ---- throughput ----

    /** The broker's plain consumer throughput on the same input: the ceiling. */
    private double plainConsumer(List<TopicPartition> partitions, long expected) {
        Map<String, Object> config = new HashMap<>(kafka);
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        try (var consumer = new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            long count = 0;
            long start = 0;
            long last = 0;
            while (count < expected) {
                int polled = consumer.poll(Duration.ofMillis(200)).count();
                if (polled > 0) {
                    last = System.nanoTime();
                    start = start == 0 ? last : start;
                    count += polled;
                }
            }
            return count / seconds(last - start);
        }
    }

    private double passThroughCopy(GroupProgress groups, List<String> inputs, Map<TopicPartition, Long> end,
            String name) throws Exception {
        String output = run + "." + name + ".";
        try (Admin admin = Admin.create(kafka)) {
            admin.createTopics(inputs.stream().map(t -> new NewTopic(output + t, 6, (short) 1)).toList()).all().get();
        }
        Properties props = new Properties();
        props.putAll(kafka);
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, run + "-" + name);
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        props.put(StreamsConfig.STATE_DIR_CONFIG, workDir.resolve(run + "-" + name).toString());
        try (KafkaStreams copy = new KafkaStreams(PassThroughCopy.topology(inputs, output), props)) {
            return timed(groups, run + "-" + name, end, () -> {
                copy.start();
                while (copy.state() != KafkaStreams.State.RUNNING) {
                    GroupProgress.sleep(10);
                }
            });
        }
    }

    /**
     * Records per second from the moment the application is running (assignment done) until it
     * has committed the whole input; records committed before that moment are not counted.
     */
    private double timed(GroupProgress groups, String groupId, Map<TopicPartition, Long> end, Runnable start) {
        start.run();
        long t0 = System.nanoTime();
        long before = groups.committed(groupId, end.keySet());
        long t1 = groups.awaitCommitted(groupId, end, Duration.ofMinutes(10));
        long total = end.values().stream().mapToLong(Long::longValue).sum();
        return (total - before) / seconds(t1 - t0);
    }

    /** One measured pass of an engine of its own over the whole input. */
    private double enginePass(GroupProgress groups, Map<TopicPartition, Long> end, String name) {
        EngineSettings engineSettings = engineSettings(name, workDir.resolve(run + "-" + name));
        try (SurveillanceEngine engine = new SurveillanceEngine(engineSettings, topics, new SimpleMeterRegistry())) {
            return timed(groups, engineSettings.applicationId(), end, () -> engine.start(Duration.ofMinutes(2)));
        }
    }

    private EngineSettings engineSettings(String name, Path stateDir) {
        return EngineSettings.defaults(kafka, registryUrl, stateDir)
                .withApplicationId(run + "-" + name)
                .withOverdueCheckInterval(Duration.ofHours(1));
    }

    /**
     * Where the engine's stream thread spent its time during the throughput run (Kafka Streams'
     * thread metrics): processing, polling, committing, and the mean commit latency.
     */
    private static Map<String, Double> threadProfile(KafkaStreams streams) {
        Map<String, Double> profile = new java.util.TreeMap<>();
        streams.metrics().forEach((name, metric) -> {
            if (name.group().equals("stream-thread-metrics") && List.of("process-ratio", "poll-ratio", "commit-ratio",
                    "punctuate-ratio", "commit-latency-avg", "process-latency-avg", "process-records-avg")
                    .contains(name.name()) && metric.metricValue() instanceof Double value) {
                profile.merge(name.name(), value, Double::sum);
            }
        });
        return profile;
    }

    private Map<String, Double> threadProfile = Map.of();
    private double alertChanges;

    // ---- state ----

    private static List<PatientState> states(KafkaStreams streams) {
        ReadOnlyKeyValueStore<String, PatientState> store = streams.store(StoreQueryParameters.fromNameAndType(
                SurveillanceTopology.PATIENT_STORE, QueryableStoreTypes.keyValueStore()));
        List<PatientState> states = new ArrayList<>();
        try (var all = store.all()) {
            while (all.hasNext()) {
                KeyValue<String, PatientState> entry = all.next();
                states.add(entry.value);
            }
        }
        return states;
    }

    /**
     * Fills a fresh engine's changelog with {@code count} patients' state (the measured patients'
     * states under new ids), then starts the engine with no local state: the time to RUNNING is
     * the time to restore them all.
     */
    private Duration restore(Admin admin, List<PatientState> templates, int count) throws Exception {
        EngineSettings restoreSettings = engineSettings("restore", workDir.resolve(run + "-restore"));
        String changelog = restoreSettings.applicationId() + "-" + SurveillanceTopology.PATIENT_STORE + "-changelog";
        admin.createTopics(List.of(new NewTopic(changelog, 6, (short) 1)
                .configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT)))).all().get();
        Map<String, Object> config = new HashMap<>(kafka);
        config.put(ProducerConfig.LINGER_MS_CONFIG, 20);
        config.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        // a changelog is compacted: a retried duplicate is harmless, a lost record is not
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, false);
        config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 300_000);
        config.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 60_000);
        var failures = new java.util.concurrent.atomic.AtomicInteger();
        try (var producer = new KafkaProducer<>(config, new StringSerializer(), new ByteArraySerializer())) {
            for (int i = 0; i < count; i++) {
                String patientId = "R" + i;
                PatientState state = RenamedState.of(templates.get(i % templates.size()), patientId);
                producer.send(new ProducerRecord<>(changelog, patientId, stateSerde.encode(state)), (meta, error) -> {
                    if (error != null) {
                        failures.incrementAndGet();
                    }
                });
            }
            producer.flush();
        }
        if (failures.get() > 0) {
            throw new IllegalStateException(failures.get() + " patients' state could not be written to the changelog");
        }
        Topics empty = new Topics(topics.registry(), true, run + "-restore.");
        new TopicCreator(admin).createAll(empty.specs(), (short) 1);
        try (SurveillanceEngine engine = new SurveillanceEngine(restoreSettings, empty, new SimpleMeterRegistry())) {
            long t0 = System.nanoTime();
            engine.start(Duration.ofMinutes(5));
            Duration restore = Duration.ofNanos(System.nanoTime() - t0);
            long restored = states(engine.streams()).size();
            if (restored != count) {
                throw new IllegalStateException("restored " + restored + " patients, expected " + count);
            }
            return restore;
        }
    }

    // ---- latency ----

    /**
     * Offers input at a steady rate for a while and measures, for every alert the engine commits,
     * the time from the input record's append (its CreateTime, which the alert carries as its own
     * timestamp) to the alert being readable by a read_committed consumer.
     */
    private Percentiles latency(int rate, Duration duration) throws Exception {
        int needed = (int) (rate * duration.toSeconds());
        List<ContractEvent> events = new ArrayList<>();
        for (long seed = settings.seed() + 1; events.size() < needed; seed++) {
            events.addAll(cohort(Math.max(20, settings.patients() / 4), seed, "L" + seed + "-"));
        }
        List<Double> latencies = new ArrayList<>();
        AtomicBoolean stop = new AtomicBoolean(false);
        Map<String, Object> config = new HashMap<>(kafka);
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        List<TopicPartition> alertPartitions;
        try (Admin admin = Admin.create(kafka)) {
            alertPartitions = partitions(new TopicCreator(admin), List.of(topics.alerts.name()));
        }
        long startMs = System.currentTimeMillis();
        Thread reader = new Thread(() -> {
            try (var consumer = new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
                consumer.assign(alertPartitions);
                consumer.seekToEnd(alertPartitions);
                alertPartitions.forEach(consumer::position);
                while (!stop.get()) {
                    for (ConsumerRecord<byte[], byte[]> alert : consumer.poll(Duration.ofMillis(10))) {
                        long now = System.currentTimeMillis();
                        if (alert.timestamp() >= startMs) {
                            synchronized (latencies) {
                                latencies.add((double) (now - alert.timestamp()));
                            }
                        }
                    }
                }
            }
        }, "bench-latency-reader");
        reader.start();
        GroupProgress.sleep(500);
        try (EventPublisher publisher = new EventPublisher(kafka, topics, true)) {
            long t0 = System.nanoTime();
            for (int i = 0; i < needed; i++) {
                long due = t0 + (long) (i * 1e9 / rate);
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                }
                ContractEvent event = events.get(i);
                publisher.send(publisher.encode(topicOf(event), event.key(), event.record()));
            }
            publisher.flush();
        }
        GroupProgress.sleep(2_000);
        stop.set(true);
        reader.join();
        synchronized (latencies) {
            return Percentiles.of(latencies.stream().mapToDouble(Double::doubleValue).toArray());
        }
    }

    // ---- helpers ----

    private static List<TopicPartition> partitions(TopicCreator creator, List<String> names)
            throws InterruptedException, ExecutionException {
        List<TopicPartition> partitions = new ArrayList<>();
        creator.describe(names).forEach((name, description) ->
                description.partitions().forEach(p -> partitions.add(new TopicPartition(name, p.partition()))));
        return partitions;
    }

    private void say(String format, Object... args) {
        progress.printf(format + "%n", args);
        progress.flush();
    }

    private static double seconds(long nanos) {
        return Math.max(nanos, 1) / 1e9;
    }
}
