package org.dlmwatch.desk.auth;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Stateless sessions: the cookie holds {@code NAME.EXPIRY.SIGNATURE}, signed with HMAC-SHA256 and a
 * secret. No session store, so any desk instance that has the same secret accepts the cookie
 * (configure one secret for all instances behind a load balancer; without one each instance makes
 * its own at start, and users sign in again after a restart). Each request looks the user up among
 * the users loaded at start, so a user removed from the file loses the session when the desk
 * restarts. Sign-out clears the cookie; a copied cookie stays valid until it expires (default 12 h).
 *
 * <p>Also makes the per-session CSRF token that the pages' forms carry.
 */
public final class Sessions {

    public static final String COOKIE = "dlmwatch_session";
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

    private final byte[] secret;
    private final Duration ttl;
    private final Clock clock;

    public Sessions(byte[] secret, Duration ttl, Clock clock) {
        if (secret == null) {
            secret = new byte[32];
            new SecureRandom().nextBytes(secret);
        }
        if (secret.length < 16) {
            throw new IllegalArgumentException("the session secret must have at least 16 bytes");
        }
        this.secret = secret.clone();
        this.ttl = ttl;
        this.clock = clock;
    }

    public String issue(String user) {
        long expires = clock.instant().plus(ttl).getEpochSecond();
        String payload = B64.encodeToString(user.getBytes(StandardCharsets.UTF_8)) + "." + expires;
        return payload + "." + sign("session." + payload);
    }

    /** The user name of a valid, unexpired token. */
    public Optional<String> verify(String token) {
        if (token == null) {
            return Optional.empty();
        }
        String[] parts = token.split("\\.");
        if (parts.length != 3) {
            return Optional.empty();
        }
        String payload = parts[0] + "." + parts[1];
        if (!MessageDigest.isEqual(sign("session." + payload).getBytes(StandardCharsets.US_ASCII),
                parts[2].getBytes(StandardCharsets.US_ASCII))) {
            return Optional.empty();
        }
        try {
            if (Long.parseLong(parts[1]) < clock.instant().getEpochSecond()) {
                return Optional.empty();
            }
            return Optional.of(new String(Base64.getUrlDecoder().decode(parts[0]), StandardCharsets.UTF_8));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** The CSRF token of a session: forms must send it back. */
    public String csrfToken(String sessionToken) {
        return sign("csrf." + sessionToken);
    }

    public boolean checkCsrf(String sessionToken, String sent) {
        return sessionToken != null && sent != null && MessageDigest.isEqual(
                csrfToken(sessionToken).getBytes(StandardCharsets.US_ASCII), sent.getBytes(StandardCharsets.US_ASCII));
    }

    public Duration ttl() {
        return ttl;
    }

    private String sign(String text) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            return B64.encodeToString(mac.doFinal(text.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }
}
