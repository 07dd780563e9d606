package org.dlmwatch.desk.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.dlmwatch.desk.support.TestClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AuthTest {

    @TempDir
    Path dir;

    @Test
    void hashesVerifyOnlyTheRightPassword() {
        String hash = PasswordHasher.hash("s3cret".toCharArray(), 1000);
        assertThat(hash).startsWith("pbkdf2-sha256$1000$");
        assertThat(PasswordHasher.verify("s3cret".toCharArray(), hash)).isTrue();
        assertThat(PasswordHasher.verify("s3cret ".toCharArray(), hash)).isFalse();
        assertThat(PasswordHasher.hash("s3cret".toCharArray(), 1000)).as("salted").isNotEqualTo(hash);
        assertThat(PasswordHasher.verify("x".toCharArray(), "plain-text")).isFalse();
        assertThat(PasswordHasher.verify("x".toCharArray(), "pbkdf2-sha256$abc$def$ghi")).isFalse();
    }

    @Test
    void usersFileWithRoles() throws Exception {
        Path file = dir.resolve("users.txt");
        Files.writeString(file, "# users\n\n" + Users.line("ana", Role.CLINICIAN, "pw-a".toCharArray(), 1000) + "\n"
                + Users.line("vic", Role.VIEWER, "pw-v".toCharArray(), 1000) + "\n");
        Users users = Users.load(file);
        assertThat(users.size()).isEqualTo(2);
        assertThat(users.authenticate("ana", "pw-a".toCharArray())).contains(new Principal("ana", Role.CLINICIAN));
        assertThat(users.authenticate("ana", "pw-v".toCharArray())).isEmpty();
        assertThat(users.authenticate("nobody", "pw-a".toCharArray())).isEmpty();
        assertThat(users.find("vic").orElseThrow().canAct()).isFalse();
        assertThat(users.find("vic").orElseThrow().canRead()).isTrue();
    }

    @Test
    void usersFileMistakesAreRefusedClearly() throws Exception {
        Path file = dir.resolve("bad.txt");
        Files.writeString(file, "ana clinician hunter2\n");
        assertThatThrownBy(() -> Users.load(file)).hasMessageContaining("line 1: the password must be a pbkdf2-sha256 "
                + "hash, never plain text");
        Files.writeString(file, "ana surgeon " + PasswordHasher.hash("x".toCharArray(), 10) + "\n");
        assertThatThrownBy(() -> Users.load(file)).hasMessageContaining("role must be clinician, viewer or ops");
        Files.writeString(file, "# nobody\n");
        assertThatThrownBy(() -> Users.load(file)).hasMessageContaining("has no user");
    }

    @Test
    void demoFileHasOneClinicianWithAPrintedPassword() {
        Users.DemoUser demo = Users.demoFile(dir.resolve("demo/users.txt"));
        assertThat(demo.username()).isEqualTo("demo");
        assertThat(demo.password()).matches("[a-z2-9]{4}(-[a-z2-9]{4}){3}");
        Users users = Users.load(demo.file());
        assertThat(users.authenticate("demo", demo.password().toCharArray()))
                .contains(new Principal("demo", Role.CLINICIAN));
    }

    @Test
    void sessionsAreSignedAndExpire() {
        TestClock clock = new TestClock(Instant.parse("2026-01-01T08:00:00Z"));
        Sessions sessions = new Sessions("0123456789abcdef0123".getBytes(), Duration.ofHours(12), clock);
        String token = sessions.issue("ana");
        assertThat(sessions.verify(token)).contains("ana");
        String[] parts = token.split("\\.");
        String bob = java.util.Base64.getUrlEncoder().withoutPadding().encodeToString("bob".getBytes());
        assertThat(sessions.verify(bob + "." + parts[1] + "." + parts[2])).isEmpty();
        assertThat(sessions.verify(parts[0] + "." + (Long.parseLong(parts[1]) + 3600) + "." + parts[2])).isEmpty();
        assertThat(new Sessions("another-secret-0123456".getBytes(), Duration.ofHours(12), clock).verify(token)).isEmpty();
        assertThat(sessions.checkCsrf(token, sessions.csrfToken(token))).isTrue();
        assertThat(sessions.checkCsrf(token, "forged")).isFalse();
        clock.advance(Duration.ofHours(12).plusSeconds(1));
        assertThat(sessions.verify(token)).isEmpty();
    }
}
