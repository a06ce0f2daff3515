package dev.affinity.tenants;

/** No valid credential was presented (missing, unknown, revoked or expired). Maps to HTTP 401. */
public final class UnauthorizedException extends TenantException {

    public UnauthorizedException(String message) {
        super(message);
    }

    @Override
    public int status() {
        return 401;
    }

    @Override
    public String title() {
        return "Unauthorized";
    }
}
