package org.dlmwatch.observability;

/** One thing a service needs to do its work (Kafka Streams running, the registry answering...). */
@FunctionalInterface
public interface HealthCheck {

    Health check();

    /** A check that never throws: an exception is reported as down, with its type only. */
    static Health safely(HealthCheck check) {
        try {
            return check.check();
        } catch (RuntimeException e) {
            return Health.down("check failed: " + e.getClass().getSimpleName());
        }
    }
}
