package org.dlmwatch.rules.alert;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A stable 64-bit FNV-1a hash of an alert's content, for telling whether an alert changed since
 * it was last emitted. Stable across JVMs (enums by name, instants by epoch milli), and cheap: it
 * runs for every alert at every evaluation, where formatting the alert as text and hashing that
 * with SHA-256 cost more than the rules themselves.
 */
final class ContentHash {

    private static final long OFFSET = 0xcbf29ce484222325L;
    private static final long PRIME = 0x100000001b3L;
    private static final long FIELD_SEPARATOR = 0x1F;
    private static final long NULL = 0x1E;

    private long hash = OFFSET;

    static String of(Alert a) {
        ContentHash h = new ContentHash();
        h.add(a.alertId()).add(a.patientId()).add(a.type()).add(a.severity()).add(a.status());
        h.addStrings(a.lesionIds());
        h.add(a.title()).add(a.recommendation());
        h.addLong(a.evidence().size());
        for (Evidence e : a.evidence()) {
            h.add(e.kind()).add(e.refId()).add(e.at()).add(e.value()).add(e.unit()).add(e.modality())
                    .add(e.segment()).add(e.sizeMm()).add(e.note());
        }
        h.add(a.ruleId());
        h.addLong(a.ruleParameters().size());
        for (Map.Entry<String, String> p : a.ruleParameters().entrySet()) {
            h.add(p.getKey()).add(p.getValue());
        }
        h.addStrings(a.contextFlags());
        h.add(a.eventTime());
        String hex = Long.toHexString(h.hash);
        return "0".repeat(16 - hex.length()) + hex;
    }

    private ContentHash add(String s) {
        if (s == null) {
            return addRaw(NULL);
        }
        for (int i = 0; i < s.length(); i++) {
            addRaw(s.charAt(i));
        }
        return addRaw(FIELD_SEPARATOR);
    }

    private ContentHash add(Enum<?> e) {
        return add(e == null ? null : e.name());
    }

    private ContentHash add(Instant t) {
        return t == null ? addRaw(NULL) : addLong(t.toEpochMilli());
    }

    private ContentHash add(Double d) {
        return d == null ? addRaw(NULL) : addLong(Double.doubleToLongBits(d));
    }

    private ContentHash addStrings(List<String> strings) {
        addLong(strings.size());
        strings.forEach(this::add);
        return this;
    }

    private ContentHash addLong(long v) {
        for (int shift = 0; shift < 64; shift += 16) {
            addRaw((v >>> shift) & 0xFFFF);
        }
        return addRaw(FIELD_SEPARATOR);
    }

    private ContentHash addRaw(long value) {
        hash ^= value;
        hash *= PRIME;
        return this;
    }
}
