package org.dlmwatch.desk.delivery;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/**
 * POSTs the notification's JSON. Headers: {@code Idempotency-Key} (alertId:step, the same on every
 * attempt, so a receiver deduplicates), {@code X-DlmWatch-Attempt}, and the channel's own headers.
 * Any 2xx is accepted; anything else, or no answer, is retried by the engine.
 */
final class WebhookSender implements Sender {

    private final Channel.Webhook channel;
    private final HttpClient http;

    WebhookSender(Channel.Webhook channel) {
        this.channel = channel;
        this.http = HttpClient.newBuilder().connectTimeout(channel.timeout())
                .followRedirects(HttpClient.Redirect.NEVER).build();
    }

    @Override
    public Result send(Notification n, int attempt) {
        HttpRequest.Builder request = HttpRequest.newBuilder(channel.url())
                .timeout(channel.timeout())
                .header("Content-Type", "application/json")
                .header("Idempotency-Key", n.idempotencyKey())
                .header("X-DlmWatch-Attempt", Integer.toString(attempt))
                .POST(HttpRequest.BodyPublishers.ofString(n.json().toString()));
        channel.headers().forEach(request::header);
        try {
            HttpResponse<Void> response = http.send(request.build(), HttpResponse.BodyHandlers.discarding());
            int status = response.statusCode();
            return new Result(status >= 200 && status < 300, "http-" + status);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Result(false, "interrupted");
        } catch (java.io.IOException | RuntimeException e) {
            return new Result(false, e.getClass().getSimpleName());
        }
    }
}
