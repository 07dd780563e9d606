package org.dlmwatch.desk.auth;

import io.javalin.security.RouteRole;
import java.util.Locale;
import java.util.Optional;

/** What a signed-in user may do. */
public enum Role implements RouteRole {
    /** Reads alerts and patients, and acts on alerts. */
    CLINICIAN,
    /** Reads alerts and patients; cannot act. */
    VIEWER,
    /** Health and metrics only: no patient data. */
    OPS;

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<Role> parse(String text) {
        for (Role r : values()) {
            if (r.label().equalsIgnoreCase(text == null ? "" : text.trim())) {
                return Optional.of(r);
            }
        }
        return Optional.empty();
    }
}
