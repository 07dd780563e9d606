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
            EngineResetCommand.class,
            DeskCommand.class,
            PublishCommand.class,
            ReplayCommand.class,
            GenerateCommand.class,
            EvaluateCommand.class,
            DlqCommand.class,
            BenchCommand.class,
            SchemasCommand.class,
            TopicsCommand.class,
            UsersCommand.class,
            ConfigReferenceCommand.class,
            CommandLine.HelpCommand.class
        })
public final class DlmWatch implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** Exit code of a command that failed (as opposed to 1: it ran, and found bad input). */
    public static final int FAILED = 2;

    /** The command line, for tests that run commands in-process. */
    public static CommandLine commandLine() {
        return new CommandLine(new DlmWatch())
                .setCaseInsensitiveEnumValuesAllowed(true)
                .setExecutionExceptionHandler(DlmWatch::reportFailure);
    }

    /**
     * A command that fails says why in one line per cause, not with a stack trace (set
     * DLMWATCH_LOG_LEVEL=DEBUG for that), and exits with {@link #FAILED}.
     */
    private static int reportFailure(Exception e, CommandLine command, CommandLine.ParseResult parsed) {
        var err = command.getErr();
        String said = String.valueOf(e.getMessage());
        err.println("error: " + said);
        for (Throwable cause = e.getCause(); cause != null && cause != cause.getCause(); cause = cause.getCause()) {
            if (cause.getMessage() != null && !said.contains(cause.getMessage())) {
                err.println("  because: " + cause.getMessage());
                said = cause.getMessage();
            }
        }
        org.slf4j.LoggerFactory.getLogger(DlmWatch.class).debug("command failed", e);
        err.flush();
        return FAILED;
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
