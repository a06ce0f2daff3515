package dev.affinity.tenants;

/** The request clashes with existing state, such as a tenant name or admin email already taken. Maps to HTTP 409. */
public final class TenantConflictException extends TenantException {

    public TenantConflictException(String message) {
        super(message);
    }

    @Override
    public int status() {
        return 409;
    }

    @Override
    public String title() {
        return "Conflict";
    }
}
