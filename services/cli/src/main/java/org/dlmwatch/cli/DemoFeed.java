package org.dlmwatch.cli;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.dlmwatch.cohort.CohortGenerator;
import org.dlmwatch.cohort.CohortProfile;
import org.dlmwatch.platform.json.ContractEvent;
import org.dlmwatch.platform.json.ContractJson;
import org.dlmwatch.platform.json.InvalidRecordException;
import org.dlmwatch.platform.kafka.EventPublisher;
import org.dlmwatch.platform.topics.Topics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The demo mode of {@code run}: publishes a generated cohort (clinical-spec §5) at a watchable pace
 * in the background, in arrival order, so that the alert desk fills with alerts within a minute.
 * The cohort ends two days before today, so that nothing is dated in the future.
 */
final class DemoFeed implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(DemoFeed.class);

    private final Thread thread;
    private volatile boolean stopped;

    private DemoFeed(List<ContractEvent> events, EventPublisher publisher, int eventsPerSecond) {
        this.thread = new Thread(() -> publish(events, publisher, eventsPerSecond), "dlm-watch-demo-feed");
        thread.setDaemon(true);
    }

    static DemoFeed start(Map<String, Object> kafka, Topics topics, int patients, long seed, int eventsPerSecond) {
        Properties profile = new Properties();
        profile.setProperty("enrollment.windowStart", LocalDate.now(ZoneOffset.UTC).minusDays(2).minusYears(3).toString());
        List<String> lines = new CohortGenerator(CohortProfile.fromProperties(profile))
                .generate(patients, 3, seed, "dlm-watch run --demo").lines();
        List<ContractEvent> events = lines.stream().map(DemoFeed::parse).toList();
        DemoFeed feed = new DemoFeed(events, new EventPublisher(kafka, topics, false), eventsPerSecond);
        feed.thread.start();
        return feed;
    }

    private void publish(List<ContractEvent> events, EventPublisher publisher, int eventsPerSecond) {
        try (publisher) {
            long start = System.nanoTime();
            for (int i = 0; i < events.size() && !stopped; i++) {
                long wait = start + (long) (i * 1e9 / eventsPerSecond) - System.nanoTime();
                if (wait > 0) {
                    Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                }
                publisher.send(events.get(i));
            }
            LOG.info("demo feed done: {} events published", events.size());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOG.warn("demo feed stopped: {}", e.getClass().getSimpleName());
        }
    }

    private static ContractEvent parse(String line) {
        try {
            return ContractJson.parseEvent(line);
        } catch (InvalidRecordException e) {
            throw new IllegalStateException("the generator wrote an invalid line: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() throws InterruptedException {
        stopped = true;
        thread.join(5_000);
    }
}
