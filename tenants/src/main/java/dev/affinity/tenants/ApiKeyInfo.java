package dev.affinity.tenants;

import java.time.Instant;
import java.util.Set;

/**
 * What a tenant admin may see about an API key. Never carries the hash or the secret.
 *
 * @param revokedAt when the key was revoked, or {@code null} while it is active
 */
public record ApiKeyInfo(String keyId, String name, Set<Scope> scopes, Instant createdAt, Instant revokedAt) {
}
