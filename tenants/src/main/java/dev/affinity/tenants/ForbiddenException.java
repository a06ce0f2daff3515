package dev.affinity.tenants;

/** The credential is valid but lacks the scope or tenant binding the operation needs. Maps to HTTP 403. */
public final class ForbiddenException extends TenantException {

    public ForbiddenException(String message) {
        super(message);
    }

    @Override
    public int status() {
        return 403;
    }

    @Override
    public String title() {
        return "Forbidden";
    }
}
