package org.dlmwatch.desk;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Map;
import org.dlmwatch.desk.delivery.DeliveryConfig;
import org.dlmwatch.rules.RuleConfig;

/**
 * How one alert desk instance runs. Start from {@link #defaults} and change what differs.
 *
 * @param kafka Kafka client settings: bootstrap servers plus anything passed through (TLS, SASL)
 * @param schemaRegistryUrl the Confluent-compatible registry
 * @param autoRegisterSchemas on for the local run and tests; off in production ({@code schemas register})
 * @param httpHost interface to listen on (default 127.0.0.1; 0.0.0.0 behind a reverse proxy)
 * @param httpPort default 8080; 0 takes a free port ({@link AlertDesk#url()} tells which)
 * @param usersFile users and password hashes ({@link org.dlmwatch.desk.auth.Users})
 * @param publicBaseUrl the desk's address as users reach it, for links in notifications; null: the
 *     local URL
 * @param delivery channels, severity threshold and escalation; {@link DeliveryConfig#none()} sends nothing
 * @param groupId consumer group of the desk instances for delivery: instances of one deployment share it
 * @param sessionSecret HMAC key of the session cookies (at least 16 bytes), the same for every
 *     instance behind one address; null: a random one per start
 * @param sessionTtl how long a sign-in lasts (default 12 h)
 * @param clock the desk's time: actions, ages, escalation and retries (tests pass a controllable one)
 * @param displayZone time zone of the dates on the pages
 * @param rules the clinical configuration, for the patient summary (eligibility window, default ULN)
 * @param startTimeout how long {@link AlertDesk#start()} may take to read the topics
 */
public record DeskSettings(
        Map<String, Object> kafka,
        String schemaRegistryUrl,
        boolean autoRegisterSchemas,
        String httpHost,
        int httpPort,
        Path usersFile,
        String publicBaseUrl,
        DeliveryConfig delivery,
        String groupId,
        byte[] sessionSecret,
        Duration sessionTtl,
        Clock clock,
        ZoneId displayZone,
        RuleConfig rules,
        Duration startTimeout) {

    public static final int DEFAULT_PORT = 8080;
    public static final String DEFAULT_GROUP_ID = "dlm-watch-alert-desk";

    public DeskSettings {
        kafka = Map.copyOf(kafka);
        sessionSecret = sessionSecret == null ? null : sessionSecret.clone();
    }

    public static DeskSettings defaults(Map<String, Object> kafka, String schemaRegistryUrl, Path usersFile) {
        return new DeskSettings(kafka, schemaRegistryUrl, false, "127.0.0.1", DEFAULT_PORT, usersFile, null,
                DeliveryConfig.none(), DEFAULT_GROUP_ID, null, Duration.ofHours(12), Clock.systemUTC(),
                ZoneId.systemDefault(), RuleConfig.defaults(), Duration.ofMinutes(2));
    }

    public DeskSettings withAutoRegisterSchemas(boolean on) {
        return new DeskSettings(kafka, schemaRegistryUrl, on, httpHost, httpPort, usersFile, publicBaseUrl, delivery,
                groupId, sessionSecret, sessionTtl, clock, displayZone, rules, startTimeout);
    }

    public DeskSettings withHttp(String host, int port) {
        return new DeskSettings(kafka, schemaRegistryUrl, autoRegisterSchemas, host, port, usersFile, publicBaseUrl,
                delivery, groupId, sessionSecret, sessionTtl, clock, displayZone, rules, startTimeout);
    }

    public DeskSettings withPublicBaseUrl(String url) {
        return new DeskSettings(kafka, schemaRegistryUrl, autoRegisterSchemas, httpHost, httpPort, usersFile, url,
                delivery, groupId, sessionSecret, sessionTtl, clock, displayZone, rules, startTimeout);
    }

    public DeskSettings withDelivery(DeliveryConfig config) {
        return new DeskSettings(kafka, schemaRegistryUrl, autoRegisterSchemas, httpHost, httpPort, usersFile,
                publicBaseUrl, config, groupId, sessionSecret, sessionTtl, clock, displayZone, rules, startTimeout);
    }

    public DeskSettings withGroupId(String id) {
        return new DeskSettings(kafka, schemaRegistryUrl, autoRegisterSchemas, httpHost, httpPort, usersFile,
                publicBaseUrl, delivery, id, sessionSecret, sessionTtl, clock, displayZone, rules, startTimeout);
    }

    public DeskSettings withSessionSecret(byte[] secret) {
        return new DeskSettings(kafka, schemaRegistryUrl, autoRegisterSchemas, httpHost, httpPort, usersFile,
                publicBaseUrl, delivery, groupId, secret, sessionTtl, clock, displayZone, rules, startTimeout);
    }

    public DeskSettings withClock(Clock c) {
        return new DeskSettings(kafka, schemaRegistryUrl, autoRegisterSchemas, httpHost, httpPort, usersFile,
                publicBaseUrl, delivery, groupId, sessionSecret, sessionTtl, c, displayZone, rules, startTimeout);
    }

    public DeskSettings withDisplayZone(ZoneId zone) {
        return new DeskSettings(kafka, schemaRegistryUrl, autoRegisterSchemas, httpHost, httpPort, usersFile,
                publicBaseUrl, delivery, groupId, sessionSecret, sessionTtl, clock, zone, rules, startTimeout);
    }

    public DeskSettings withRules(RuleConfig config) {
        return new DeskSettings(kafka, schemaRegistryUrl, autoRegisterSchemas, httpHost, httpPort, usersFile,
                publicBaseUrl, delivery, groupId, sessionSecret, sessionTtl, clock, displayZone, config, startTimeout);
    }

    @Override
    public String toString() {
        return "DeskSettings[http=" + httpHost + ":" + httpPort + ", registry=" + schemaRegistryUrl + ", users="
                + usersFile + ", group=" + groupId + ", delivery=" + (delivery.enabled() ? "on" : "off") + "]";
    }
}
