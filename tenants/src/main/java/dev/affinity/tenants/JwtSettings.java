package dev.affinity.tenants;

import java.time.Duration;
import java.util.Arrays;
import java.util.Objects;

/**
 * Configuration of admin session tokens, validated on construction so a weak or missing secret
 * stops the server at start-up instead of producing forgeable sessions.
 *
 * @param hmacSecret HS256 key, at least 32 bytes (256 bits, the HMAC-SHA256 block strength); copied
 * @param issuer     {@code iss} claim issued and required
 * @param audience   {@code aud} claim issued and required
 * @param ttl        session lifetime, 1 second to 7 days
 */
public record JwtSettings(byte[] hmacSecret, String issuer, String audience, Duration ttl) {

    /** Minimum secret length in bytes. */
    public static final int MIN_SECRET_BYTES = 32;

    public JwtSettings {
        if (hmacSecret == null || hmacSecret.length < MIN_SECRET_BYTES) {
            throw new IllegalArgumentException("JWT HMAC secret must be at least " + MIN_SECRET_BYTES + " bytes");
        }
        if (issuer == null || issuer.isBlank() || audience == null || audience.isBlank()) {
            throw new IllegalArgumentException("JWT issuer and audience must be non-blank");
        }
        Objects.requireNonNull(ttl, "ttl");
        if (ttl.compareTo(Duration.ofSeconds(1)) < 0 || ttl.compareTo(Duration.ofDays(7)) > 0) {
            throw new IllegalArgumentException("JWT ttl must be between 1 second and 7 days, was " + ttl);
        }
        hmacSecret = hmacSecret.clone();
    }

    @Override
    public byte[] hmacSecret() {
        return hmacSecret.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof JwtSettings s && Arrays.equals(hmacSecret, s.hmacSecret) && issuer.equals(s.issuer)
                && audience.equals(s.audience) && ttl.equals(s.ttl);
    }

    @Override
    public int hashCode() {
        return Objects.hash(Arrays.hashCode(hmacSecret), issuer, audience, ttl);
    }

    @Override
    public String toString() {
        return "JwtSettings[hmacSecret=<redacted>, issuer=" + issuer + ", audience=" + audience + ", ttl=" + ttl + "]";
    }
}
