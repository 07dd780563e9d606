package org.dlmwatch.desk.delivery;

import jakarta.mail.Authenticator;
import jakarta.mail.MessagingException;
import jakarta.mail.PasswordAuthentication;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.util.Date;
import java.util.Properties;

/**
 * Sends the notification as a short plain-text email over SMTP (Jakarta Mail). The message id header
 * carries the idempotency key, so a mail system or a person can spot a repeat.
 */
final class EmailSender implements Sender {

    private final Channel.Email channel;
    private final Session session;

    EmailSender(Channel.Email channel) {
        this.channel = channel;
        Properties props = new Properties();
        props.put("mail.smtp.host", channel.smtpHost());
        props.put("mail.smtp.port", Integer.toString(channel.smtpPort()));
        String timeout = Long.toString(channel.timeout().toMillis());
        props.put("mail.smtp.connectiontimeout", timeout);
        props.put("mail.smtp.timeout", timeout);
        props.put("mail.smtp.writetimeout", timeout);
        if (channel.startTls()) {
            props.put("mail.smtp.starttls.enable", "true");
            props.put("mail.smtp.starttls.required", "true");
        }
        Authenticator auth = null;
        if (channel.username() != null) {
            props.put("mail.smtp.auth", "true");
            auth = new Authenticator() {
                @Override
                protected PasswordAuthentication getPasswordAuthentication() {
                    return new PasswordAuthentication(channel.username(), channel.password());
                }
            };
        }
        this.session = Session.getInstance(props, auth);
    }

    @Override
    public Result send(Notification n, int attempt) {
        try {
            MimeMessage message = new MimeMessage(session) {
                @Override
                protected void updateMessageID() throws MessagingException {
                    setHeader("Message-ID", "<" + n.idempotencyKey().replace(':', '.') + "@dlm-watch>");
                }
            };
            message.setFrom(new InternetAddress(channel.from()));
            for (String to : channel.to()) {
                message.addRecipient(MimeMessage.RecipientType.TO, new InternetAddress(to));
            }
            message.setSubject(n.subject(), "UTF-8");
            message.setText(n.text(), "UTF-8");
            message.setSentDate(new Date());
            message.setHeader("X-DlmWatch-Idempotency-Key", n.idempotencyKey());
            Transport.send(message);
            return new Result(true, "smtp-ok");
        } catch (MessagingException | RuntimeException e) {
            return new Result(false, e.getClass().getSimpleName());
        }
    }
}
