package org.dlmwatch.desk.delivery;

/** Sends one notification over one channel, once; the delivery engine retries. */
public interface Sender {

    /**
     * @param outcome a short, data-free word for metrics and logs: an HTTP status, {@code smtp-ok},
     *     or an exception's class name
     */
    record Result(boolean accepted, String outcome) {}

    Result send(Notification notification, int attempt);

    static Sender of(Channel channel) {
        if (channel instanceof Channel.Webhook w) {
            return new WebhookSender(w);
        }
        return new EmailSender((Channel.Email) channel);
    }
}
