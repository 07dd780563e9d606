package org.dlmwatch.engine.it;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An HTTP proxy in front of the real schema registry that can answer {@code 503} to schema
 * fetches by id ({@code GET .../schemas/ids/N}), what a reader does when it meets a schema id it
 * has not seen yet: a registry outage as the engine's deserializer experiences it. Everything else
 * is passed through.
 */
final class FlakyRegistryProxy implements AutoCloseable {

    private final HttpServer server;
    private final HttpClient client = HttpClient.newHttpClient();
    private final URI target;
    private final AtomicBoolean failSchemaFetches = new AtomicBoolean();
    private final AtomicInteger refused = new AtomicInteger();

    /** @param registryUrl the real registry, e.g. {@code http://127.0.0.1:PORT/apis/ccompat/v7} */
    FlakyRegistryProxy(String registryUrl) throws IOException {
        URI real = URI.create(registryUrl);
        this.target = URI.create(real.getScheme() + "://" + real.getAuthority());
        this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", this::handle);
        server.start();
    }

    /** The proxy's URL for the same registry path. */
    String url(String registryUrl) {
        URI real = URI.create(registryUrl);
        return "http://127.0.0.1:" + server.getAddress().getPort() + real.getRawPath();
    }

    void failSchemaFetches(boolean fail) {
        failSchemaFetches.set(fail);
    }

    /** How many schema fetches were answered 503. */
    int refused() {
        return refused.get();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getRawPath();
            if (failSchemaFetches.get() && path.contains("/schemas/ids/")) {
                refused.incrementAndGet();
                reply(exchange, 503, "application/json", "{\"error_code\":50301,\"message\":\"unavailable\"}".getBytes());
                return;
            }
            byte[] body;
            try (InputStream in = exchange.getRequestBody()) {
                body = in.readAllBytes();
            }
            HttpRequest.Builder request = HttpRequest.newBuilder(target.resolve(exchange.getRequestURI().toString()))
                    .method(exchange.getRequestMethod(), body.length == 0
                            ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
            for (String header : List.of("Content-Type", "Accept")) {
                String value = exchange.getRequestHeaders().getFirst(header);
                if (value != null) {
                    request.header(header, value);
                }
            }
            HttpResponse<byte[]> response = client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
            reply(exchange, response.statusCode(),
                    response.headers().firstValue("Content-Type").orElse("application/json"), response.body());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void reply(HttpExchange exchange, int status, String contentType, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        if (body.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
