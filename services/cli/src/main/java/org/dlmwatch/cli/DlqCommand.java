package org.dlmwatch.cli;

import java.io.PrintWriter;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.dlmwatch.cli.dlq.DeadLetterLog;
import org.dlmwatch.cli.dlq.DeadLetterLog.Entry;
import org.dlmwatch.events.v1.DeadLetter;
import org.dlmwatch.events.v1.DeadLetterReplay;
import org.dlmwatch.platform.json.ContractJson;
import org.dlmwatch.platform.topics.TopicCatalog;
import org.dlmwatch.platform.topics.TopicSpec;
import org.dlmwatch.platform.topics.Topics;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "dlq", mixinStandardHelpOptions = true,
        description = "Inspect the dead-letter topic and re-publish dead letters after a fix.",
        subcommands = {DlqCommand.ListLetters.class, DlqCommand.Show.class, DlqCommand.Replay.class})
final class DlqCommand {

    /** Shared by the subcommands: connection and the dead-letter topic read from the beginning. */
    abstract static class DlqBase {
        @Mixin
        ConnectionOptions connection;

        @Spec
        CommandSpec spec;

        Topics topics() {
            return Registries.topics(connection.schemaRegistryUrl(), false);
        }

        List<Entry<DeadLetter>> deadLetters(Topics topics) {
            return DeadLetterLog.readAll(connection.kafkaProperties(), topics.deadLetters.name(),
                    topics.deadLetters.valueSerde().deserializer());
        }

        PrintWriter out() {
            return spec.commandLine().getOut();
        }

        /** The original record as JSON when it still decodes, else its bytes in base64. */
        static String payload(Topics topics, DeadLetter letter) {
            if (letter.getValue() == null) {
                return "(no value)";
            }
            byte[] bytes = bytes(letter.getValue());
            Optional<TopicSpec> source = TopicCatalog.byName(letter.getSourceTopic());
            if (source.isPresent()) {
                try {
                    SpecificRecord record = topics.valueSerde(source.get().valueType()).deserializer()
                            .deserialize(letter.getSourceTopic(), bytes);
                    return ContractJson.toJsonLine(record);
                } catch (RuntimeException undecodable) {
                    // a poison pill: show its bytes
                }
            }
            return "base64:" + java.util.Base64.getEncoder().encodeToString(bytes);
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true,
            description = "Dead letters counted by error code and source topic, newest first, then the newest letters. "
                    + "No patient data unless --show-payload.")
    static final class ListLetters extends DlqBase implements Callable<Integer> {

        @Option(names = "--limit", defaultValue = "20", description = "How many of the newest letters to list (default ${DEFAULT-VALUE}).")
        int limit;

        @Option(names = "--show-payload", description = "Also print each letter's original record (patient data!).")
        boolean showPayload;

        @Override
        public Integer call() {
            Topics topics = topics();
            List<Entry<DeadLetter>> letters = deadLetters(topics);
            PrintWriter out = out();
            record Group(String errorCode, String sourceTopic) {}
            Map<Group, List<Entry<DeadLetter>>> groups = letters.stream().collect(Collectors.groupingBy(
                    e -> new Group(e.value().getErrorCode(), e.value().getSourceTopic())));
            out.printf("%d dead letters%n%n%-24s %-30s %7s  %s%n", letters.size(), "ERROR CODE", "SOURCE TOPIC", "COUNT",
                    "NEWEST");
            groups.entrySet().stream()
                    .sorted(Comparator.comparing((Map.Entry<Group, List<Entry<DeadLetter>>> g) -> newest(g.getValue()))
                            .reversed())
                    .forEach(g -> out.printf("%-24s %-30s %7d  %s%n", g.getKey().errorCode(), g.getKey().sourceTopic(),
                            g.getValue().size(), newest(g.getValue())));
            out.printf("%n%-10s %-24s %-24s %-30s %s%n", "DLQ P:O", "FAILED AT", "ERROR CODE", "SOURCE P:O", "REASON");
            letters.stream()
                    .sorted(Comparator.comparing((Entry<DeadLetter> e) -> e.value().getFailedAt()).reversed())
                    .limit(limit)
                    .forEach(e -> {
                        DeadLetter l = e.value();
                        out.printf("%-10s %-24s %-24s %-30s %s%n", e.coordinates(), l.getFailedAt(), l.getErrorCode(),
                                l.getSourceTopic() + " " + l.getPartition() + ":" + l.getOffset(), l.getErrorMessage());
                        if (showPayload) {
                            out.printf("           payload: %s%n", payload(topics, l));
                        }
                    });
            out.flush();
            return 0;
        }

        private static Instant newest(List<Entry<DeadLetter>> letters) {
            return letters.stream().map(e -> e.value().getFailedAt()).max(Comparator.naturalOrder()).orElseThrow();
        }
    }

    @Command(name = "show", mixinStandardHelpOptions = true,
            description = "One dead letter in full (its payload only with --show-payload).")
    static final class Show extends DlqBase implements Callable<Integer> {

        @Parameters(paramLabel = "[PARTITION:]OFFSET", description = "Where the letter is on the dead-letter topic (partition 0 if omitted).")
        String where;

        @Option(names = "--show-payload", description = "Also print the original record (patient data!).")
        boolean showPayload;

