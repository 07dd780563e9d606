package org.dlmwatch.rules.alert;

/** Alert severity (clinical-spec §4). */
public enum Severity {
    LOW,
    MEDIUM,
    HIGH,
    CRITICAL
}
