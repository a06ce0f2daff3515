package dev.affinity.tenants;

import java.util.Collections;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * The verified caller of a request, as established by {@link TenantGuard}. Handlers take the tenant
 * from here and only from here (never from the URL or body), which is what keeps tenants apart.
 *
 * @param tenantId the tenant the credential belongs to; {@code null} only for {@link Kind#OPERATOR}
 * @param scopes   what the credential may do (immutable)
 * @param subject  who: the API key id, the admin's email, or {@code "operator"}; safe to log
 * @param kind     which kind of credential was presented
 */
public record Principal(TenantId tenantId, Set<Scope> scopes, String subject, Kind kind) {

    /** The kind of credential behind a principal. */
    public enum Kind { API_KEY, ADMIN_SESSION, OPERATOR }

    public Principal {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(scopes, "scopes");
        if ((kind == Kind.OPERATOR) != (tenantId == null)) {
            throw new IllegalArgumentException("tenantId must be null exactly for OPERATOR principals");
        }
        scopes = scopes.isEmpty() ? Set.of() : Collections.unmodifiableSet(EnumSet.copyOf(scopes));
    }

    /** The platform operator: no tenant, every scope. */
    public static Principal operator() {
        return new Principal(null, EnumSet.allOf(Scope.class), "operator", Kind.OPERATOR);
    }

    /** Whether this principal holds the given scope. */
    public boolean has(Scope scope) {
        return scopes.contains(scope);
    }
}
