package org.dlmwatch.desk.delivery;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** Where notifications go: a webhook or an email list. Each has a name that configuration refers to. */
public sealed interface Channel {

    String name();

    PatientData patientData();

    /**
     * JSON POST to {@code url}; accepted on any 2xx answer.
     *
     * @param headers extra headers on every request (e.g. an Authorization token)
     */
    record Webhook(String name, URI url, Map<String, String> headers, Duration timeout, PatientData patientData)
            implements Channel {
        public Webhook {
            headers = headers == null ? Map.of() : Map.copyOf(headers);
            timeout = timeout == null ? Duration.ofSeconds(10) : timeout;
            patientData = patientData == null ? PatientData.NONE : patientData;
        }
    }

    /**
     * Plain-text email over SMTP; accepted when the SMTP server takes the message.
     *
     * @param username null for no SMTP authentication
     * @param startTls require STARTTLS
     */
    record Email(String name, String smtpHost, int smtpPort, boolean startTls, String username, String password,
            String from, List<String> to, Duration timeout, PatientData patientData) implements Channel {
        public Email {
            to = List.copyOf(to);
            if (to.isEmpty()) {
                throw new IllegalArgumentException("email channel " + name + " has no recipient");
            }
            timeout = timeout == null ? Duration.ofSeconds(10) : timeout;
            patientData = patientData == null ? PatientData.NONE : patientData;
        }

        @Override
        public String toString() {
            return "Email[" + name + " via " + smtpHost + ":" + smtpPort + " to " + to.size() + " recipients]";
        }
    }
}
