package org.dlmwatch.rules.cea;

import java.util.ArrayList;
import java.util.List;

import org.dlmwatch.rules.model.Enrollment;

/**
 * The enrollment's context flags as shown on CEA alerts: "Context flags (smoker, liver disease) are
 * shown on the alert; they never suppress it" (§3.1).
 */
public final class ContextFlags {

    public static final String SMOKER = "SMOKER";
    public static final String CHRONIC_LIVER_DISEASE = "CHRONIC_LIVER_DISEASE";

    private ContextFlags() {
    }

    public static List<String> of(Enrollment e) {
        if (!e.smoker() && !e.chronicLiverDisease()) {
            return List.of();
        }
        List<String> flags = new ArrayList<>(2);
        if (e.chronicLiverDisease()) {
            flags.add(CHRONIC_LIVER_DISEASE);
        }
        if (e.smoker()) {
            flags.add(SMOKER);
        }
        return List.copyOf(flags);
    }
}
