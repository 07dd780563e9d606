package org.dlmwatch.local;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds the runnable Apicurio Registry distribution ({@code apicurio-registry-app-VERSION-runner.jar}
 * plus {@code lib/}) that {@link ApicurioRegistryProcess} starts.
 *
 * <p>Order:
 * <ol>
 *   <li>system property {@value #HOME_PROPERTY}, else environment variable {@value #HOME_ENV}: an
 *       already extracted distribution folder, used as is;</li>
 *   <li>else the Maven artifact {@code io.apicurio:apicurio-registry-app:VERSION:tar.gz:all} in the
 *       local Maven repository (system property {@code maven.repo.local}, else
 *       {@code <localRepository>} of {@code ~/.m2/settings.xml}, else {@code ~/.m2/repository}),
 *       extracted once into {@code ~/.cache/dlm-watch/apicurio-registry-VERSION} (system property
 *       {@value #CACHE_PROPERTY} moves that parent folder).</li>
 * </ol>
 *
 * <p>Extraction is done with the JDK alone (gzip + a small ustar reader), so it works the same
 * wherever a JDK runs and needs no {@code tar} on the PATH. It checks the archive's SHA-1 against the
 * {@code .sha1} file Maven stored next to it, rejects entries that would escape the target, writes
 * into a temporary sibling folder and renames that into place in one atomic step, so that concurrent
 * JVMs (two test forks, a test run and a local run) never see a half-extracted folder.
 */
public final class ApicurioDistribution {

    private static final Logger LOG = LoggerFactory.getLogger(ApicurioDistribution.class);

    /** The Apicurio Registry version this project runs (the parent POM's {@code apicurio.version}). */
    public static final String VERSION = "2.6.13.Final";
    public static final String GROUP_ID = "io.apicurio";
    public static final String ARTIFACT_ID = "apicurio-registry-app";
    public static final String CLASSIFIER = "all";

    /** System property naming an extracted distribution folder. */
    public static final String HOME_PROPERTY = "dlmwatch.apicurio.home";
    /** Environment variable naming an extracted distribution folder. */
    public static final String HOME_ENV = "DLMWATCH_APICURIO_HOME";
    /** System property naming the cache parent folder (default {@code ~/.cache/dlm-watch}). */
    public static final String CACHE_PROPERTY = "dlmwatch.cache.dir";

    /** The Maven command that puts the tarball into the local repository. */
    public static final String FETCH_COMMAND = "mvn dependency:get -Dtransitive=false -Dartifact="
            + GROUP_ID + ":" + ARTIFACT_ID + ":" + VERSION + ":tar.gz:" + CLASSIFIER;

    static final String RUNNER_JAR = ARTIFACT_ID + "-" + VERSION + "-runner.jar";
    private static final String ARCHIVE_NAME = ARTIFACT_ID + "-" + VERSION + "-" + CLASSIFIER + ".tar.gz";

    private ApicurioDistribution() {
    }

    /**
     * The distribution folder, extracting the tarball from the local Maven repository on first use.
     *
     * @throws IllegalStateException with the command to run when nothing can be found
     */
    public static Path locate() {
        Optional<Path> home = configuredHome();
        if (home.isPresent()) {
            Path dir = home.get();
            if (!isDistribution(dir)) {
                throw new IllegalStateException("Apicurio Registry home " + dir + " (from " + HOME_PROPERTY + " / "
                        + HOME_ENV + ") does not contain " + RUNNER_JAR + " and lib/.");
            }
            return dir;
        }
        Path target = defaultCacheDir();
        if (isDistribution(target)) {
            return target;
        }
        Path archive = localRepositoryArchive();
        if (!Files.isRegularFile(archive)) {
            throw new IllegalStateException("Apicurio Registry " + VERSION + " not found: no " + archive
                    + ". Fetch it into the local Maven repository with:\n    " + FETCH_COMMAND
                    + "\n(or build services/local-infra once, which declares it), or set " + HOME_PROPERTY
                    + " / " + HOME_ENV + " to an extracted distribution.");
        }
        return extract(archive, target);
    }

    /** The folder named by {@value #HOME_PROPERTY} or {@value #HOME_ENV}, if any. */
    static Optional<Path> configuredHome() {
        String v = System.getProperty(HOME_PROPERTY);
        if (v == null || v.isBlank()) {
            v = System.getenv(HOME_ENV);
        }
        return v == null || v.isBlank() ? Optional.empty() : Optional.of(Paths.get(v.trim()).toAbsolutePath());
    }

    /** {@code ~/.cache/dlm-watch/apicurio-registry-VERSION}, or under {@value #CACHE_PROPERTY}. */
    public static Path defaultCacheDir() {
        String parent = System.getProperty(CACHE_PROPERTY);
        Path base = parent == null || parent.isBlank()
                ? Paths.get(System.getProperty("user.home"), ".cache", "dlm-watch")
                : Paths.get(parent.trim());
        return base.toAbsolutePath().resolve("apicurio-registry-" + VERSION);
    }

    /** Where the tarball is (or would be) in the local Maven repository. */
    public static Path localRepositoryArchive() {
        return localRepository()
                .resolve(GROUP_ID.replace('.', '/'))
                .resolve(ARTIFACT_ID)
                .resolve(VERSION)
                .resolve(ARCHIVE_NAME);
    }

    static Path localRepository() {
        String v = System.getProperty("maven.repo.local");
        if (v != null && !v.isBlank()) {
            return Paths.get(v.trim()).toAbsolutePath();
        }
        Path m2 = Paths.get(System.getProperty("user.home"), ".m2");
        return localRepositoryFromSettings(m2.resolve("settings.xml")).orElse(m2.resolve("repository"));
    }

    /** {@code <localRepository>} of a Maven settings file, with {@code ${user.home}} expanded. */
    static Optional<Path> localRepositoryFromSettings(Path settings) {
        if (!Files.isRegularFile(settings)) {
            return Optional.empty();
        }
        try {
            String xml = Files.readString(settings, StandardCharsets.UTF_8).replaceAll("(?s)<!--.*?-->", "");
            Matcher m = Pattern.compile("<localRepository>\\s*([^<]+?)\\s*</localRepository>").matcher(xml);
            if (!m.find()) {
                return Optional.empty();
            }
            String path = m.group(1)
                    .replace("${user.home}", System.getProperty("user.home"))
                    .replace("${env.HOME}", String.valueOf(System.getenv("HOME")));
            return Optional.of(Paths.get(path).toAbsolutePath());
        } catch (IOException | RuntimeException e) {
            LOG.debug("Cannot read {}: {}", settings, e.toString());
            return Optional.empty();
        }
    }

    /** True if {@code dir} holds the runner jar and its {@code lib/} folder. */
    public static boolean isDistribution(Path dir) {
        return Files.isRegularFile(dir.resolve(RUNNER_JAR)) && Files.isDirectory(dir.resolve("lib"));
    }

    /**
     * Extracts {@code archive} into {@code target} unless {@code target} already holds a
     * distribution. Safe against concurrent callers: the first finished rename wins.
     *
     * @return {@code target}
     */
    public static Path extract(Path archive, Path target) {
        target = target.toAbsolutePath().normalize();
        if (isDistribution(target)) {
            return target;
        }
        long t0 = System.nanoTime();
        Path parent = target.getParent();
        Path tmp = parent.resolve("." + target.getFileName() + ".tmp-" + UUID.randomUUID());
        try {
            Files.createDirectories(parent);
            Files.createDirectories(tmp);
            String sha1 = untarGz(archive, tmp);
            verifySha1(archive, sha1);
            if (!isDistribution(tmp)) {
                throw new IllegalStateException(archive + " does not contain " + RUNNER_JAR + " and lib/");
            }
            for (int attempt = 1; ; attempt++) {
                try {
                    Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
                    LOG.info("Extracted Apicurio Registry {} to {} in {} ms", VERSION, target,
                            (System.nanoTime() - t0) / 1_000_000);
                    return target;
                } catch (AtomicMoveNotSupportedException e) {
                    throw new IllegalStateException("Cannot rename " + tmp + " to " + target + " atomically", e);
                } catch (FileSystemException e) {
                    // target exists and is not empty (Linux reports ENOTEMPTY as a plain FileSystemException)
                    if (!Files.exists(target)) {
                        throw e;
                    }
                    if (isDistribution(target)) {
                        LOG.debug("Another process extracted {} first", target);
                        return target;
                    }
                    if (attempt == 3) {
                        throw e;
                    }
                    // an incomplete folder, not made by us (we only ever rename complete ones into place)
                    LOG.warn("{} exists but is not a complete Apicurio distribution; replacing it", target);
                    Path trash = parent.resolve("." + target.getFileName() + ".old-" + UUID.randomUUID());
                    try {
                        Files.move(target, trash, StandardCopyOption.ATOMIC_MOVE);
                    } catch (NoSuchFileException gone) {
                        continue;
                    }
                    LocalFiles.deleteRecursively(trash);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot extract " + archive + " to " + target + ": " + e, e);
        } finally {
            LocalFiles.deleteRecursivelyQuietly(tmp);
        }
    }

    private static void verifySha1(Path archive, String actual) throws IOException {
        Path sha1File = archive.resolveSibling(archive.getFileName() + ".sha1");
        if (!Files.isRegularFile(sha1File)) {
            return;
        }
        String expected = Files.readString(sha1File, StandardCharsets.US_ASCII).trim().split("\\s+")[0]
                .toLowerCase(Locale.ROOT);
        if (!expected.isEmpty() && !expected.equals(actual)) {
            throw new IllegalStateException("Checksum mismatch for " + archive + ": SHA-1 " + actual + ", expected "
                    + expected + " (from " + sha1File + "). Delete the file and fetch it again with:\n    "
                    + FETCH_COMMAND);
        }
    }

    /**
     * Extracts a gzip-compressed ustar/pax/GNU tar archive with regular files and directories into
     * {@code dir}; other entry types (links, devices) are skipped.
     *
     * @return the archive's SHA-1, hex
     */
    static String untarGz(Path archive, Path dir) throws IOException {
        MessageDigest sha1;
        try {
            sha1 = MessageDigest.getInstance("SHA-1");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        Path root = dir.toAbsolutePath().normalize();
        try (InputStream raw = new DigestInputStream(Files.newInputStream(archive), sha1);
             InputStream in = new BufferedInputStream(new GZIPInputStream(raw, 64 * 1024), 64 * 1024)) {
            byte[] header = new byte[512];
            String longName = null;
            String paxPath = null;
            while (true) {
                if (!readFully(in, header)) {
                    throw new IOException("Truncated tar archive " + archive);
                }
                if (isZeroBlock(header)) {
                    break;
                }
                String name = field(header, 0, 100);
                long size = octal(header, 124, 12);
                char type = (char) header[156];
                String prefix = "ustar".equals(field(header, 257, 5)) ? field(header, 345, 155) : "";
                if (type == 'L' || type == 'x') {
                    byte[] data = readEntry(in, size);
                    if (type == 'L') {
                        longName = new String(data, StandardCharsets.UTF_8).replace("\0", "");
                    } else {
                        paxPath = paxValue(data, "path");
                    }
                    continue;
                }
                String path = paxPath != null ? paxPath
                        : longName != null ? longName
                        : prefix.isEmpty() ? name : prefix + "/" + name;
                longName = null;
                paxPath = null;
                Path out = root.resolve(path).normalize();
                if (!out.startsWith(root)) {
                    throw new IOException("Tar entry escapes the target folder: " + path);
                }
                if (type == '5') {
                    Files.createDirectories(out);
                    skip(in, padded(size));
                } else if (type == '0' || type == '\0' || type == '7') {
                    Files.createDirectories(out.getParent());
                    try (var os = Files.newOutputStream(out)) {
                        copy(in, os, size);
                    }
                    skip(in, padded(size) - size);
                } else {
                    skip(in, padded(size));
                }
            }
            // drain through read() (skip() would bypass the digest), so the digest covers the whole file
            in.transferTo(OutputStream.nullOutputStream());
            raw.transferTo(OutputStream.nullOutputStream());
        }
        return HexFormat.of().formatHex(sha1.digest());
    }

    private static String paxValue(byte[] data, String key) {
        // records: "<len> <key>=<value>\n"
        String s = new String(data, StandardCharsets.UTF_8);
        for (String rec : s.split("\n")) {
            int sp = rec.indexOf(' ');
            int eq = rec.indexOf('=');
            if (sp > 0 && eq > sp && rec.substring(sp + 1, eq).equals(key)) {
                return rec.substring(eq + 1);
            }
        }
        return null;
    }

    private static byte[] readEntry(InputStream in, long size) throws IOException {
        if (size > 1 << 20) {
            throw new IOException("Tar extension header too large: " + size);
        }
        byte[] data = new byte[(int) size];
        if (!readFully(in, data)) {
            throw new IOException("Truncated tar archive");
        }
        skip(in, padded(size) - size);
        return data;
    }

    private static long padded(long size) {
        return (size + 511) / 512 * 512;
    }

    private static boolean isZeroBlock(byte[] b) {
        for (byte x : b) {
            if (x != 0) {
                return false;
            }
        }
        return true;
    }

    private static String field(byte[] h, int off, int len) {
        int end = off;
        while (end < off + len && h[end] != 0) {
            end++;
        }
        return new String(h, off, end - off, StandardCharsets.UTF_8);
    }

    private static long octal(byte[] h, int off, int len) throws IOException {
        if ((h[off] & 0x80) != 0) {
            // GNU base-256 encoding for sizes over 8 GiB
            long v = h[off] & 0x7f;
            for (int i = 1; i < len; i++) {
                v = (v << 8) | (h[off + i] & 0xff);
            }
            return v;
        }
        String s = field(h, off, len).trim();
        if (s.isEmpty()) {
            return 0;
        }
        try {
            return Long.parseLong(s, 8);
        } catch (NumberFormatException e) {
            throw new IOException("Bad number in tar header: '" + s + "'");
        }
    }

    private static boolean readFully(InputStream in, byte[] b) throws IOException {
        int n = 0;
        while (n < b.length) {
            int r = in.read(b, n, b.length - n);
            if (r < 0) {
                return false;
            }
            n += r;
        }
        return true;
    }

    private static void copy(InputStream in, OutputStream out, long size) throws IOException {
        byte[] buf = new byte[64 * 1024];
        long left = size;
        while (left > 0) {
            int r = in.read(buf, 0, (int) Math.min(buf.length, left));
            if (r < 0) {
                throw new IOException("Truncated tar archive");
            }
            out.write(buf, 0, r);
            left -= r;
        }
    }

    private static void skip(InputStream in, long n) throws IOException {
        long left = n;
        while (left > 0) {
            long s = in.skip(left);
            if (s <= 0) {
                if (in.read() < 0) {
                    throw new IOException("Truncated tar archive");
                }
                s = 1;
            }
            left -= s;
        }
    }
}
