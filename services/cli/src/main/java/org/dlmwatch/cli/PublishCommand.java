package org.dlmwatch.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import org.dlmwatch.platform.json.EventFile;
import org.dlmwatch.platform.kafka.EventPublisher;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "publish", mixinStandardHelpOptions = true,
        description = {
            "Publish a JSON-lines event file (the contract's JSON form, one event per line with a 'type' field)",
            "as Avro, keyed by patient id, to each event's topic. Invalid lines are reported with their number",
            "and reason and skipped; every valid line is published. Exit code 1 if any line was rejected, 2 if",
            "nothing could be published (e.g. a schema is not registered: nothing is sent then)."
        })
final class PublishCommand implements Callable<Integer> {

    @Mixin
    ConnectionOptions connection;

    @Option(names = {"-f", "--file"}, required = true, paramLabel = "FILE", description = "The JSON-lines event file.")
    Path file;

    @Option(names = "--auto-register-schemas", defaultValue = "${env:DLMWATCH_AUTO_REGISTER_SCHEMAS:-false}",
            description = "Register missing schemas on the fly (default ${DEFAULT-VALUE}; production registers them "
                    + "once with 'schemas register', and 'run' does so locally).")
    boolean autoRegisterSchemas;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        EventFile events = EventFile.read(file);
        events.rejections().forEach(rejection -> err.println("rejected " + rejection));

        Map<String, Integer> perTopic = new TreeMap<>();
        try (EventPublisher publisher = new EventPublisher(connection.kafkaProperties(),
                Registries.topics(connection.schemaRegistryUrl(), autoRegisterSchemas), autoRegisterSchemas)) {
            // all or nothing on registry problems: encode every event before sending any
            var encoded = events.events().stream().map(line -> publisher.encode(line.event())).toList();
            var sent = encoded.stream().map(publisher::send).toList();
            publisher.flush();
            for (int i = 0; i < sent.size(); i++) {
                sent.get(i).get();
                perTopic.merge(encoded.get(i).topic(), 1, Integer::sum);
            }
        }
        perTopic.forEach((topic, count) -> out.printf("published %d to %s%n", count, topic));
        out.printf("published %d events, rejected %d lines%n", events.events().size(), events.rejections().size());
        out.flush();
        err.flush();
        return events.rejections().isEmpty() ? 0 : 1;
    }
}
