package org.dlmwatch.desk.delivery;

import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.dlmwatch.desk.delivery.DeliveryPlanner.Job;
import org.dlmwatch.desk.view.AlertEntry;
import org.dlmwatch.desk.view.DeskView;
import org.dlmwatch.events.v1.AlertDelivery;
import org.dlmwatch.events.v1.DeliveryStep;
import org.dlmwatch.platform.topics.Topics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers alerts: every {@code tick} it asks the {@link DeliveryPlanner} what is due on the
 * partitions this instance owns ({@link PartitionOwnership}), sends each due notification on a
 * worker, retries failures with {@link Backoff} (clock-driven, so a test's clock controls it), and
 * records every accepted delivery on {@code surveillance.alert-deliveries.v1} (compacted, key
 * {@code alertId:step:channel}) before forgetting it. What is due is recomputed from the view, so a
 * restart picks up exactly the deliveries not recorded yet.
 *
 * <p>Once: a delivery is recorded after the receiver accepted it, so the only window for a repeat is
 * a crash between the receiver's acceptance and the record (or a partition handed over in that
 * instant); the {@code Idempotency-Key} (webhook) and Message-ID (email) let receivers drop it.
 *
 * <p>Metrics: {@code dlmwatch.desk.delivery.attempts} (channel, step, outcome),
 * {@code dlmwatch.desk.delivery.retries} (channel, step), {@code dlmwatch.desk.delivery.delivered}
 * (channel, step), gauge {@code dlmwatch.desk.delivery.pending}. The three counters exist from the
 * start, at 0, for every channel and step the configuration uses (attempts with an empty outcome), so
 * that a dashboard shows 0 rather than no data and {@code increase()} counts the first attempt.
 */
