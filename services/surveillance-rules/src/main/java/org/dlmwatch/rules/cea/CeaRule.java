package org.dlmwatch.rules.cea;

import org.dlmwatch.rules.alert.AlertType;

/** One CEA condition of §3.1, checked at the current value of the walk. */
interface CeaRule {

    AlertType type();

    /** Stable name for {@code Alert.ruleId}: the class name a clinician can look up. */
    String ruleId();

    /** The trigger when the condition holds at {@code c.current()}, else null. */
    CeaTrigger check(CeaContext c);

    /**
     * Whether the condition holds at {@code c.current()}, without describing it: the walk asks this
     * at every value, and describes only the alerts that fire.
     */
    default boolean holds(CeaContext c) {
        return check(c) != null;
    }
}
