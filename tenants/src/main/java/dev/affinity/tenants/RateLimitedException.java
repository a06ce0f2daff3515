package dev.affinity.tenants;

/**
 * The tenant sent more requests than its rate limit allows. Maps to HTTP 429; the backend's
 * failure handler should also send {@code Retry-After: }{@link #retryAfterSeconds()}.
 */
public final class RateLimitedException extends TenantException {

    private final long retryAfterSeconds;

    public RateLimitedException(long retryAfterSeconds) {
        super("rate limit exceeded for this tenant; retry after " + Math.max(1, retryAfterSeconds)
                + " s or ask the operator for a higher limit");
        this.retryAfterSeconds = Math.max(1, retryAfterSeconds);
    }

    /** Whole seconds the client should wait before retrying (at least 1). */
    public long retryAfterSeconds() {
        return retryAfterSeconds;
    }

    @Override
    public int status() {
        return 429;
    }

    @Override
    public String title() {
        return "Too many requests";
    }
}
