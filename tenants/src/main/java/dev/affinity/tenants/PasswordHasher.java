package dev.affinity.tenants;

import com.password4j.Argon2Function;
import com.password4j.Password;
import com.password4j.types.Argon2;

/**
 * argon2id password hashing for admin users, with explicit parameters (OWASP's recommended
 * minimum: 19 MiB memory, 2 iterations, parallelism 1; 16-byte salt, 32-byte hash) rather than
 * library defaults, so a library upgrade cannot silently weaken stored hashes.
 *
 * <p>Both operations are deliberately slow (tens of milliseconds) and CPU/memory heavy: call them
 * only from a worker thread ({@code vertx.executeBlocking}), never from an event loop.
 * Thread-safe.
 */
public final class PasswordHasher {

    /** Shortest accepted password. */
    public static final int MIN_LENGTH = 8;
    /** Longest accepted password; bounds the hashing work an anonymous caller can cause. */
    public static final int MAX_LENGTH = 1024;
    static final int MEMORY_KIB = 19456;
    static final int ITERATIONS = 2;
    static final int PARALLELISM = 1;
    static final int SALT_BYTES = 16;
    static final int HASH_BYTES = 32;

    private static final Argon2Function ARGON2 =
            Argon2Function.getInstance(MEMORY_KIB, ITERATIONS, PARALLELISM, HASH_BYTES, Argon2.ID);

    /** Validates a new password and returns its argon2id hash in PHC string form. */
    public String hash(String password) {
        validate(password);
        return Password.hash(password).addRandomSalt(SALT_BYTES).with(ARGON2).getResult();
    }

    /** Whether the password matches the stored hash; false (never an exception) for a malformed hash. */
    public boolean verify(String password, String hash) {
        if (password == null || hash == null || password.length() > MAX_LENGTH || !hash.startsWith("$argon2id$")) {
            return false;
        }
        try {
            return ARGON2.check(password, hash);
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** Throws {@link TenantValidationException} unless the password is acceptable for a new account. */
    public static void validate(String password) {
        if (password == null || password.length() < MIN_LENGTH) {
            throw new TenantValidationException("password must be at least " + MIN_LENGTH + " characters long");
        }
        if (password.length() > MAX_LENGTH) {
            throw new TenantValidationException("password must be at most " + MAX_LENGTH + " characters long");
        }
    }
}
