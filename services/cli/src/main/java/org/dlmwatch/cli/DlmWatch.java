package org.dlmwatch.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The dlm-watch command line: one runnable jar for every service and tool. */
@Command(
        name = "dlm-watch",
        mixinStandardHelpOptions = true,
        version = "dlm-watch 0.1.0",
        description = "Surveillance and alerting for disappearing liver metastases (watch and wait).",
        subcommands = {
            RunCommand.class,
            EngineCommand.class,
            PublishCommand.class,
            ReplayCommand.class,
            DlqCommand.class,
            SchemasCommand.class,
            TopicsCommand.class,
            CommandLine.HelpCommand.class
        })
public final class DlmWatch implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The command line, for tests that run commands in-process. */
    public static CommandLine commandLine() {
        return new CommandLine(new DlmWatch()).setCaseInsensitiveEnumValuesAllowed(true);
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
