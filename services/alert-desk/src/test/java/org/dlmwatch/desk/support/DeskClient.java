package org.dlmwatch.desk.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** A real HTTP client of the desk, with its own cookie jar (one signed-in user per client). */
public final class DeskClient {

    public record Response(int status, String body, HttpResponse<String> raw) {
        public JsonNode json() {
            try {
                return new ObjectMapper().readTree(body);
            } catch (IOException e) {
                throw new AssertionError("not JSON: " + body, e);
            }
        }
    }

    private final String base;
    private final HttpClient http;
    private String authorization;

    public DeskClient(String base) {
        this.base = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
        this.http = HttpClient.newBuilder().cookieHandler(new CookieManager())
                .followRedirects(HttpClient.Redirect.NEVER).connectTimeout(Duration.ofSeconds(5)).build();
    }

    public static DeskClient signedIn(String base, String user) {
        DeskClient c = new DeskClient(base);
        Response r = c.post("/api/session", "{\"username\":\"" + user + "\",\"password\":\"" + DeskCluster.PASSWORD + "\"}");
        if (r.status() != 200) {
            throw new AssertionError("sign-in failed: " + r.status() + " " + r.body());
        }
        return c;
    }

    /** A client that signs every request with HTTP Basic (API clients; also where a Secure cookie cannot go). */
    public static DeskClient basic(String base, String user) {
        DeskClient c = new DeskClient(base);
        c.authorization = "Basic " + java.util.Base64.getEncoder().encodeToString(
                (user + ":" + DeskCluster.PASSWORD).getBytes(java.nio.charset.StandardCharsets.UTF_8));
        return c;
    }

    public Response get(String path) {
        return send(HttpRequest.newBuilder(URI.create(base + path)).GET());
    }

    public Response post(String path, String json) {
        return send(HttpRequest.newBuilder(URI.create(base + path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)));
    }

    public Response send(HttpRequest.Builder request) {
        try {
            if (authorization != null) {
                request.header("Authorization", authorization);
            }
            HttpResponse<String> r = http.send(request.timeout(Duration.ofSeconds(30)).build(),
                    HttpResponse.BodyHandlers.ofString());
            return new Response(r.statusCode(), r.body(), r);
        } catch (IOException e) {
            throw new AssertionError("request failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }
}
