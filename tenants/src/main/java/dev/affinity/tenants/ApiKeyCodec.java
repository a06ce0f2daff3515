package dev.affinity.tenants;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;

/**
 * Format, generation and hashing of tenant API keys: {@code ak_<keyId>_<secret>}, where keyId is
 * 12 random characters of {@code [a-z0-9]} (public, used to find the key and in logs) and secret is
 * 32 bytes from {@link SecureRandom}, base64url without padding (43 characters).
 *
 * <p>The stored hash is plain SHA-256 (hex) of the whole token. That is the right choice here and
 * not a shortcut: the secret has 256 bits of entropy, so nobody can brute-force it from the hash
 * and a slow password hash adds no protection. A slow hash (argon2 takes tens of milliseconds)
 * would instead be paid on every API request and cap throughput at a few dozen requests per
 * core per second. Passwords, which are low-entropy, use {@link PasswordHasher} instead.
 * Comparison with the stored hash is constant-time.
 */
public final class ApiKeyCodec {

    /** Prefix of every API key; lets the guard tell keys from JWTs and makes leaked keys greppable. */
    public static final String PREFIX = "ak_";
    static final int KEY_ID_LENGTH = 12;
    static final int SECRET_BYTES = 32;
    private static final int SECRET_CHARS = 43; // base64url of 32 bytes, no padding
    private static final int TOKEN_LENGTH = PREFIX.length() + KEY_ID_LENGTH + 1 + SECRET_CHARS;
    private static final char[] KEY_ID_ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789".toCharArray();
    private static final SecureRandom RANDOM = new SecureRandom();

    private ApiKeyCodec() {
    }

    /** A freshly generated key: the public id and the full plaintext token (shown once). */
    public record Generated(String keyId, String token) {
        @Override
        public String toString() {
            return "Generated[keyId=" + keyId + ", token=<redacted>]";
        }
    }

    /** Generates a new random key. */
    public static Generated generate() {
        char[] id = new char[KEY_ID_LENGTH];
        for (int i = 0; i < id.length; i++) {
            id[i] = KEY_ID_ALPHABET[RANDOM.nextInt(KEY_ID_ALPHABET.length)];
        }
        byte[] secret = new byte[SECRET_BYTES];
        RANDOM.nextBytes(secret);
        String keyId = new String(id);
        String token = PREFIX + keyId + "_" + Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
        return new Generated(keyId, token);
    }

    /**
     * Extracts the key id from a token if the token is well-formed; empty otherwise (so malformed
     * input never reaches the database).
     */
    public static Optional<String> keyIdOf(String token) {
        if (token == null || token.length() != TOKEN_LENGTH || !token.startsWith(PREFIX)
                || token.charAt(PREFIX.length() + KEY_ID_LENGTH) != '_') {
            return Optional.empty();
        }
        for (int i = PREFIX.length(); i < PREFIX.length() + KEY_ID_LENGTH; i++) {
            char c = token.charAt(i);
            if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))) {
                return Optional.empty();
            }
        }
        for (int i = PREFIX.length() + KEY_ID_LENGTH + 1; i < TOKEN_LENGTH; i++) {
            char c = token.charAt(i);
            if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_')) {
                return Optional.empty();
            }
        }
        return Optional.of(token.substring(PREFIX.length(), PREFIX.length() + KEY_ID_LENGTH));
    }

    /** SHA-256 of the full token, lower-case hex: what {@code api_keys.key_hash} stores. */
    public static String hash(String token) {
        return HexFormat.of().formatHex(sha256(token));
    }

    /** Constant-time check of a token against a stored hex hash. */
    public static boolean matches(String token, String storedHash) {
        if (token == null || storedHash == null) {
            return false;
        }
        byte[] expected;
        try {
            expected = HexFormat.of().parseHex(storedHash);
        } catch (IllegalArgumentException e) {
            return false;
        }
        return MessageDigest.isEqual(sha256(token), expected);
    }

    /**
     * One digest per thread: {@code MessageDigest.getInstance} walks the provider list and the algorithm
     * constraints on every call, which cost more than the hash itself on every authenticated request.
     */
    private static final ThreadLocal<MessageDigest> SHA256 = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every Java platform", e);
        }
    });

    private static byte[] sha256(String token) {
        MessageDigest digest = SHA256.get();
        digest.reset();
        return digest.digest(token.getBytes(StandardCharsets.UTF_8));
    }
}
