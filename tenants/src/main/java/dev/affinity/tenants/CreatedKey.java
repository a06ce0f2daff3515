package dev.affinity.tenants;

import java.time.Instant;
import java.util.Set;

/** A newly created API key; {@code apiKey} is the plaintext token, shown once and never stored in clear. */
public record CreatedKey(String keyId, String name, Set<Scope> scopes, Instant createdAt, String apiKey) {
    @Override
    public String toString() {
        return "CreatedKey[keyId=" + keyId + ", name=" + name + ", scopes=" + scopes + ", apiKey=<redacted>]";
    }
}
