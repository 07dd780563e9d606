package org.dlmwatch.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import org.dlmwatch.desk.auth.Principal;
import org.dlmwatch.desk.auth.Role;
import org.dlmwatch.desk.auth.Users;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code dlm-watch users add}, run in-process as an operator runs it, with the password coming from
 * a replaced source (standard input or the terminal prompt): what it writes is read back by the
 * desk's own {@link Users#load} and signs in with {@link Users#authenticate}.
 */
class UsersCommandTest {

    private static final String PASSWORD = "correct horse battery";

    @TempDir
    Path dir;

    private record Run(int exitCode, String out, String err) {}

    /** Runs the command with the password taken from {@code stdin}, as through a pipe. */
    private static Run run(String stdin, String... args) {
        return run((UsersCommand.PasswordSource) user -> UsersCommand.PasswordSource.firstLine(
                new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8))), args);
    }

    private static Run run(UsersCommand.PasswordSource passwords, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = DlmWatch.commandLine();
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        UsersCommand.Add add = cli.getSubcommands().get("users").getSubcommands().get("add").getCommand();
        add.passwords = passwords;
        int code = cli.execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    @Test
    void addsAUserTheDeskSignsIn() throws Exception {
        Path file = dir.resolve("secrets/desk-users");
        Run run = run(PASSWORD + "\n", "users", "add", "--file", file.toString(), "--name", "jdoe", "--role", "clinician");
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.err()).contains("added jdoe (clinician) to " + file);

        String content = Files.readString(file);
        assertThat(content).doesNotContain(PASSWORD).contains("jdoe clinician pbkdf2-sha256$600000$");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        Users users = Users.load(file);
        assertThat(users.authenticate("jdoe", PASSWORD.toCharArray())).contains(new Principal("jdoe", Role.CLINICIAN));
        assertThat(users.authenticate("jdoe", "correct horse battery!".toCharArray())).isEmpty();

        // a second user, with a Windows line end on standard input: appended, both sign in
        Run second = run("metrics-scraper-pw\r\nignored second line\n", "users", "add", "--file", file.toString(),
                "--name", "prometheus", "--role", "OPS");
        assertThat(second.exitCode()).as(second.err()).isZero();
        users = Users.load(file);
        assertThat(users.size()).isEqualTo(2);
        assertThat(users.authenticate("prometheus", "metrics-scraper-pw".toCharArray()))
                .contains(new Principal("prometheus", Role.OPS));
        assertThat(users.authenticate("jdoe", PASSWORD.toCharArray())).isPresent();
    }

    @Test
    void printWritesTheLineToStandardOutputOnly() throws Exception {
        Run run = run(PASSWORD + "\n", "users", "add", "--print", "--name", "ward.clerk", "--role", "viewer");
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).startsWith("ward.clerk viewer pbkdf2-sha256$").endsWith("\n").doesNotContain(PASSWORD);
        assertThat(run.out().lines()).hasSize(1);
        assertThat(dir).isEmptyDirectory();

        Path file = dir.resolve("users");
        Files.writeString(file, run.out());
        assertThat(Users.load(file).authenticate("ward.clerk", PASSWORD.toCharArray()))
                .contains(new Principal("ward.clerk", Role.VIEWER));
    }

    @Test
    void terminalAsksTwiceAndRefusesAMismatch() throws Exception {
        List<String> prompts = new ArrayList<>();
        Deque<String> typed = new ArrayDeque<>(List.of(PASSWORD, PASSWORD));
        UsersCommand.PasswordSource terminal = user -> UsersCommand.PasswordSource.fromConsole((format, args) -> {
            prompts.add(String.format(format, args));
            return typed.pop().toCharArray();
        }, user);
        Path file = dir.resolve("desk-users");
        Run run = run(terminal, "users", "add", "--file", file.toString(), "--name", "jdoe", "--role", "clinician");
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(prompts).containsExactly("Password for jdoe: ", "Again: ");
        assertThat(Users.load(file).authenticate("jdoe", PASSWORD.toCharArray())).isPresent();

        typed.addAll(List.of(PASSWORD, PASSWORD + "x"));
        Run mismatch = run(terminal, "users", "add", "--file", file.toString(), "--name", "asmith", "--role", "viewer");
        assertThat(mismatch.exitCode()).isEqualTo(DlmWatch.FAILED);
        assertThat(mismatch.err()).contains("the two passwords differ");
        assertThat(Users.load(file).size()).isEqualTo(1);

        char[][] returned = new char[2][];
        char[] result = UsersCommand.PasswordSource.fromConsole((format, args) -> {
            char[] p = PASSWORD.toCharArray();
            returned[returned[0] == null ? 0 : 1] = p;
            return p;
        }, "x");
        assertThat(new String(result)).isEqualTo(PASSWORD);
        assertThat(returned[0]).as("what the terminal returned is wiped").containsOnly('\0');
        assertThat(returned[1]).containsOnly('\0');
        assertThatThrownBy(() -> UsersCommand.PasswordSource.fromConsole((format, args) -> null, "x"))
                .hasMessage("no password given");
    }

    @Test
    void refusesWhatTheDeskWouldRefuseAndLeavesTheFileAsItWas() throws Exception {
        Path file = dir.resolve("desk-users");
        assertThat(run(PASSWORD + "\n", "users", "add", "--file", file.toString(), "--name", "jdoe", "--role", "clinician")
                .exitCode()).isZero();
        byte[] before = Files.readAllBytes(file);

        Run twice = run(PASSWORD + "\n", "users", "add", "--file", file.toString(), "--name", "jdoe", "--role", "viewer");
        assertThat(twice.exitCode()).isEqualTo(DlmWatch.FAILED);
        assertThat(twice.err()).contains("user jdoe is already in " + file);

        Run shortPassword = run("too-short\n", "users", "add", "--file", file.toString(), "--name", "bob", "--role", "viewer");
        assertThat(shortPassword.exitCode()).isEqualTo(DlmWatch.FAILED);
        assertThat(shortPassword.err()).contains("at least 12 characters");

        Run noPassword = run("", "users", "add", "--file", file.toString(), "--name", "bob", "--role", "viewer");
        assertThat(noPassword.exitCode()).isEqualTo(DlmWatch.FAILED);

        Run badRole = run(PASSWORD + "\n", "users", "add", "--file", file.toString(), "--name", "bob", "--role", "admin");
        assertThat(badRole.exitCode()).isEqualTo(2);
        assertThat(badRole.err()).contains("--role must be clinician, viewer or ops, not 'admin'");

        Run badName = run(PASSWORD + "\n", "users", "add", "--file", file.toString(), "--name", "bob smith", "--role", "viewer");
        assertThat(badName.exitCode()).isEqualTo(2);
        assertThat(badName.err()).contains("a user name is 1-64 of");

        Run both = run(PASSWORD + "\n", "users", "add", "--file", file.toString(), "--print", "--name", "bob", "--role", "viewer");
        assertThat(both.exitCode()).isEqualTo(2);
        assertThat(both.err()).contains("give either --file FILE or --print");
        Run neither = run(PASSWORD + "\n", "users", "add", "--name", "bob", "--role", "viewer");
        assertThat(neither.exitCode()).isEqualTo(2);

        Path plain = dir.resolve("plain-users");
        Files.writeString(plain, "jdoe clinician hunter2\n");
        Run invalid = run(PASSWORD + "\n", "users", "add", "--file", plain.toString(), "--name", "bob", "--role", "viewer");
        assertThat(invalid.exitCode()).isEqualTo(DlmWatch.FAILED);
        assertThat(invalid.err()).contains("never plain text");
        assertThat(Files.readString(plain)).isEqualTo("jdoe clinician hunter2\n");

        assertThat(Files.readAllBytes(file)).isEqualTo(before);
    }

    @Test
    void aLastLineWithoutItsLineEndStaysALineOfItsOwn() throws Exception {
        Path file = dir.resolve("desk-users");
        Files.writeString(file, "# our users\n" + Users.line("jdoe", Role.CLINICIAN, PASSWORD.toCharArray(), 1000));
        Run run = run(PASSWORD + "\n", "users", "add", "--file", file.toString(), "--name", "bob", "--role", "viewer");
        assertThat(run.exitCode()).as(run.err()).isZero();
        Users users = Users.load(file);
        assertThat(users.size()).isEqualTo(2);
        assertThat(users.authenticate("jdoe", PASSWORD.toCharArray())).isPresent();
        assertThat(users.authenticate("bob", PASSWORD.toCharArray())).isPresent();
    }

    @Test
    void thePasswordIsNoOption() {
        CommandLine add = DlmWatch.commandLine().getSubcommands().get("users").getSubcommands().get("add");
        assertThat(add.getCommandSpec().options()).allSatisfy(option -> assertThat(Arrays.toString(option.names()))
                .doesNotContainIgnoringCase("pass"));
        assertThat(add.getCommandSpec().positionalParameters()).isEmpty();
    }

    @Test
    void firstLineReadsUpToTheLineEnd() throws Exception {
        String longPassword = "p".repeat(300);
        assertThat(UsersCommand.PasswordSource.firstLine(new ByteArrayInputStream((longPassword + "\nrest").getBytes(
                StandardCharsets.UTF_8)))).isEqualTo(longPassword.toCharArray());
        assertThat(UsersCommand.PasswordSource.firstLine(new ByteArrayInputStream("sans fin é".getBytes(StandardCharsets.UTF_8))))
                .isEqualTo("sans fin é".toCharArray());
        assertThat(UsersCommand.PasswordSource.firstLine(new ByteArrayInputStream(new byte[0]))).isEmpty();
    }
}