public final class DeliveryEngine implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(DeliveryEngine.class);
    private static final String ATTEMPTS = "dlmwatch.desk.delivery.attempts";
    private static final String DELIVERED = "dlmwatch.desk.delivery.delivered";
    private static final String RETRIES = "dlmwatch.desk.delivery.retries";

    private final DeliveryConfig config;
    private final DeliveryPlanner planner;
    private final DeskView view;
    private final Clock clock;
    private final String publicBaseUrl;
    private final MeterRegistry meters;
    private final Map<String, Sender> senders = new HashMap<>();
    private final PartitionOwnership ownership;
    private final KafkaProducer<String, AlertDelivery> producer;
    private final String deliveriesTopic;
    private final ScheduledExecutorService ticker;
    private final ExecutorService workers;
    private final Map<String, Pending> pending = new ConcurrentHashMap<>();
    /** Delivered by this instance (recorded, maybe not read back yet). */
    private final Set<String> done = ConcurrentHashMap.newKeySet();

    /** A due delivery between attempts. */
    private static final class Pending {
        final Job job;
        int attempts;
        Instant nextAttemptAt;
        volatile boolean running;

        Pending(Job job, Instant now) {
            this.job = job;
            this.nextAttemptAt = now;
        }
    }

    public DeliveryEngine(DeliveryConfig config, Map<String, Object> kafka, Topics topics, DeskView view, Clock clock,
            String groupId, String publicBaseUrl, MeterRegistry meters) {
        this.config = config;
        this.planner = new DeliveryPlanner(config);
        this.view = view;
        this.clock = clock;
        this.publicBaseUrl = publicBaseUrl.endsWith("/") ? publicBaseUrl : publicBaseUrl + "/";
        this.meters = meters;
        config.channels().forEach((name, channel) -> senders.put(name, Sender.of(channel)));
        this.deliveriesTopic = topics.alertDeliveries.name();
        Map<String, Object> producerConfig = new HashMap<>(kafka);
        producerConfig.put(ProducerConfig.ACKS_CONFIG, "all");
        producerConfig.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        producerConfig.put(ProducerConfig.CLIENT_ID_CONFIG, "dlm-watch-alert-desk-deliveries-" + ProcessHandle.current().pid());
        this.producer = new KafkaProducer<>(producerConfig, new StringSerializer(),
                topics.alertDeliveries.valueSerde().serializer());
        this.ownership = new PartitionOwnership(kafka, groupId, topics.alerts.name(), deliveriesTopic, this::release);
        this.ticker = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "desk-delivery-tick"));
        this.workers = Executors.newFixedThreadPool(4, r -> daemon(r, "desk-delivery-worker"));
        meters.gauge("dlmwatch.desk.delivery.pending", pending, Map::size);
        for (String channel : config.raisedChannels()) {
            registerCounters(channel, DeliveryStep.RAISED);
        }
        if (config.escalationChannel() != null) {
            registerCounters(config.escalationChannel(), DeliveryStep.ESCALATION);
        }
    }

    /** The counters of one channel and step, at 0 until something happens (no outcome yet: an empty one). */
    private void registerCounters(String channel, DeliveryStep step) {
        meters.counter(ATTEMPTS, "channel", channel, "step", step.name(), "outcome", "");
        meters.counter(DELIVERED, "channel", channel, "step", step.name());
        meters.counter(RETRIES, "channel", channel, "step", step.name());
    }

    public DeliveryEngine start() {
        ownership.start();
        long tick = Math.max(10, config.tick().toMillis());
        ticker.scheduleWithFixedDelay(this::tickSafely, tick, tick, TimeUnit.MILLISECONDS);
        LOG.info("delivery started: {} channels, escalation {}", config.channels().size(),
                config.escalationChannel() == null ? "off" : "on");
        return this;
    }

    /** When an unacknowledged alert escalates (for the alert page), if it will. */
    public java.util.Optional<Instant> escalationDueAt(AlertEntry e) {
        return config.escalationChannel() == null ? java.util.Optional.empty() : planner.escalationDueAt(e);
    }

    private void tickSafely() {
        try {
            tick();
        } catch (RuntimeException e) {
            LOG.error("delivery tick failed: {}", e.getClass().getName(), e);
        }
    }

    void tick() {
        Instant now = clock.instant();
        Set<Integer> partitions = ownership.ready(view::hasRead);
        if (!partitions.isEmpty()) {
            List<AlertEntry> alerts = view.alertsOnPartitions(partitions);
            for (Job job : planner.due(alerts, id -> done.contains(id) || view.delivered(id), now)) {
                pending.computeIfAbsent(job.deliveryId(), id -> new Pending(job, now));
            }
        }
        for (Pending p : pending.values()) {
            if (p.running || now.isBefore(p.nextAttemptAt)) {
                continue;
            }
            if (!ownership.owns(p.job.partition())) {
                pending.remove(p.job.deliveryId());
                continue;
            }
            p.running = true;
            workers.execute(() -> attempt(p));
        }
    }

    private void attempt(Pending p) {
        Job job = p.job;
        try {
            AlertEntry alert = view.alert(job.alertId()).orElse(null);
            Instant now = clock.instant();
            if (!planner.stillDue(job, alert, now) || done.contains(job.deliveryId()) || view.delivered(job.deliveryId())) {
                pending.remove(job.deliveryId());
                return;
            }
            Duration waited = job.step() == DeliveryStep.ESCALATION
                    ? config.escalateAfter().get(alert.alert().getSeverity()) : null;
            Notification n = new Notification(alert.alert(), job.step(), publicBaseUrl + "alerts/" + job.alertId(),
                    waited, config.channels().get(job.channel()).patientData());
            p.attempts++;
            Sender.Result result = senders.get(job.channel()).send(n, p.attempts);
            meters.counter(ATTEMPTS, "channel", job.channel(), "step", job.step().name(),
                    "outcome", result.outcome()).increment();
            if (result.accepted()) {
                record(job, p.attempts);
                done.add(job.deliveryId());
                pending.remove(job.deliveryId());
                meters.counter(DELIVERED, "channel", job.channel(), "step",
                        job.step().name()).increment();
                LOG.info("delivered: alertId={} step={} channel={} attempts={}", job.alertId(), job.step(),
                        job.channel(), p.attempts);
            } else {
                Duration wait = config.backoff().delay(p.attempts);
                p.nextAttemptAt = clock.instant().plus(wait);
                meters.counter(RETRIES, "channel", job.channel(), "step",
                        job.step().name()).increment();
                LOG.warn("delivery failed, retrying in {}: alertId={} step={} channel={} attempt={} outcome={}", wait,
                        job.alertId(), job.step(), job.channel(), p.attempts, result.outcome());
            }
        } catch (RuntimeException e) {
            p.nextAttemptAt = clock.instant().plus(config.backoff().delay(Math.max(1, p.attempts)));
            LOG.error("delivery attempt failed: alertId={} step={} channel={} error={}", job.alertId(), job.step(),
                    job.channel(), e.getClass().getName());
        } finally {
            p.running = false;
        }
    }

    /** Records an accepted delivery; waits for the broker, so a crash after this never resends it. */
    private void record(Job job, int attempts) {
        AlertDelivery d = AlertDelivery.newBuilder()
                .setDeliveryId(job.deliveryId())
                .setAlertId(job.alertId())
                .setStep(job.step())
                .setChannel(job.channel())
                .setAttempts(attempts)
                .setDeliveredAt(clock.instant())
                .build();
        try {
            producer.send(new ProducerRecord<>(deliveriesTopic, job.deliveryId(), d)).get(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            // kept in 'done': this instance will not resend; another instance might after a hand-over
            LOG.error("could not record delivery: alertId={} step={} channel={} error={}", job.alertId(), job.step(),
                    job.channel(), e.getClass().getName());
        }
    }

    /** A partition moves away: finish the attempts in flight on it first. */
    private void release(Collection<Integer> partitions) {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline && pending.values().stream()
                .anyMatch(p -> p.running && partitions.contains(p.job.partition()))) {
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        pending.values().removeIf(p -> partitions.contains(p.job.partition()));
    }

    public int pendingCount() {
        return pending.size();
    }

    @Override
    public void close() {
        ticker.shutdownNow();
        ownership.close();
        workers.shutdown();
        try {
            workers.awaitTermination(15, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        producer.close(Duration.ofSeconds(5));
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }
}
