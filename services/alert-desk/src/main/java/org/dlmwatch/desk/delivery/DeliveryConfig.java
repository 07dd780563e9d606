package org.dlmwatch.desk.delivery;

import java.net.URI;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import org.dlmwatch.events.v1.Severity;

/**
 * Who hears of new alerts, and when an alert is escalated.
 *
 * @param minSeverity a newly RAISED alert at or above this goes to {@code raisedChannels}
 * @param channels every configured channel, by name
 * @param raisedChannels the channels for newly RAISED alerts
 * @param escalationChannel the channel for escalations; null for none
 * @param escalateAfter per severity, how long an alert may stay unacknowledged before it is escalated;
 *     severities not in the map are never escalated (default HIGH 24 h, CRITICAL 4 h)
 * @param tick how often the desk looks for due deliveries, retries and escalations
 */
public record DeliveryConfig(
        Severity minSeverity,
        Map<String, Channel> channels,
        List<String> raisedChannels,
        String escalationChannel,
        Map<Severity, Duration> escalateAfter,
        Backoff backoff,
        Duration tick) {

    public static final Map<Severity, Duration> DEFAULT_ESCALATION =
            Map.of(Severity.HIGH, Duration.ofHours(24), Severity.CRITICAL, Duration.ofHours(4));

    public DeliveryConfig {
        channels = Map.copyOf(channels);
        raisedChannels = List.copyOf(raisedChannels);
        escalateAfter = escalateAfter.isEmpty() ? Map.of() : new EnumMap<>(escalateAfter);
        for (String name : raisedChannels) {
            if (!channels.containsKey(name)) {
                throw new IllegalArgumentException("delivery channel '" + name + "' is not configured");
            }
        }
        if (escalationChannel != null && !channels.containsKey(escalationChannel)) {
            throw new IllegalArgumentException("escalation channel '" + escalationChannel + "' is not configured");
        }
    }

    /** No channel: the desk delivers nothing (the local run's default). */
    public static DeliveryConfig none() {
        return new DeliveryConfig(Severity.HIGH, Map.of(), List.of(), null, DEFAULT_ESCALATION, Backoff.DEFAULT,
                Duration.ofSeconds(5));
    }

    public boolean enabled() {
        return !raisedChannels.isEmpty() || escalationChannel != null;
    }

    public DeliveryConfig withTick(Duration interval) {
        return new DeliveryConfig(minSeverity, channels, raisedChannels, escalationChannel, escalateAfter, backoff,
                interval);
    }

    public DeliveryConfig withBackoff(Backoff b) {
        return new DeliveryConfig(minSeverity, channels, raisedChannels, escalationChannel, escalateAfter, b, tick);
    }

    /**
     * Reads a properties file (see docs/alert-desk.md for every key):
     *
     * <pre>
     * delivery.minSeverity=HIGH
     * delivery.channels=oncall,mdt-mail
     * delivery.escalation.channel=oncall
     * delivery.escalation.after.HIGH=PT24H
     * delivery.escalation.after.CRITICAL=PT4H
     * delivery.backoff.initial=PT2S
     * delivery.backoff.multiplier=2
     * delivery.backoff.max=PT10M
     * delivery.tick=PT5S
     * channel.oncall.type=webhook
     * channel.oncall.url=https://paging.example.org/hooks/dlm
     * channel.oncall.header.Authorization=Bearer abc
     * channel.oncall.timeout=PT10S
     * channel.oncall.patientData=NONE
     * channel.mdt-mail.type=email
     * channel.mdt-mail.smtp.host=smtp.example.org
     * channel.mdt-mail.smtp.port=587
     * channel.mdt-mail.smtp.startTls=true
     * channel.mdt-mail.smtp.username=dlmwatch
     * channel.mdt-mail.smtp.password=secret
     * channel.mdt-mail.from=dlm-watch@example.org
     * channel.mdt-mail.to=hpb-mdt@example.org,oncall-onc@example.org
     * channel.mdt-mail.patientData=PATIENT_ID
     * </pre>
     */
    public static DeliveryConfig fromProperties(Properties p) {
        DeliveryConfig d = none();
        Map<String, Channel> channels = new LinkedHashMap<>();
        for (String key : p.stringPropertyNames()) {
            if (key.startsWith("channel.") && key.endsWith(".type")) {
                String name = key.substring("channel.".length(), key.length() - ".type".length());
                channels.put(name, channel(name, p));
            }
        }
        Severity min = enumValue(Severity.class, p.getProperty("delivery.minSeverity"), "delivery.minSeverity",
                d.minSeverity());
        List<String> raised = list(p.getProperty("delivery.channels", ""));
        String escalation = blankToNull(p.getProperty("delivery.escalation.channel"));
        Map<Severity, Duration> after = new EnumMap<>(Severity.class);
        after.putAll(DEFAULT_ESCALATION);
        for (Severity s : Severity.values()) {
            String v = p.getProperty("delivery.escalation.after." + s.name());
            if (v != null) {
                if (v.isBlank() || v.strip().equalsIgnoreCase("never")) {
                    after.remove(s);
                } else {
                    after.put(s, duration(v, "delivery.escalation.after." + s.name()));
                }
            }
        }
        Backoff backoff = new Backoff(
                duration(p.getProperty("delivery.backoff.initial"), "delivery.backoff.initial", d.backoff().initial()),
                Double.parseDouble(p.getProperty("delivery.backoff.multiplier", String.valueOf(d.backoff().multiplier()))),
                duration(p.getProperty("delivery.backoff.max"), "delivery.backoff.max", d.backoff().max()));
        Duration tick = duration(p.getProperty("delivery.tick"), "delivery.tick", d.tick());
        return new DeliveryConfig(min, channels, raised, escalation, after, backoff, tick);
    }

    /** Reads a delivery properties file ({@link #fromProperties}). */
    public static DeliveryConfig load(java.nio.file.Path file) {
        Properties p = new Properties();
        try (var in = java.nio.file.Files.newBufferedReader(file, java.nio.charset.StandardCharsets.UTF_8)) {
            p.load(in);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("cannot read the delivery configuration " + file, e);
        }
        try {
            return fromProperties(p);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
        }
    }

    private static Channel channel(String name, Properties p) {
        String prefix = "channel." + name + ".";
        String type = p.getProperty(prefix + "type").strip().toLowerCase(Locale.ROOT);
        PatientData data = enumValue(PatientData.class, p.getProperty(prefix + "patientData"), prefix + "patientData",
                PatientData.NONE);
        Duration timeout = duration(p.getProperty(prefix + "timeout"), prefix + "timeout", Duration.ofSeconds(10));
        switch (type) {
            case "webhook": {
                Map<String, String> headers = new LinkedHashMap<>();
                for (String key : p.stringPropertyNames()) {
                    if (key.startsWith(prefix + "header.")) {
                        headers.put(key.substring((prefix + "header.").length()), p.getProperty(key));
                    }
                }
                return new Channel.Webhook(name, URI.create(required(p, prefix + "url")), headers, timeout, data);
            }
            case "email":
                return new Channel.Email(name, required(p, prefix + "smtp.host"),
                        Integer.parseInt(p.getProperty(prefix + "smtp.port", "25").strip()),
                        Boolean.parseBoolean(p.getProperty(prefix + "smtp.startTls", "false").strip()),
                        blankToNull(p.getProperty(prefix + "smtp.username")), p.getProperty(prefix + "smtp.password"),
                        required(p, prefix + "from"), list(required(p, prefix + "to")), timeout, data);
            default:
                throw new IllegalArgumentException(prefix + "type must be webhook or email");
        }
    }

    private static String required(Properties p, String key) {
        String v = blankToNull(p.getProperty(key));
        if (v == null) {
            throw new IllegalArgumentException(key + " is required");
        }
        return v.strip();
    }

    private static List<String> list(String csv) {
        List<String> out = new ArrayList<>();
        Arrays.stream(csv.split(",")).map(String::strip).filter(s -> !s.isEmpty()).forEach(out::add);
        return out;
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }

    private static Duration duration(String text, String key) {
        try {
            return Duration.parse(text.strip());
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(key + " must be an ISO-8601 duration such as PT4H");
        }
    }

    private static Duration duration(String text, String key, Duration dflt) {
        return text == null || text.isBlank() ? dflt : duration(text, key);
    }

    private static <E extends Enum<E>> E enumValue(Class<E> type, String text, String key, E dflt) {
        if (text == null || text.isBlank()) {
            return dflt;
        }
        try {
            return Enum.valueOf(type, text.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(key + " must be one of " + Arrays.toString(type.getEnumConstants()));
        }
    }
}
