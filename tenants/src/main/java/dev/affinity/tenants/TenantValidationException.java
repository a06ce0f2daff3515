package dev.affinity.tenants;

/** Input was rejected before anything was stored (bad name, email, password, scopes...). Maps to HTTP 400. */
public final class TenantValidationException extends TenantException {

    public TenantValidationException(String message) {
        super(message);
    }

    @Override
    public int status() {
        return 400;
    }

    @Override
    public String title() {
        return "Invalid request";
    }
}
