package dev.affinity.tenants;

import java.time.Instant;

/** Public facts about a tenant, as the operator and the tenant's own admins may see them. */
public record TenantInfo(TenantId id, String name, Instant createdAt, int rateLimitPerSecond, long maxEvents) {
}
