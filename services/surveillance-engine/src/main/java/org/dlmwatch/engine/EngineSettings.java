package org.dlmwatch.engine;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.dlmwatch.rules.RuleConfig;

/**
 * How one surveillance engine instance runs.
 *
 * @param kafka Kafka client settings: bootstrap servers plus anything passed through (TLS, SASL)
 * @param autoRegisterSchemas off in production, where {@code dlm-watch schemas register} did it
 * @param stateDir where the patients' state store lives (rebuilt from the changelog if lost)
 * @param overdueCheckInterval how often every patient is re-judged against the wall clock
 * @param standbyReplicas warm copies of the state on other instances, for fast fail-over
 */
public record EngineSettings(
        Map<String, Object> kafka,
        String schemaRegistryUrl,
        boolean autoRegisterSchemas,
        Path stateDir,
        RuleConfig rules,
        String applicationId,
        Duration overdueCheckInterval,
        int streamThreads,
        int standbyReplicas) {

    public static final String DEFAULT_APPLICATION_ID = "dlm-watch-surveillance-engine";
    public static final Duration DEFAULT_OVERDUE_CHECK_INTERVAL = Duration.ofHours(1);

    public static EngineSettings defaults(Map<String, Object> kafka, String schemaRegistryUrl, Path stateDir) {
        return new EngineSettings(kafka, schemaRegistryUrl, false, stateDir, RuleConfig.defaults(),
                DEFAULT_APPLICATION_ID, DEFAULT_OVERDUE_CHECK_INTERVAL, 1, 0);
    }

    public EngineSettings withOverdueCheckInterval(Duration interval) {
        return new EngineSettings(kafka, schemaRegistryUrl, autoRegisterSchemas, stateDir, rules, applicationId,
                interval, streamThreads, standbyReplicas);
    }

    public EngineSettings withApplicationId(String id) {
        return new EngineSettings(kafka, schemaRegistryUrl, autoRegisterSchemas, stateDir, rules, id,
                overdueCheckInterval, streamThreads, standbyReplicas);
    }

    public EngineSettings withRules(RuleConfig config) {
        return new EngineSettings(kafka, schemaRegistryUrl, autoRegisterSchemas, stateDir, config, applicationId,
                overdueCheckInterval, streamThreads, standbyReplicas);
    }
}
