package org.dlmwatch.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ApicurioDistributionTest {

    private static final String RUNNER = ApicurioDistribution.RUNNER_JAR;
    private static final String[] PROPS = {
        ApicurioDistribution.HOME_PROPERTY, ApicurioDistribution.CACHE_PROPERTY, "maven.repo.local"};

    @TempDir
    Path dir;

    private final String[] saved = new String[PROPS.length];

    @BeforeEach
    void saveProperties() {
        for (int i = 0; i < PROPS.length; i++) {
            saved[i] = System.getProperty(PROPS[i]);
        }
    }

    @AfterEach
    void restoreProperties() {
        for (int i = 0; i < PROPS.length; i++) {
            if (saved[i] == null) {
                System.clearProperty(PROPS[i]);
            } else {
                System.setProperty(PROPS[i], saved[i]);
            }
        }
    }

    private Path fakeDistributionArchive(Path file, boolean withSha1) throws IOException {
        String longLib = "lib/" + "d".repeat(60) + "/" + "x".repeat(60) + ".jar"; // > 100 chars: ustar prefix field
        return new TarGz(file)
                .dir("meta/")
                .dir("lib/")
                .file(RUNNER, "runner")
                .file("lib/a.jar", "a")
                .file(longLib, "long")
                .gnuLongNameFile("lib/" + "g".repeat(120) + ".jar", "gnu")
                .paxPathFile("lib/" + "p".repeat(130) + ".jar", "pax")
                .symlink("lib/link.jar")
                .write(withSha1);
    }

    @Test
    void extractsUstarGnuAndPaxNamesAndVerifiesTheChecksum() throws Exception {
        Path archive = fakeDistributionArchive(dir.resolve("dist.tar.gz"), true);
        Path target = dir.resolve("cache/apicurio");

        assertThat(ApicurioDistribution.extract(archive, target)).isEqualTo(target.toAbsolutePath());

        assertThat(ApicurioDistribution.isDistribution(target)).isTrue();
        assertThat(target.resolve(RUNNER)).hasContent("runner");
        assertThat(target.resolve("lib/a.jar")).hasContent("a");
        assertThat(target.resolve("lib/" + "d".repeat(60) + "/" + "x".repeat(60) + ".jar")).hasContent("long");
        assertThat(target.resolve("lib/" + "g".repeat(120) + ".jar")).hasContent("gnu");
        assertThat(target.resolve("lib/" + "p".repeat(130) + ".jar")).hasContent("pax");
        assertThat(target.resolve("lib/link.jar")).doesNotExist();
        assertThat(target.resolve("meta")).isDirectory();
        assertThat(leftovers(target.getParent())).containsExactly("apicurio");
    }

    @Test
    void extractsOnlyOnce() throws Exception {
        Path archive = fakeDistributionArchive(dir.resolve("dist.tar.gz"), false);
        Path target = dir.resolve("cache/apicurio");
        ApicurioDistribution.extract(archive, target);
        Files.writeString(target.resolve("marker"), "kept");
        ApicurioDistribution.extract(archive, target);
        assertThat(target.resolve("marker")).hasContent("kept");
    }

    @Test
    void concurrentExtractionsEndWithOneCompleteFolderAndNoTemporaryOnes() throws Exception {
        Path archive = fakeDistributionArchive(dir.resolve("dist.tar.gz"), true);
        Path target = dir.resolve("cache/apicurio");
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Path>> results = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                Callable<Path> c = () -> ApicurioDistribution.extract(archive, target);
                results.add(pool.submit(c));
            }
            for (Future<Path> f : results) {
                assertThat(f.get()).isEqualTo(target.toAbsolutePath());
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(ApicurioDistribution.isDistribution(target)).isTrue();
        assertThat(leftovers(target.getParent())).containsExactly("apicurio");
    }

    @Test
    void replacesAnIncompleteFolder() throws Exception {
        Path archive = fakeDistributionArchive(dir.resolve("dist.tar.gz"), true);
        Path target = dir.resolve("cache/apicurio");
        Files.createDirectories(target.resolve("lib"));
        ApicurioDistribution.extract(archive, target);
        assertThat(ApicurioDistribution.isDistribution(target)).isTrue();
        assertThat(leftovers(target.getParent())).containsExactly("apicurio");
    }

    @Test
    void rejectsAChecksumMismatch() throws Exception {
        Path archive = fakeDistributionArchive(dir.resolve("dist.tar.gz"), false);
        Files.writeString(dir.resolve("dist.tar.gz.sha1"), "0123456789abcdef0123456789abcdef01234567");
        Path target = dir.resolve("cache/apicurio");
        assertThatThrownBy(() -> ApicurioDistribution.extract(archive, target))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("Checksum mismatch")
                .hasMessageContaining(ApicurioDistribution.FETCH_COMMAND);
        assertThat(leftovers(target.getParent())).isEmpty();
    }

    @Test
    void rejectsEntriesOutsideTheTarget() throws Exception {
        Path archive = new TarGz(dir.resolve("evil.tar.gz")).file("../../evil.txt", "x").write(false);
        Path target = dir.resolve("cache/apicurio");
        assertThatThrownBy(() -> ApicurioDistribution.extract(archive, target))
                .isInstanceOf(UncheckedIOException.class)
                .hasMessageContaining("escapes");
        assertThat(dir.resolve("evil.txt")).doesNotExist();
        assertThat(leftovers(target.getParent())).isEmpty();
    }

    @Test
    void rejectsAnArchiveWithoutTheRunnerJar() throws Exception {
        Path archive = new TarGz(dir.resolve("other.tar.gz")).dir("lib/").file("lib/a.jar", "a").write(false);
        assertThatThrownBy(() -> ApicurioDistribution.extract(archive, dir.resolve("cache/apicurio")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(RUNNER);
    }

    @Test
    void locateNamesTheMavenCommandWhenTheArchiveIsMissing() {
        assumeTrue(System.getenv(ApicurioDistribution.HOME_ENV) == null, "the environment names a distribution");
        System.clearProperty(ApicurioDistribution.HOME_PROPERTY);
        System.setProperty(ApicurioDistribution.CACHE_PROPERTY, dir.resolve("cache").toString());
        System.setProperty("maven.repo.local", dir.resolve("empty-repo").toString());

        assertThatThrownBy(ApicurioDistribution::locate)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(dir.resolve("empty-repo").resolve(
                        "io/apicurio/apicurio-registry-app/2.6.13.Final/apicurio-registry-app-2.6.13.Final-all.tar.gz").toString())
                .hasMessageContaining("mvn dependency:get -Dtransitive=false "
                        + "-Dartifact=io.apicurio:apicurio-registry-app:2.6.13.Final:tar.gz:all");
    }

    @Test
    void locateExtractsFromTheLocalRepositoryIntoTheCache() throws Exception {
        assumeTrue(System.getenv(ApicurioDistribution.HOME_ENV) == null, "the environment names a distribution");
        System.clearProperty(ApicurioDistribution.HOME_PROPERTY);
        System.setProperty(ApicurioDistribution.CACHE_PROPERTY, dir.resolve("cache").toString());
        System.setProperty("maven.repo.local", dir.resolve("repo").toString());
        Path archive = ApicurioDistribution.localRepositoryArchive();
        Files.createDirectories(archive.getParent());
        fakeDistributionArchive(archive, true);

        Path home = ApicurioDistribution.locate();

        assertThat(home).isEqualTo(dir.resolve("cache/apicurio-registry-2.6.13.Final").toAbsolutePath());
        assertThat(ApicurioDistribution.isDistribution(home)).isTrue();
    }

    @Test
    void locatePrefersTheConfiguredHomeAndChecksIt() throws Exception {
        Path home = dir.resolve("home");
        System.setProperty(ApicurioDistribution.HOME_PROPERTY, home.toString());
        assertThatThrownBy(ApicurioDistribution::locate)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(home.toString())
                .hasMessageContaining(RUNNER);

        Files.createDirectories(home.resolve("lib"));
        Files.writeString(home.resolve(RUNNER), "runner");
        assertThat(ApicurioDistribution.locate()).isEqualTo(home.toAbsolutePath());
    }

    @Test
    void readsTheLocalRepositoryFromMavenSettings() throws Exception {
        Path settings = dir.resolve("settings.xml");
        Files.writeString(settings, "<settings>\n<!-- <localRepository>/commented/out</localRepository> -->\n"
                + "  <localRepository>${user.home}/my-repo</localRepository>\n</settings>\n");
        assertThat(ApicurioDistribution.localRepositoryFromSettings(settings))
                .contains(Paths.get(System.getProperty("user.home"), "my-repo").toAbsolutePath());
        assertThat(ApicurioDistribution.localRepositoryFromSettings(dir.resolve("missing.xml"))).isEmpty();
        Files.writeString(settings, "<settings/>");
        assertThat(ApicurioDistribution.localRepositoryFromSettings(settings)).isEmpty();
    }

    @Test
    void mavenRepoLocalPropertyWins() {
        System.setProperty("maven.repo.local", dir.resolve("r").toString());
        assertThat(ApicurioDistribution.localRepository()).isEqualTo(dir.resolve("r").toAbsolutePath());
    }

    private static List<String> leftovers(Path parent) throws IOException {
        if (!Files.isDirectory(parent)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(parent)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }
}
