package org.dlmwatch.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.dlmwatch.engine.replay.TopologyReplay;
import org.dlmwatch.platform.json.ContractJson;
import org.dlmwatch.platform.json.EventFile;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "replay", mixinStandardHelpOptions = true,
        description = {
            "Run the surveillance engine's topology over a JSON-lines event file, in process and without a broker,",
            "and print the final state of every alert as JSON lines (the SurveillanceAlert JSON form), sorted by",
            "patient id then alert id. Dead letters and invalid lines are reported on stderr with their line numbers."
        })
final class ReplayCommand implements Callable<Integer> {

    @Option(names = {"-i", "--input"}, required = true, paramLabel = "FILE", description = "The JSON-lines event file.")
    Path input;

    @Option(names = "--as-of", paramLabel = "INSTANT",
            description = "Clock for overdue checks after the last event, e.g. 2026-03-01T00:00:00Z "
                    + "(default: the latest clinical time in the file).")
    Instant asOf;

    @Mixin
    RuleOptions rules;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        EventFile events = EventFile.read(input);
        var result = TopologyReplay.run(events, Optional.ofNullable(asOf), rules.config());
        result.rejectedLines().forEach(rejection -> err.println("rejected " + rejection));
        result.deadLetters().forEach(letter -> err.println("dead letter " + letter));
        result.alerts().forEach(alert -> out.println(ContractJson.toJsonLine(alert)));
        err.printf("replayed %d events as of %s: %d alerts, %d dead letters, %d invalid lines%n",
                events.events().size(), result.asOf(), result.alerts().size(), result.deadLetters().size(),
                result.rejectedLines().size());
        out.flush();
        err.flush();
        return 0;
    }
}
