package org.dlmwatch.desk.auth;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The desk's users, from a text file: one user a line, {@code NAME ROLE HASH}, separated by blanks;
 * blank lines and lines starting with {@code #} are ignored. ROLE is {@code clinician}, {@code viewer}
 * or {@code ops}; HASH is a {@link PasswordHasher} hash (plain-text passwords are refused). Example:
 *
 * <pre>
 * # dlm-watch alert desk users
 * jdoe      clinician  pbkdf2-sha256$600000$3q2+7w...$Xk1...
 * wardclerk viewer     pbkdf2-sha256$600000$...
 * prometheus ops       pbkdf2-sha256$600000$...
 * </pre>
 *
 * Write lines with {@link #line(String, Role, char[])} or {@link #add}.
 */
public final class Users {

    public static final String DEMO_USER = "demo";
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._@-]{1,64}");
    private static final SecureRandom RANDOM = new SecureRandom();

    private record Entry(Role role, String hash) {}

    /** The demo user written by {@link #demoFile(Path)}: sign in with these. */
    public record DemoUser(String username, String password, Path file) {}

    private final Map<String, Entry> users;
    /** Checked for unknown names, with the users' own iteration count; made on first need. */
    private volatile String dummyHash;

    private Users(Map<String, Entry> users) {
        this.users = users;
    }

    private String dummyHash() {
        if (dummyHash == null) {
            String sample = users.values().iterator().next().hash();
            dummyHash = PasswordHasher.hash("dummy".toCharArray(), Integer.parseInt(sample.split("\\$")[1]));
        }
        return dummyHash;
    }

    public static Users load(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the users file " + file, e);
        }
        Map<String, Entry> users = new LinkedHashMap<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String[] f = line.split("\\s+");
            int n = i + 1;
            if (f.length != 3) {
                throw new IllegalArgumentException(file + " line " + n + ": expected NAME ROLE HASH");
            }
            if (!NAME.matcher(f[0]).matches()) {
                throw new IllegalArgumentException(file + " line " + n + ": a user name is 1-64 of A-Z a-z 0-9 . _ @ -");
            }
            Role role = Role.parse(f[1]).orElseThrow(() -> new IllegalArgumentException(
                    file + " line " + n + ": role must be clinician, viewer or ops"));
            if (!PasswordHasher.isHash(f[2])) {
                throw new IllegalArgumentException(file + " line " + n
                        + ": the password must be a pbkdf2-sha256 hash, never plain text");
            }
            if (users.put(f[0], new Entry(role, f[2])) != null) {
                throw new IllegalArgumentException(file + " line " + n + ": user " + f[0] + " appears twice");
            }
        }
        if (users.isEmpty()) {
            throw new IllegalArgumentException(file + " has no user");
        }
        return new Users(users);
    }

    /** The user, when the password is right. */
    public Optional<Principal> authenticate(String name, char[] password) {
        Entry e = name == null ? null : users.get(name);
        if (e == null) {
            // same work as a real check, so that timing does not tell which names exist
            PasswordHasher.verify(password, dummyHash());
            return Optional.empty();
        }
        return PasswordHasher.verify(password, e.hash()) ? Optional.of(new Principal(name, e.role())) : Optional.empty();
    }

    /** The user by name, for sessions (the role as configured now). */
    public Optional<Principal> find(String name) {
        Entry e = users.get(name);
        return e == null ? Optional.empty() : Optional.of(new Principal(name, e.role()));
    }

    public int size() {
        return users.size();
    }

    /** One line of a users file. */
    public static String line(String name, Role role, char[] password) {
        return line(name, role, password, PasswordHasher.DEFAULT_ITERATIONS);
    }

    public static String line(String name, Role role, char[] password, int iterations) {
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("a user name is 1-64 of A-Z a-z 0-9 . _ @ -");
        }
        return name + " " + role.label() + " " + PasswordHasher.hash(password, iterations);
    }

    /** Appends a user to a users file (creating it, readable by its owner only). */
    public static void add(Path file, String name, Role role, char[] password) {
        try {
            if (!Files.exists(file)) {
                create(file, "# dlm-watch alert desk users: NAME ROLE HASH\n");
            }
            Files.writeString(file, line(name, role, password) + "\n", StandardCharsets.UTF_8,
                    java.nio.file.StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the users file " + file, e);
        }
    }

    /**
     * Writes (replaces) a users file holding one clinician, {@value #DEMO_USER}, with a new random
     * password, for the local run. Print the returned password; it is stored only as a hash.
     */
    public static DemoUser demoFile(Path file) {
        String password = randomPassword();
        try {
            Files.deleteIfExists(file);
            create(file, "# dlm-watch alert desk users (local demo): NAME ROLE HASH\n"
                    + line(DEMO_USER, Role.CLINICIAN, password.toCharArray()) + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the users file " + file, e);
        }
        return new DemoUser(DEMO_USER, password, file);
    }

    private static void create(Path file, String content) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        Files.writeString(file, content, StandardCharsets.UTF_8);
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException e) {
            // not a POSIX file system
        }
    }

    /** 4 groups of 4 letters and digits, without look-alikes: easy to type from a terminal. */
    static String randomPassword() {
        String alphabet = "abcdefghjkmnpqrstuvwxyz23456789";
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 16; i++) {
            if (i > 0 && i % 4 == 0) {
                sb.append('-');
            }
            sb.append(alphabet.charAt(RANDOM.nextInt(alphabet.length())));
        }
        return sb.toString();
    }
}
