package org.dlmwatch.desk.support;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A local webhook receiver (JDK HttpServer on 127.0.0.1) that refuses the first {@code failFirst}
 * attempts of every idempotency key with 503, then accepts, and deduplicates by the key as a real
 * receiver would. Records everything per path.
 */
public final class WebhookReceiver implements AutoCloseable {

    public record Received(String path, String idempotencyKey, int attempt, String body, int answered) {}

    private final HttpServer server;
    private final int failFirst;
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final Map<String, AtomicInteger> attempts = new ConcurrentHashMap<>();

    public WebhookReceiver(int failFirst) throws IOException {
        this.failFirst = failFirst;
        this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", this::handle);
        server.start();
    }

    private void handle(HttpExchange ex) throws IOException {
        String key = ex.getRequestHeaders().getFirst("Idempotency-Key");
        String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        int n = attempts.computeIfAbsent(ex.getRequestURI().getPath() + "|" + key, k -> new AtomicInteger()).incrementAndGet();
        int status = n <= failFirst ? 503 : 200;
        String attempt = ex.getRequestHeaders().getFirst("X-DlmWatch-Attempt");
        received.add(new Received(ex.getRequestURI().getPath(), key, attempt == null ? -1 : Integer.parseInt(attempt), body,
                status));
        ex.sendResponseHeaders(status, -1);
        ex.close();
    }

    public String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    /** Accepted (2xx) requests on a path for one alert id. */
    public List<Received> accepted(String path, String alertId) {
        return received.stream().filter(r -> r.path().equals(path) && r.answered() == 200
                && r.idempotencyKey() != null && r.idempotencyKey().startsWith(alertId + ":")).toList();
    }

    public List<Received> all(String path, String alertId) {
        return received.stream().filter(r -> r.path().equals(path) && r.idempotencyKey() != null
                && r.idempotencyKey().startsWith(alertId + ":")).toList();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
