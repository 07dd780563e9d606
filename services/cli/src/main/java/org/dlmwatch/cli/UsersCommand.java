package org.dlmwatch.cli;

import java.io.Console;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import org.dlmwatch.desk.auth.Role;
import org.dlmwatch.desk.auth.Users;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

@Command(name = "users", mixinStandardHelpOptions = true,
        description = "Manage the alert desk's users file (NAME ROLE HASH per line, PBKDF2 password hashes).",
        subcommands = {UsersCommand.Add.class})
final class UsersCommand {

    /** A user name as the desk reads it ({@link Users}), checked before the password is asked. */
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._@-]{1,64}");

    /** Shorter passwords are refused: the desk is reachable from the hospital network. */
    static final int MIN_PASSWORD_LENGTH = 12;

    private UsersCommand() {}

    @Command(name = "add", mixinStandardHelpOptions = true, sortOptions = false,
            description = {
                "Add a user to the alert desk's users file, or print the user's line. The password is never an "
                        + "argument: it is asked twice on the terminal, or read from the first line of standard input "
                        + "when there is no terminal (a pipe, a script). Only its PBKDF2-HMAC-SHA256 hash is written.",
                "The desk reads the file at start: restart it to let the new user in."
            })
    static final class Add implements Callable<Integer> {

        @Option(names = "--file", paramLabel = "FILE",
                description = "The users file to append to; created (readable by its owner only) if missing. "
                        + "Give --file or --print.")
        Path file;

        @Option(names = "--print",
                description = "Print the user's line to standard output instead of writing a file (to append it "
                        + "elsewhere, e.g. from a container).")
        boolean print;

        @Option(names = "--name", required = true, paramLabel = "NAME",
                description = "The user name: 1-64 of A-Z a-z 0-9 . _ @ -")
        String name;

        @Option(names = "--role", required = true, paramLabel = "ROLE",
                description = "clinician (reads and acts on alerts), viewer (reads) or ops (health and metrics only, "
                        + "no patient data).")
        String role;

        @Spec
        CommandSpec spec;

        /** Where the password comes from; tests replace it. */
        PasswordSource passwords;

        @Override
        public Integer call() throws IOException {
            if (print == (file != null)) {
                throw new ParameterException(spec.commandLine(), "give either --file FILE or --print");
            }
            Role parsedRole = Role.parse(role).orElseThrow(() -> new ParameterException(spec.commandLine(),
                    "--role must be clinician, viewer or ops, not '" + role + "'"));
            if (!NAME.matcher(name).matches()) {
                throw new ParameterException(spec.commandLine(), "--name: a user name is 1-64 of A-Z a-z 0-9 . _ @ -");
            }
            if (file != null) {
                checkExisting(file, name);
            }
            char[] password = password();
            try {
                if (print) {
                    PrintWriter out = spec.commandLine().getOut();
                    out.println(Users.line(name, parsedRole, password));
                    out.flush();
                    return 0;
                }
                Users.add(file, name, parsedRole, password);
            } finally {
                wipe(password);
            }
            // the whole file as the desk will read it at start, the new user in it
            if (Users.load(file).find(name).isEmpty()) {
                throw new IllegalStateException("user " + name + " is not in " + file + " after writing it");
            }
            PrintWriter err = spec.commandLine().getErr();
            err.printf("added %s (%s) to %s; restart the desk to let them in%n", name, parsedRole.label(), file);
            err.flush();
            return 0;
        }

        /**
         * A file the desk would refuse after the append (invalid, or the name twice) is left as it is;
         * a last line without its line end gets one, so that the new line is a line of its own.
         */
        private static void checkExisting(Path file, String name) throws IOException {
            if (!Files.exists(file)) {
                return;
            }
            String content = Files.readString(file, StandardCharsets.UTF_8);
            boolean hasUsers = content.lines().map(String::strip).anyMatch(line -> !line.isEmpty() && !line.startsWith("#"));
            if (hasUsers && Users.load(file).find(name).isPresent()) {
                throw new IllegalArgumentException("user " + name + " is already in " + file
                        + " (remove the line to replace the user)");
            }
            if (!content.isEmpty() && !content.endsWith("\n")) {
                Files.writeString(file, "\n", StandardCharsets.UTF_8, java.nio.file.StandardOpenOption.APPEND);
            }
        }

        private char[] password() throws IOException {
            PasswordSource source = passwords != null ? passwords : PasswordSource.system(spec.commandLine().getErr());
            char[] password = source.read(name);
            if (password.length < MIN_PASSWORD_LENGTH) {
                wipe(password);
                throw new IllegalArgumentException("the password must have at least " + MIN_PASSWORD_LENGTH
                        + " characters");
            }
            return password;
        }
    }

    /** The new user's password: from the terminal (asked twice) or from the first line of standard input. */
    interface PasswordSource {

        char[] read(String user) throws IOException;

        /** The terminal if there is one, else standard input (saying so on {@code err}, for a puzzled user). */
        static PasswordSource system(PrintWriter err) {
            return user -> {
                Console console = terminal();
                if (console != null) {
                    return fromConsole(console::readPassword, user);
                }
                err.println("no terminal: reading the password of " + user + " from the first line of standard input");
                err.flush();
                return firstLine(System.in);
            };
        }

        /**
         * The console when standard input and output are a terminal. Java 17 has none otherwise; from
         * Java 22 there is always one, and {@code isTerminal()} tells.
         */
        private static Console terminal() {
            Console console = System.console();
            if (console == null) {
                return null;
            }
            try {
                Object terminal = Console.class.getMethod("isTerminal").invoke(console);
                return Boolean.TRUE.equals(terminal) ? console : null;
            } catch (NoSuchMethodException e) {
                return console;
            } catch (ReflectiveOperationException e) {
                return null;
            }
        }

        /** Asks twice (no echo); refuses a mismatch or an interrupted prompt. */
        static char[] fromConsole(Prompt prompt, String user) {
            char[] first = prompt.readPassword("Password for %s: ", user);
            char[] second = first == null ? null : prompt.readPassword("Again: ");
            try {
                if (first == null || second == null) {
                    throw new IllegalArgumentException("no password given");
                }
                if (!Arrays.equals(first, second)) {
                    throw new IllegalArgumentException("the two passwords differ");
                }
                return first.clone();
            } finally {
                wipe(first);
                wipe(second);
            }
        }

        /** The first line of a stream (UTF-8), without its line end; what follows is ignored. */
        static char[] firstLine(InputStream in) throws IOException {
            Reader reader = new InputStreamReader(in, StandardCharsets.UTF_8);
            char[] buffer = new char[64];
            int length = 0;
            int c;
            while ((c = reader.read()) >= 0 && c != '\n') {
                if (length == buffer.length) {
                    char[] bigger = Arrays.copyOf(buffer, buffer.length * 2);
                    Arrays.fill(buffer, '\0');
                    buffer = bigger;
                }
                buffer[length++] = (char) c;
            }
            if (length > 0 && buffer[length - 1] == '\r') {
                length--;
            }
            char[] line = Arrays.copyOf(buffer, length);
            Arrays.fill(buffer, '\0');
            return line;
        }
    }

    static void wipe(char[] secret) {
        if (secret != null) {
            Arrays.fill(secret, '\0');
        }
    }

    /** {@link Console#readPassword(String, Object...)}, replaceable in tests. */
    @FunctionalInterface
    interface Prompt {
        char[] readPassword(String format, Object... args);
    }
}
