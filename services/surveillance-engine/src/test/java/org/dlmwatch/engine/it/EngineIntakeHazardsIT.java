package org.dlmwatch.engine.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.dlmwatch.engine.EngineSettings;
import org.dlmwatch.engine.SurveillanceEngine;
import org.dlmwatch.engine.it.AlertChanges.Key;
import org.dlmwatch.engine.replay.TopologyReplay;
import org.dlmwatch.events.v1.AlertType;
import org.dlmwatch.events.v1.DeadLetter;
import org.dlmwatch.events.v1.LabResult;
import org.dlmwatch.events.v1.SurveillanceAlert;
import org.dlmwatch.local.LocalCluster;
import org.dlmwatch.local.WithLocalCluster;
import org.dlmwatch.platform.json.EventFile;
import org.dlmwatch.platform.topics.TopicCatalog;
import org.dlmwatch.registry.SerdeSettings;
import org.dlmwatch.registry.SpecificAvroDeserializer;
import org.dlmwatch.registry.SpecificAvroSerializer;
import org.dlmwatch.rules.RuleConfig;
import org.junit.jupiter.api.Test;

/**
 * Input the engine must neither lose silently nor dead-letter for the wrong reason. Each test
 * states the clinical requirement, not a particular fix: the record ends up in the patient's
 * alerts, or (where the input itself is at fault) in the dead-letter topic.
 *
 * <p>These engines start at the end of the input topics ({@code auto.offset.reset=latest}): they
 * only see what their test publishes, not the other tests' records on the shared topics.
 */
@WithLocalCluster
class EngineIntakeHazardsIT {

    private static final Set<AlertType> CLOCK_DEPENDENT = EnumSet.of(AlertType.SURVEILLANCE_OVERDUE);
    private static final Map<String, Object> FROM_THE_END = Map.of("auto.offset.reset", "latest");

