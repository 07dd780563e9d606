package org.dlmwatch.cli;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a long-running command started, stopped newest first on Ctrl-C / SIGTERM (a JVM shutdown
 * hook) or when the start fails half way, so that a clean stop leaves nothing behind.
 */
final class RunningServices implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(RunningServices.class);

    private final Deque<AutoCloseable> running = new ArrayDeque<>();
    private final CountDownLatch stopped = new CountDownLatch(1);

    RunningServices() {
        Runtime.getRuntime().addShutdownHook(new Thread(this::close, "dlm-watch-shutdown"));
    }

    synchronized <T extends AutoCloseable> T add(T service) {
        running.push(service);
        return service;
    }

    /** Blocks until the services are stopped (by the shutdown hook). */
    void awaitStop() throws InterruptedException {
        stopped.await();
    }

    /** Stops everything started, newest first; safe to call twice. */
    @Override
    public synchronized void close() {
        while (!running.isEmpty()) {
            AutoCloseable service = running.pop();
            try {
                service.close();
            } catch (Exception e) {
                LOG.warn("error while stopping {}: {}", service.getClass().getSimpleName(), e.toString());
            }
        }
        stopped.countDown();
    }
}
