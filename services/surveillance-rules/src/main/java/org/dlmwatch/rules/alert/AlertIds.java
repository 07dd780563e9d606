package org.dlmwatch.rules.alert;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Deterministic, opaque alert ids. "The alert id is derived from the patient, the type, the lesion(s)
 * or the CEA episode (the result that opened it), so a replay of the same history gives the same ids"
 * (§3). The id is {@code "A-"} + the first 32 hex digits of SHA-256 over
 * {@code patientId|TYPE|identityKey}: it appears in logs, so it must not reveal the patient id.
 */
public final class AlertIds {

    private AlertIds() {
    }

    public static String of(String patientId, AlertType type, String identityKey) {
        return RECENT.get().computeIfAbsent(patientId + '|' + type.name() + '|' + identityKey,
                text -> "A-" + digest(text, 32));
    }

    /**
     * Ids computed lately on this thread: every evaluation rebuilds the alerts of a patient's whole
     * history, and hashing each one's id again cost more than the rule that found it.
     */
    private static final ThreadLocal<Map<String, String>> RECENT = ThreadLocal.withInitial(() ->
            new LinkedHashMap<>(256, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<String, String> eldest) {
                    return size() > RECENT_IDS;
                }
            });
    private static final int RECENT_IDS = 4096;

    /** First {@code hexChars} hex digits of SHA-256 over the UTF-8 bytes of {@code text}. */
    static String digest(String text, int hexChars) {
        byte[] hash = sha256().digest(text.getBytes(StandardCharsets.UTF_8));
        StringBuilder sb = new StringBuilder(hexChars);
        for (int i = 0; sb.length() < hexChars; i++) {
            sb.append(Character.forDigit((hash[i] >> 4) & 0xF, 16)).append(Character.forDigit(hash[i] & 0xF, 16));
        }
        return sb.substring(0, hexChars);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every Java platform", e);
        }
    }
}
