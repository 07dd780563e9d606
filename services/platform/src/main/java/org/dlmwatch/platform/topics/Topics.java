package org.dlmwatch.platform.topics;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.dlmwatch.events.v1.AlertAction;
import org.dlmwatch.events.v1.AlertDelivery;
import org.dlmwatch.events.v1.DeadLetter;
import org.dlmwatch.events.v1.Enrollment;
import org.dlmwatch.events.v1.ImagingReport;
import org.dlmwatch.events.v1.LabResult;
import org.dlmwatch.events.v1.SurveillanceAlert;
import org.dlmwatch.registry.SchemaRegistryClient;
import org.dlmwatch.registry.SerdeSettings;
import org.dlmwatch.registry.SpecificAvroSerde;

/**
 * Every topic of the catalog bound to its serdes for one schema registry: keys are plain UTF-8
 * strings (patient id or alert id), values Avro in the registry's wire format.
 */
public final class Topics {

    private final SchemaRegistryClient registry;
    private final SerdeSettings settings;
    private final String namePrefix;

    public final Topic<String, Enrollment> enrollments;
    public final Topic<String, LabResult> labResults;
    public final Topic<String, ImagingReport> imagingReports;
    public final Topic<String, SurveillanceAlert> alerts;
    public final Topic<String, AlertAction> alertActions;
    public final Topic<String, DeadLetter> deadLetters;
    public final Topic<String, AlertDelivery> alertDeliveries;

    /**
     * @param autoRegisterSchemas on for the local run and tests; off in production, where
     *     {@code dlm-watch schemas register} registers the schemas once
     */
    public Topics(SchemaRegistryClient registry, boolean autoRegisterSchemas) {
        this(registry, autoRegisterSchemas, "");
    }

    /**
     * @param namePrefix put before every topic name, so that a run (a benchmark, say) has topics of
     *     its own on a shared cluster; empty in normal use
     */
    public Topics(SchemaRegistryClient registry, boolean autoRegisterSchemas, String namePrefix) {
        this.registry = registry;
        this.namePrefix = namePrefix;
        this.settings = SerdeSettings.defaults().withAutoRegisterSchemas(autoRegisterSchemas);
        this.enrollments = topic(TopicCatalog.ENROLLMENTS, Enrollment.class);
        this.labResults = topic(TopicCatalog.LAB_RESULTS, LabResult.class);
        this.imagingReports = topic(TopicCatalog.IMAGING_REPORTS, ImagingReport.class);
        this.alerts = topic(TopicCatalog.ALERTS, SurveillanceAlert.class);
        this.alertActions = topic(TopicCatalog.ALERT_ACTIONS, AlertAction.class);
        this.deadLetters = topic(TopicCatalog.DEAD_LETTERS, DeadLetter.class);
        this.alertDeliveries = topic(TopicCatalog.ALERT_DELIVERIES, AlertDelivery.class);
    }

    public SchemaRegistryClient registry() {
        return registry;
    }

    /** A value serde for any record type of the contract, bound to this registry. */
    public <V extends SpecificRecord> Serde<V> valueSerde(Class<V> type) {
        return SpecificAvroSerde.of(type, registry, settings);
    }

    /** Every topic's declaration under the names this registry uses. */
    public java.util.List<TopicSpec> specs() {
        return TopicCatalog.ALL.stream().map(spec -> spec.withName(namePrefix + spec.name())).toList();
    }

    private <V extends SpecificRecord> Topic<String, V> topic(TopicSpec spec, Class<V> type) {
        return new Topic<>(spec.withName(namePrefix + spec.name()), Serdes.String(), valueSerde(type));
    }
}
