package org.dlmwatch.registry;

import java.util.Locale;

/**
 * Compatibility levels of the Confluent Schema Registry API. A registry with level {@code L} for a
 * subject only accepts a new schema version that satisfies {@code L} against the previous version
 * (or, for the {@code _TRANSITIVE} levels, against every previous version).
 */
public enum CompatibilityLevel {
    /** No check. */
    NONE(false, false, false),
    /** Consumers using the new schema can read data written with the previous schema. */
    BACKWARD(true, false, false),
    /** {@link #BACKWARD} against every previous version. */
    BACKWARD_TRANSITIVE(true, false, true),
    /** Consumers using the previous schema can read data written with the new schema. */
    FORWARD(false, true, false),
    /** {@link #FORWARD} against every previous version. */
    FORWARD_TRANSITIVE(false, true, true),
    /** Both {@link #BACKWARD} and {@link #FORWARD}. */
    FULL(true, true, false),
    /** {@link #FULL} against every previous version. */
    FULL_TRANSITIVE(true, true, true);

    private final boolean backward;
    private final boolean forward;
    private final boolean transitive;

    CompatibilityLevel(boolean backward, boolean forward, boolean transitive) {
        this.backward = backward;
        this.forward = forward;
        this.transitive = transitive;
    }

    /** The new schema must read data written with the old one(s). */
    public boolean backward() {
        return backward;
    }

    /** The old schema(s) must read data written with the new one. */
    public boolean forward() {
        return forward;
    }

    /** Checked against every previous version, not only the latest. */
    public boolean transitive() {
        return transitive;
    }

    /**
     * Parses a level as registries spell it, ignoring case and surrounding blanks.
     *
     * @throws InvalidCompatibilityLevelException for anything else
     */
    public static CompatibilityLevel parse(String text) {
        if (text != null) {
            String normalized = text.trim().toUpperCase(Locale.ROOT);
            for (CompatibilityLevel level : values()) {
                if (level.name().equals(normalized)) {
                    return level;
                }
            }
        }
        throw new InvalidCompatibilityLevelException("Unknown compatibility level '" + text + "'");
    }
}
