package org.dlmwatch.desk.view;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Consumer;
import org.apache.kafka.common.TopicPartition;
import org.dlmwatch.desk.patient.PatientFiles;
import org.dlmwatch.desk.patient.PatientSummary;
import org.dlmwatch.desk.patient.SummaryBuilder;
import org.dlmwatch.desk.view.AlertEntry.StatusChange;
import org.dlmwatch.events.v1.AlertAction;
import org.dlmwatch.events.v1.AlertDelivery;
import org.dlmwatch.events.v1.AlertStatus;
import org.dlmwatch.events.v1.Enrollment;
import org.dlmwatch.events.v1.ImagingReport;
import org.dlmwatch.events.v1.LabResult;
import org.dlmwatch.events.v1.SurveillanceAlert;
import org.dlmwatch.rules.RuleConfig;

/**
 * The desk's materialised view: every alert with its latest engine version and the team's actions,
 * every delivery made, and the patients' surveillance inputs, built by {@link ViewFeed} from the
 * beginning of the topics. Every desk instance builds its own complete copy, so a restart or a second
 * instance shows the same state once it has read to the end of the topics.
 *
 * <p>One writer (the feed thread), many readers (HTTP, delivery); a read-write lock guards it and
 * readers get immutable snapshots.
 */
public final class DeskView {

    /** What one batch of records changed, for live refresh and delivery. */
    public record Change(Set<String> alertIds, int newlyRaised, long version) {}

    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    private final Map<String, AlertState> alerts = new HashMap<>();
    private final Map<String, List<AlertAction>> actions = new HashMap<>();
    private final Map<String, Set<String>> alertsByPatient = new HashMap<>();
    private final Map<String, AlertDelivery> deliveries = new HashMap<>();
    private final Map<String, List<AlertDelivery>> deliveriesByAlert = new HashMap<>();
    private final PatientFiles patients;
    private final SummaryBuilder summaries;
    private final Map<TopicPartition, Long> positions = new HashMap<>();
    private final Object positionMonitor = new Object();
    private final List<Consumer<Change>> listeners = new CopyOnWriteArrayList<>();
    private long version;

    // pending changes of the batch being applied
    private final Set<String> changed = new LinkedHashSet<>();
    private int newlyRaised;

    public DeskView(RuleConfig rules) {
        this.patients = new PatientFiles(rules);
        this.summaries = new SummaryBuilder(rules);
    }

    private static final class AlertState {
        SurveillanceAlert latest;
        int partition;
        Instant firstRaisedAt;
        final List<StatusChange> history = new ArrayList<>();
        int versions;
    }

    // ---- writing (feed thread) --------------------------------------------------------------------

    /** Runs {@code batch} under the write lock, then tells listeners what changed. */
    public void update(Runnable batch) {
        Change change;
        lock.writeLock().lock();
        try {
            batch.run();
            if (changed.isEmpty()) {
                return;
            }
            version++;
            change = new Change(Set.copyOf(changed), newlyRaised, version);
            changed.clear();
            newlyRaised = 0;
        } finally {
            lock.writeLock().unlock();
        }
        for (Consumer<Change> l : listeners) {
            l.accept(change);
        }
    }

    void applyAlert(SurveillanceAlert a, int partition) {
        AlertState s = alerts.computeIfAbsent(a.getAlertId(), id -> new AlertState());
        boolean statusChanged = s.latest == null || s.latest.getStatus() != a.getStatus();
        if (a.getStatus() == AlertStatus.RAISED && s.firstRaisedAt == null) {
            s.firstRaisedAt = a.getDetectedAt();
            newlyRaised++;
        }
        if (statusChanged) {
            s.history.add(new StatusChange(a.getStatus(), a.getDetectedAt()));
        }
        s.latest = a;
        s.partition = partition;
        s.versions++;
        alertsByPatient.computeIfAbsent(a.getPatientId(), p -> new LinkedHashSet<>()).add(a.getAlertId());
        changed.add(a.getAlertId());
    }

    void applyAction(AlertAction a) {
        actions.computeIfAbsent(a.getAlertId(), id -> new ArrayList<>()).add(a);
        changed.add(a.getAlertId());
    }

    void applyDelivery(String key, AlertDelivery d) {
        if (d == null) {
            return; // a tombstone: nothing to forget, deliveries are never undone
        }
        if (deliveries.put(key, d) == null) {
            deliveriesByAlert.computeIfAbsent(d.getAlertId(), id -> new ArrayList<>()).add(d);
        }
        changed.add(d.getAlertId());
    }

    boolean applyEnrollment(Enrollment e) {
        return e != null && patients.apply(e);
    }

    boolean applyLabResult(LabResult r) {
        return r != null && patients.apply(r);
    }

    boolean applyImagingReport(ImagingReport r) {
        return r != null && patients.apply(r);
    }

    /** Records how far the feed has read; wakes up whoever waits for an offset. */
    void positions(Map<TopicPartition, Long> read) {
        synchronized (positionMonitor) {
            positions.putAll(read);
            positionMonitor.notifyAll();
        }
    }

