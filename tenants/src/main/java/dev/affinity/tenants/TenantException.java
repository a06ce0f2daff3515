package dev.affinity.tenants;

/**
 * Base of every error the tenant control plane reports to a caller. Each subtype knows its HTTP
 * status and a short title, so the backend maps all of them to RFC 9457 problem+json in one
 * failure handler; the message is the problem's {@code detail} and must tell a person what to do.
 * Messages never contain secrets.
 */
public abstract class TenantException extends RuntimeException {

    protected TenantException(String message) {
        super(message, null, false, false);
    }

    /** HTTP status this error maps to. */
    public abstract int status();

    /** Short, stable, human-readable summary of the problem type (RFC 9457 {@code title}). */
    public abstract String title();
}