        @Override
        public Integer call() {
            String coordinates = where.contains(":") ? where : "0:" + where;
            Topics topics = topics();
            Optional<Entry<DeadLetter>> found = deadLetters(topics).stream()
                    .filter(e -> e.coordinates().equals(coordinates))
                    .findFirst();
            if (found.isEmpty()) {
                spec.commandLine().getErr().println("no dead letter at " + coordinates + " of " + topics.deadLetters.name());
                return 2;
            }
            DeadLetter l = found.get().value();
            PrintWriter out = out();
            out.printf("dead letter   %s of %s%n", coordinates, topics.deadLetters.name());
            out.printf("failed at     %s%n", l.getFailedAt());
            out.printf("error code    %s%n", l.getErrorCode());
            out.printf("reason        %s%n", l.getErrorMessage());
            out.printf("source        %s partition %d offset %d%n", l.getSourceTopic(), l.getPartition(), l.getOffset());
            out.printf("value bytes   %d%n", l.getValue() == null ? 0 : l.getValue().remaining());
            if (showPayload) {
                out.printf("payload       %s%n", payload(topics, l));
            }
            out.flush();
            return 0;
        }
    }

    @Command(name = "replay", mixinStandardHelpOptions = true,
            description = {
                "Re-publish the dead letters of one error code (optionally since a time) to their source topic, after",
                "the cause was fixed. Each dead letter is re-published at most once: every re-publication is recorded",
                "on " + "surveillance.dlq-replays.v1" + " in the same transaction."
            })
    static final class Replay extends DlqBase implements Callable<Integer> {

        @Option(names = "--error-code", required = true, description = "Only dead letters with this error code.")
        String errorCode;

        @Option(names = "--since", paramLabel = "INSTANT", description = "Only dead letters that failed at or after this time.")
        Instant since;

        @Option(names = "--dry-run", description = "Say what would be re-published, and do nothing.")
        boolean dryRun;

        @Override
        public Integer call() {
            Topics topics = topics();
            Map<String, Object> producerConfig = new HashMap<>(connection.kafkaProperties());
            producerConfig.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "dlm-watch-dlq-replay");
            producerConfig.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
            try (var producer = new KafkaProducer<>(producerConfig, new ByteArraySerializer(), new ByteArraySerializer())) {
                // initTransactions fences any other replay still running: the log read next is complete
                producer.initTransactions();
                Set<String> done = DeadLetterLog.readAll(connection.kafkaProperties(), TopicCatalog.DEAD_LETTER_REPLAYS.name(),
                                topics.valueSerde(DeadLetterReplay.class).deserializer()).stream()
                        .map(Entry::key)
                        .collect(Collectors.toSet());
                List<Entry<DeadLetter>> selected = deadLetters(topics).stream()
                        .filter(e -> e.value().getErrorCode().equals(errorCode))
                        .filter(e -> since == null || !e.value().getFailedAt().isBefore(since))
                        .toList();
                var replaySerializer = topics.valueSerde(DeadLetterReplay.class).serializer();
                Map<String, Integer> perTopic = new TreeMap<>();
                int skipped = 0;
                for (Entry<DeadLetter> entry : selected) {
                    if (done.contains(entry.coordinates())) {
                        skipped++;
                        continue;
                    }
                    DeadLetter letter = entry.value();
                    perTopic.merge(letter.getSourceTopic(), 1, Integer::sum);
                    if (dryRun) {
                        continue;
                    }
                    producer.beginTransaction();
                    var republished = new ProducerRecord<>(letter.getSourceTopic(), null,
                            letter.getKey() == null ? null : bytes(letter.getKey()), bytes(letter.getValue()));
                    republished.headers().add("dlmwatch-replayed-from",
                            (TopicCatalog.DEAD_LETTERS.name() + ":" + entry.coordinates()).getBytes(StandardCharsets.UTF_8));
                    producer.send(republished);
                    DeadLetterReplay log = new DeadLetterReplay(entry.partition(), entry.offset(), letter.getSourceTopic(),
                            letter.getPartition(), letter.getOffset(), letter.getErrorCode(), Instant.now(),
                            System.getProperty("user.name", "unknown"));
                    producer.send(new ProducerRecord<>(TopicCatalog.DEAD_LETTER_REPLAYS.name(),
                            entry.coordinates().getBytes(StandardCharsets.UTF_8),
                            replaySerializer.serialize(TopicCatalog.DEAD_LETTER_REPLAYS.name(), log)));
                    producer.commitTransaction();
                }
                PrintWriter out = out();
                perTopic.forEach((topic, count) -> out.printf("%s %d to %s%n", dryRun ? "would re-publish" : "re-published",
                        count, topic));
                out.printf("%d dead letters with error code %s selected, %d %s, %d already re-published before%n",
                        selected.size(), errorCode, selected.size() - skipped, dryRun ? "to re-publish" : "re-published",
                        skipped);
                out.flush();
            }
            return 0;
        }
    }

    static byte[] bytes(ByteBuffer buffer) {
        ByteBuffer copy = buffer.duplicate();
        byte[] bytes = new byte[copy.remaining()];
        copy.get(bytes);
        return bytes;
    }
}
