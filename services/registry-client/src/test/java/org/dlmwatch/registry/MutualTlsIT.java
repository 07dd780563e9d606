package org.dlmwatch.registry;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A registry that requires a client certificate (mutual TLS), reached with the JVM's own key and
 * trust store properties ({@code -Djavax.net.ssl.keyStore=...}), as docs/operations.md tells: the
 * client's HTTP client uses the JVM's default TLS context. Real certificates (made with the JDK's
 * keytool), a real handshake, each client in a JVM of its own.
 */
class MutualTlsIT {

    private static final String PASSWORD = "changeit";

    @TempDir
    static Path dir;
    static HttpsServer registry;

    @BeforeAll
    static void start() throws Exception {
        keyPair("server", "CN=localhost", "SAN=ip:127.0.0.1,dns:localhost");
        keyPair("client", "CN=dlm-watch-engine", null);
        trust("server", "client-trust.p12"); // the client trusts the registry's certificate
        trust("client", "server-trust.p12"); // the registry trusts the client's

        SSLContext tls = SSLContext.getInstance("TLS");
        KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keys.init(load("server.p12"), PASSWORD.toCharArray());
        TrustManagerFactory trusted = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trusted.init(load("server-trust.p12"));
        tls.init(keys.getKeyManagers(), trusted.getTrustManagers(), null);

        registry = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        registry.setHttpsConfigurator(new HttpsConfigurator(tls) {
            @Override
            public void configure(HttpsParameters params) {
                SSLParameters p = tls.getDefaultSSLParameters();
                p.setNeedClientAuth(true);
                params.setSSLParameters(p);
            }
        });
        registry.createContext("/config", exchange -> {
            byte[] body = "{\"compatibilityLevel\":\"BACKWARD\"}".getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/vnd.schemaregistry.v1+json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        registry.start();
    }

    @AfterAll
    static void stop() {
        if (registry != null) {
            registry.stop(0);
        }
    }

    @Test
    void theJvmsKeyStoreIsPresentedToARegistryThatRequiresIt() throws Exception {
        Probe withCertificate = probe(true);
        assertThat(withCertificate.exit()).as(withCertificate.output()).isZero();
        assertThat(withCertificate.output()).contains("BACKWARD");

        Probe without = probe(false);
        assertThat(without.exit()).as("no client certificate: the registry refuses the handshake").isEqualTo(1);
        assertThat(without.output()).contains("RegistryUnavailableException");
    }

    private record Probe(int exit, String output) {}

    private static Probe probe(boolean withKeyStore) throws Exception {
        List<String> command = new ArrayList<>(List.of(javaHome("java"), "-cp", System.getProperty("java.class.path"),
                "-Djavax.net.ssl.trustStore=" + dir.resolve("client-trust.p12"),
                "-Djavax.net.ssl.trustStorePassword=" + PASSWORD));
        if (withKeyStore) {
            command.add("-Djavax.net.ssl.keyStore=" + dir.resolve("client.p12"));
            command.add("-Djavax.net.ssl.keyStorePassword=" + PASSWORD);
        }
        command.add(RegistryProbe.class.getName());
        command.add("https://127.0.0.1:" + registry.getAddress().getPort());
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new Probe(p.exitValue(), output);
    }

    private static void keyPair(String alias, String name, String extension) throws Exception {
        List<String> args = new ArrayList<>(List.of("-genkeypair", "-alias", alias, "-keyalg", "EC",
                "-groupname", "secp256r1", "-dname", name, "-validity", "2", "-storetype", "PKCS12",
                "-keystore", dir.resolve(alias + ".p12").toString(), "-storepass", PASSWORD, "-keypass", PASSWORD));
        if (extension != null) {
            args.addAll(List.of("-ext", extension));
        }
        keytool(args);
        keytool(List.of("-exportcert", "-rfc", "-alias", alias, "-keystore", dir.resolve(alias + ".p12").toString(),
                "-storepass", PASSWORD, "-file", dir.resolve(alias + ".pem").toString()));
    }

    private static void trust(String alias, String store) throws Exception {
        keytool(List.of("-importcert", "-noprompt", "-alias", alias, "-file", dir.resolve(alias + ".pem").toString(),
                "-storetype", "PKCS12", "-keystore", dir.resolve(store).toString(), "-storepass", PASSWORD));
    }

    private static void keytool(List<String> args) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(javaHome("keytool"));
        command.addAll(args);
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            throw new IOException("keytool " + args.get(0) + " failed: " + output);
        }
    }

    private static KeyStore load(String file) throws Exception {
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = new FileInputStream(dir.resolve(file).toFile())) {
            store.load(in, PASSWORD.toCharArray());
        }
        return store;
    }

    private static String javaHome(String tool) {
        return Path.of(System.getProperty("java.home"), "bin", tool).toString();
    }
}
