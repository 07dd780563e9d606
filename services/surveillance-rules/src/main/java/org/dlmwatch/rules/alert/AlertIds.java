package org.dlmwatch.rules.alert;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

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
        return "A-" + digest(patientId + '|' + type.name() + '|' + identityKey, 32);
    }

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
