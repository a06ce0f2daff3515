package dev.affinity.tenants;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PasswordHasherTest {

    private final PasswordHasher hasher = new PasswordHasher();

    @Test
    void hashIsArgon2idWithTheConfiguredParametersAndVerifies() {
        String hash = hasher.hash("correct horse battery");
        assertTrue(hash.startsWith("$argon2id$v=19$m=19456,t=2,p=1$"), hash);
        assertTrue(hasher.verify("correct horse battery", hash));
        assertFalse(hasher.verify("correct horse batterY", hash));
        assertFalse(hasher.verify("", hash));
    }

    @Test
    void saltMakesEveryHashDifferent() {
        String a = hasher.hash("same password");
        String b = hasher.hash("same password");
        assertNotEquals(a, b);
        assertTrue(hasher.verify("same password", a));
        assertTrue(hasher.verify("same password", b));
    }

    @Test
    void shortPasswordsAreRejectedWithATypedError() {
        TenantValidationException e = assertThrows(TenantValidationException.class, () -> hasher.hash("1234567"));
        assertTrue(e.getMessage().contains("8"));
        assertThrows(TenantValidationException.class, () -> hasher.hash(null));
        assertThrows(TenantValidationException.class, () -> hasher.hash("x".repeat(PasswordHasher.MAX_LENGTH + 1)));
        assertTrue(e.status() == 400);
    }

    @Test
    void malformedStoredHashesNeverVerify() {
        assertFalse(hasher.verify("password1", "plain"));
        assertFalse(hasher.verify("password1", "$argon2id$garbage"));
        assertFalse(hasher.verify("password1", null));
    }
}
