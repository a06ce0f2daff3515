package dev.affinity.tenants;

import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;

import java.util.Objects;
import java.util.function.Function;

/**
 * Route handler, placed after {@link TenantGuard}, that applies the tenant's requests-per-second
 * limit and fails with {@link RateLimitedException} (429, {@code Retry-After} header already set)
 * when it is exceeded. The operator is not limited. The limit lookup must not block; the usual one
 * is {@link ApiKeyService#rateLimitFor}, whose value travels with the cached API-key lookup, so the
 * hot path does no database query.
 */
public final class RateLimitHandler implements Handler<RoutingContext> {

    private final RateLimiter limiter;
    private final Function<TenantId, Integer> limitLookup;

    public RateLimitHandler(RateLimiter limiter, Function<TenantId, Integer> limitLookup) {
        this.limiter = Objects.requireNonNull(limiter, "limiter");
        this.limitLookup = Objects.requireNonNull(limitLookup, "limitLookup");
    }

    @Override
    public void handle(RoutingContext ctx) {
        TenantId tenant = TenantGuard.principal(ctx).tenantId();
        if (tenant == null) {
            ctx.next();
            return;
        }
        Integer limit = limitLookup.apply(tenant);
        int perSecond = limit == null || limit <= 0 ? ApiKeyService.DEFAULT_RATE_LIMIT : limit;
        var retryAfter = limiter.tryAcquire(tenant, perSecond);
        if (retryAfter.isPresent()) {
            ctx.response().putHeader("Retry-After", Long.toString(retryAfter.get()));
            ctx.fail(new RateLimitedException(retryAfter.get()));
            return;
        }
        ctx.next();
    }
}
