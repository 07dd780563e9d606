package org.dlmwatch.platform.topics;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.dlmwatch.events.v1.AlertAction;
import org.dlmwatch.events.v1.AlertDelivery;
import org.dlmwatch.events.v1.DeadLetter;
import org.dlmwatch.events.v1.DeadLetterReplay;
import org.dlmwatch.events.v1.Enrollment;
import org.dlmwatch.events.v1.ImagingReport;
import org.dlmwatch.events.v1.LabResult;
import org.dlmwatch.events.v1.SurveillanceAlert;
import org.dlmwatch.platform.topics.TopicSpec.CleanupPolicy;

/**
 * The one declaration of every topic of dlm-watch (see shared/event-contract.md). Everything that
 * creates, reads or writes a topic takes its name, record type and settings from here.
 */
public final class TopicCatalog {

    /** Default partition count: one patient's events share a partition, six allow six instances. */
    public static final int DEFAULT_PARTITIONS = 6;

    /**
     * Input topics keep six years: the five-year programme plus a margin, so that the engine's
     * state and alerts can be rebuilt from them (application reset / replay).
     */
    private static final Duration CLINICAL_HISTORY = Duration.ofDays(6 * 366);

    public static final TopicSpec ENROLLMENTS = new TopicSpec("surveillance.enrollments.v1", Enrollment.class,
            "patientId", DEFAULT_PARTITIONS, CleanupPolicy.COMPACT, null,
            "MDT watch-and-wait decisions; compacted, the latest per patient wins");
    public static final TopicSpec LAB_RESULTS = new TopicSpec("lab.results.v1", LabResult.class,
            "patientId", DEFAULT_PARTITIONS, CleanupPolicy.DELETE, CLINICAL_HISTORY,
            "every lab result of the lab systems, CEA among all others");
    public static final TopicSpec IMAGING_REPORTS = new TopicSpec("imaging.reports.v1", ImagingReport.class,
            "patientId", DEFAULT_PARTITIONS, CleanupPolicy.DELETE, CLINICAL_HISTORY,
            "liver imaging reports of the radiology systems");
    public static final TopicSpec ALERTS = new TopicSpec("surveillance.alerts.v1", SurveillanceAlert.class,
            "patientId", DEFAULT_PARTITIONS, CleanupPolicy.DELETE, null,
            "every RAISED / RETRACTED / FULFILLED change of an alert, from the surveillance engine");
    public static final TopicSpec ALERT_ACTIONS = new TopicSpec("surveillance.alert-actions.v1", AlertAction.class,
            "alertId", DEFAULT_PARTITIONS, CleanupPolicy.DELETE, null,
            "the oncology team's actions on alerts (acknowledge, override, resolve, comment)");
    public static final TopicSpec DEAD_LETTERS = new TopicSpec("surveillance.dlq.v1", DeadLetter.class,
            "sourceTopic", DEFAULT_PARTITIONS, CleanupPolicy.DELETE, Duration.ofDays(90),
            "input that could not be used, with the reason");
    public static final TopicSpec ALERT_DELIVERIES = new TopicSpec("surveillance.alert-deliveries.v1",
            AlertDelivery.class, "deliveryId", DEFAULT_PARTITIONS, CleanupPolicy.COMPACT, null,
            "the alert desk's delivery progress (alert, step, channel delivered); compacted, so nothing is sent twice");

    public static final TopicSpec DEAD_LETTER_REPLAYS = new TopicSpec("surveillance.dlq-replays.v1",
            DeadLetterReplay.class, "dlqPartition:dlqOffset", DEFAULT_PARTITIONS, CleanupPolicy.COMPACT, null,
            "which dead letters 'dlm-watch dlq replay' re-published, so that each is re-published at most once");

    public static final List<TopicSpec> ALL = List.of(ENROLLMENTS, LAB_RESULTS, IMAGING_REPORTS, ALERTS, ALERT_ACTIONS,
            DEAD_LETTERS, DEAD_LETTER_REPLAYS, ALERT_DELIVERIES);

    /** Every topic of the catalog, declared with the given partition count. */
    public static List<TopicSpec> all(int partitions) {
        return ALL.stream().map(spec -> spec.withPartitions(partitions)).toList();
    }

    /** The topic that carries records of the given type. */
    public static Optional<TopicSpec> forRecord(Class<?> valueType) {
        return ALL.stream().filter(t -> t.valueType().equals(valueType)).findFirst();
    }

    public static Optional<TopicSpec> byName(String name) {
        return ALL.stream().filter(t -> t.name().equals(name)).findFirst();
    }

    private TopicCatalog() {}
}