    /**
     * A CEA published without a key lands on whatever partition the producer picks, not on the
     * patient's. The engine keeps each patient's history in the state store of the task that owns
     * the patient's partition and does not repartition, so an unkeyed record is either dead-lettered
     * (the contract says every record is keyed by patient id) or it must still count in the
     * patient's history. Today it is "used" in another task's store, where the patient has no
     * enrollment: the value silently drops out of the patient's surveillance.
     */
    @Test
    void aRecordWithoutKeyIsNeitherLostNorSplitFromItsPatient(LocalCluster cluster) {
        ItCluster.prepare(cluster);
        String patient = "HZ1-P01";
        EventFile events = CohortFile.load("it/hazard-cea-rise.jsonl", "HZ1-");
        Set<Key> expected = AlertChanges.raisedOrFulfilled(
                TopologyReplay.run(events, Optional.of(Instant.now()), RuleConfig.defaults()).alerts(), CLOCK_DEPENDENT);
        assertThat(expected).extracting(Key::type).contains(AlertType.CEA_ELEVATED_CONFIRMED);
        var topics = ItCluster.topics(cluster);
        var avro = new SpecificAvroSerializer<LabResult>(topics.registry(), SerdeSettings.defaults());
        String appId = "it-engine-hazard-no-key";
        EngineSettings settings = ItCluster.engineSettings(cluster, appId, ItCluster.freshStateDir(appId),
                Duration.ofMinutes(10), FROM_THE_END);

        try (SurveillanceEngine engine = new SurveillanceEngine(settings, new SimpleMeterRegistry())
                        .start(ItCluster.ENGINE_START);
                InputPublisher publisher = new InputPublisher(cluster);
                TopicReader<SurveillanceAlert> alerts = alertReader(cluster);
                TopicReader<DeadLetter> deadLetters = deadLetterReader(cluster)) {
            awaitEnrollmentSeen(publisher, events.events().get(0), alerts, patient);
            RecordMetadata unkeyed = null;
            for (EventFile.Line line : events.events().subList(1, events.events().size())) {
                LabResult result = (LabResult) line.event().record();
                if (!"R2".equals(result.getResultId())) {
                    publisher.send(line.event());
                    continue;
                }
                int patientsPartition = publisher.send(events.events().get(0).event()).partition();
                unkeyed = publisher.sendRaw(TopicCatalog.LAB_RESULTS, (patientsPartition + 1) % 6, null,
                        avro.serialize(TopicCatalog.LAB_RESULTS.name(), result));
            }
            RecordMetadata r2 = unkeyed;
            await("the unkeyed CEA is dead-lettered or counts in the patient's alerts")
                    .atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(200))
                    .untilAsserted(() -> {
                        boolean deadLettered = deadLetters.poll().stream().map(TopicReader.Read::value)
                                .anyMatch(l -> l.getSourceTopic().equals(r2.topic())
                                        && l.getPartition() == r2.partition() && l.getOffset() == r2.offset());
                        if (!deadLettered) {
                            assertThat(AlertChanges.raisedOrFulfilled(AlertChanges.finalStates(
                                    AlertChanges.ofPatients(alerts.poll(), patient)).values(), CLOCK_DEPENDENT))
                                    .as("alerts of %s with the unkeyed CEA in its history", patient)
                                    .isEqualTo(expected);
                        }
                    });
        }
    }

    /**
     * While the registry cannot serve a schema the engine has not read yet, a valid record cannot
     * be deserialized, through no fault of its own. The deserializer says so (the cause is a
     * RegistryUnavailableException: "error handlers should not dead-letter it"), but the intake
     * dead-letters it as DESERIALIZATION_FAILED and moves on: the patient's CEA never reaches the
     * rules, and no alert is raised once the registry is back.
     */
    @Test
    void aValidRecordIsNotDeadLetteredWhileTheRegistryIsUnavailable(LocalCluster cluster) throws Exception {
        ItCluster.prepare(cluster);
        String patient = "HZ2-P01";
        EventFile events = CohortFile.load("it/hazard-cea-rise.jsonl", "HZ2-");
        Set<Key> expected = AlertChanges.raisedOrFulfilled(
                TopologyReplay.run(events, Optional.of(Instant.now()), RuleConfig.defaults()).alerts(), CLOCK_DEPENDENT);
        assertThat(expected).extracting(Key::type).contains(AlertType.CEA_CONSECUTIVE_RISE);
        String appId = "it-engine-hazard-registry-outage";
        try (FlakyRegistryProxy proxy = new FlakyRegistryProxy(cluster.schemaRegistryUrl())) {
            EngineSettings direct = ItCluster.engineSettings(cluster, appId, ItCluster.freshStateDir(appId),
                    Duration.ofMinutes(10), FROM_THE_END);
            EngineSettings settings = new EngineSettings(direct.kafka(), proxy.url(cluster.schemaRegistryUrl()), false,
                    direct.stateDir(), direct.rules(), direct.applicationId(), direct.overdueCheckInterval(), 1, 0);
            try (SurveillanceEngine engine = new SurveillanceEngine(settings, new SimpleMeterRegistry())
                            .start(ItCluster.ENGINE_START);
                    InputPublisher publisher = new InputPublisher(cluster);
                    TopicReader<SurveillanceAlert> alerts = alertReader(cluster);
                    TopicReader<DeadLetter> deadLetters = deadLetterReader(cluster)) {
                awaitEnrollmentSeen(publisher, events.events().get(0), alerts, patient);

                proxy.failSchemaFetches(true);
                RecordMetadata firstCea = publisher.send(events.events().get(1).event());
                await("the engine asked for the lab result schema").atMost(Duration.ofSeconds(15))
                        .until(() -> proxy.refused() > 0);
                Thread.sleep(500); // an outage of half a second, at least
                proxy.failSchemaFetches(false);
                for (EventFile.Line line : events.events().subList(2, events.events().size())) {
                    publisher.send(line.event());
                }

                await("the first CEA counts in the patient's alerts, or is dead-lettered")
                        .atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(200))
                        .until(() -> !lettersFor(deadLetters.poll(), firstCea).isEmpty()
                                || expected.equals(AlertChanges.raisedOrFulfilled(AlertChanges.finalStates(
                                        AlertChanges.ofPatients(alerts.poll(), patient)).values(), CLOCK_DEPENDENT)));
                assertThat(lettersFor(deadLetters.poll(), firstCea)).extracting(DeadLetter::getErrorCode)
                        .as("a valid CEA dead-lettered because the registry was briefly unavailable").isEmpty();
                assertThat(AlertChanges.raisedOrFulfilled(AlertChanges.finalStates(
                        AlertChanges.ofPatients(alerts.poll(), patient)).values(), CLOCK_DEPENDENT))
                        .isEqualTo(expected);
            }
        }
    }

    /** Publishes the enrollment until the engine alerts on it: then its input positions are set. */
    private static void awaitEnrollmentSeen(InputPublisher publisher, EventFile.Line enrollment,
            TopicReader<SurveillanceAlert> alerts, String patient) {
        await("the engine reads from the end of its input").atMost(Duration.ofSeconds(20))
                .pollInterval(Duration.ofSeconds(1))
                .until(() -> {
                    if (AlertChanges.ofPatients(alerts.poll(), patient).isEmpty()) {
                        publisher.send(enrollment.event()); // idempotent: the same enrollment again
                        return false;
                    }
                    return true;
                });
    }

    private static List<DeadLetter> lettersFor(List<TopicReader.Read<DeadLetter>> letters, RecordMetadata at) {
        return letters.stream().map(TopicReader.Read::value)
                .filter(l -> l.getSourceTopic().equals(at.topic()) && l.getPartition() == at.partition()
                        && l.getOffset() == at.offset())
                .toList();
    }

    private static TopicReader<SurveillanceAlert> alertReader(LocalCluster cluster) {
        return new TopicReader<>(cluster, TopicCatalog.ALERTS.name(), new SpecificAvroDeserializer<>(
                SurveillanceAlert.class, ItCluster.registry(cluster), SerdeSettings.defaults()));
    }

    private static TopicReader<DeadLetter> deadLetterReader(LocalCluster cluster) {
        return new TopicReader<>(cluster, TopicCatalog.DEAD_LETTERS.name(), new SpecificAvroDeserializer<>(
                DeadLetter.class, ItCluster.registry(cluster), SerdeSettings.defaults()));
    }
}
