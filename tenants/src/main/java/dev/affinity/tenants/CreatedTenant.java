package dev.affinity.tenants;

/**
 * Result of {@link TenantRegistry#create}: the new tenant and its first API key ("default", all
 * scopes) in plaintext. The key is shown to the operator exactly once and never stored in clear.
 */
public record CreatedTenant(TenantId id, String name, String apiKey) {
    @Override
    public String toString() {
        return "CreatedTenant[id=" + id + ", name=" + name + ", apiKey=<redacted>]";
    }
}