    // ---- reading ----------------------------------------------------------------------------------

    public void addListener(Consumer<Change> listener) {
        listeners.add(listener);
    }

    public Optional<AlertEntry> alert(String alertId) {
        lock.readLock().lock();
        try {
            return Optional.ofNullable(entry(alertId));
        } finally {
            lock.readLock().unlock();
        }
    }

    public ResultPage<AlertEntry> query(AlertQuery q) {
        lock.readLock().lock();
        List<AlertEntry> matching = new ArrayList<>();
        try {
            Collection<String> ids = q.patientId() != null
                    ? alertsByPatient.getOrDefault(q.patientId(), Set.of()) : alerts.keySet();
            for (String id : ids) {
                AlertEntry e = entry(id);
                if (e != null && q.matches(e)) {
                    matching.add(e);
                }
            }
        } finally {
            lock.readLock().unlock();
        }
        matching.sort(AlertQuery.WORKLIST_ORDER);
        int from = Math.min(matching.size(), (q.page() - 1) * q.size());
        int to = Math.min(matching.size(), from + q.size());
        return new ResultPage<>(List.copyOf(matching.subList(from, to)), q.page(), q.size(), matching.size());
    }

    /** Every alert on the given partitions of the alerts topic (delivery works per partition). */
    public List<AlertEntry> alertsOnPartitions(Set<Integer> partitions) {
        lock.readLock().lock();
        try {
            List<AlertEntry> out = new ArrayList<>();
            for (var e : alerts.entrySet()) {
                if (e.getValue().latest != null && partitions.contains(e.getValue().partition)) {
                    out.add(entry(e.getKey()));
                }
            }
            return out;
        } finally {
            lock.readLock().unlock();
        }
    }

    public List<AlertDelivery> deliveries(String alertId) {
        lock.readLock().lock();
        try {
            return List.copyOf(deliveriesByAlert.getOrDefault(alertId, List.of()));
        } finally {
            lock.readLock().unlock();
        }
    }

    public boolean delivered(String deliveryId) {
        lock.readLock().lock();
        try {
            return deliveries.containsKey(deliveryId);
        } finally {
            lock.readLock().unlock();
        }
    }

    /**
     * The patient's summary, or empty when the desk knows nothing of the patient (no alert, no
     * enrollment, no CEA result, no report).
     */
    public Optional<PatientSummary> patient(String patientId) {
        // the write lock: building reads PatientHistory's lazily sorted views, which are not thread-safe
        lock.writeLock().lock();
        try {
            var history = patients.history(patientId, false);
            if (history.isEmpty() && !alertsByPatient.containsKey(patientId)) {
                return Optional.empty();
            }
            return Optional.of(summaries.build(history.orElseGet(
                    () -> new org.dlmwatch.rules.history.PatientHistory(patientId, patients.config()))));
        } finally {
            lock.writeLock().unlock();
        }
    }

    public int alertCount() {
        lock.readLock().lock();
        try {
            return (int) alerts.values().stream().filter(s -> s.latest != null).count();
        } finally {
            lock.readLock().unlock();
        }
    }

    public int patientCount() {
        lock.readLock().lock();
        try {
            return patients.patients();
        } finally {
            lock.readLock().unlock();
        }
    }

    public long version() {
        lock.readLock().lock();
        try {
            return version;
        } finally {
            lock.readLock().unlock();
        }
    }

    /** True when the feed has read every given partition up to the given offset (exclusive). */
    public boolean hasRead(Map<TopicPartition, Long> offsets) {
        synchronized (positionMonitor) {
            for (var e : offsets.entrySet()) {
                if (positions.getOrDefault(e.getKey(), -1L) < e.getValue()) {
                    return false;
                }
            }
            return true;
        }
    }

    /** Waits until the feed has read past {@code offset} of {@code partition}; false on time-out. */
    public boolean awaitRead(TopicPartition partition, long offset, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (positionMonitor) {
            while (positions.getOrDefault(partition, -1L) <= offset) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                positionMonitor.wait(Math.max(1, left / 1_000_000));
            }
            return true;
        }
    }

    private AlertEntry entry(String alertId) {
        AlertState s = alerts.get(alertId);
        if (s == null || s.latest == null) {
            return null;
        }
        List<AlertAction> acts = List.copyOf(actions.getOrDefault(alertId, List.of()));
        return new AlertEntry(s.latest, s.partition, s.firstRaisedAt, List.copyOf(s.history), s.versions, acts,
                Lifecycle.fold(acts));
    }

    /** For tests and health: ids of every alert known. */
    public Set<String> alertIds() {
        lock.readLock().lock();
        try {
            Set<String> ids = new HashSet<>();
            alerts.forEach((id, s) -> {
                if (s.latest != null) {
                    ids.add(id);
                }
            });
            return ids;
        } finally {
            lock.readLock().unlock();
        }
    }
}
