package dev.affinity.tenants;

import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Per-tenant token bucket: a tenant may burst up to one second's worth of requests and then
 * sustains its limit per second. One bucket per tenant, O(1) per call, thread-safe (buckets are
 * locked individually, so tenants never contend with each other). Local to a node: with N nodes
 * behind a balancer a tenant gets up to N times its limit, which is accepted in exchange for no
 * network hop per request. The clock is injectable so tests need no sleeps.
 */
public final class RateLimiter {

    private static final long NANOS_PER_SECOND = 1_000_000_000L;

    private final LongSupplier nanoClock;
    private final ConcurrentHashMap<TenantId, Bucket> buckets = new ConcurrentHashMap<>();

    /** A limiter on the system's monotonic clock. */
    public RateLimiter() {
        this(System::nanoTime);
    }

    /** A limiter on the given monotonic nanosecond clock. */
    public RateLimiter(LongSupplier nanoClock) {
        this.nanoClock = Objects.requireNonNull(nanoClock, "nanoClock");
    }

    /**
     * Takes one permit for the tenant. Empty when allowed; otherwise the whole seconds (at least
     * 1) after which a retry will be allowed, for {@code Retry-After}.
     */
    public Optional<Long> tryAcquire(TenantId tenant, int permitsPerSecond) {
        Objects.requireNonNull(tenant, "tenant");
        if (permitsPerSecond <= 0) {
            throw new IllegalArgumentException("permitsPerSecond must be positive");
        }
        long now = nanoClock.getAsLong();
        Bucket bucket = buckets.computeIfAbsent(tenant, t -> new Bucket(permitsPerSecond, now));
        long waitNanos = bucket.take(permitsPerSecond, now);
        if (waitNanos == 0) {
            return Optional.empty();
        }
        return Optional.of(Math.max(1, (waitNanos + NANOS_PER_SECOND - 1) / NANOS_PER_SECOND));
    }

    private static final class Bucket {
        private double tokens;
        private long lastNanos;

        Bucket(int capacity, long now) {
            this.tokens = capacity;
            this.lastNanos = now;
        }

        /** 0 when a permit was taken, else nanoseconds until one will be available. */
        synchronized long take(int rate, long now) {
            long elapsed = Math.max(0, now - lastNanos);
            lastNanos = Math.max(lastNanos, now);
            tokens = Math.min(rate, tokens + (double) elapsed * rate / NANOS_PER_SECOND);
            if (tokens >= 1) {
                tokens -= 1;
                return 0;
            }
            return (long) Math.ceil((1 - tokens) * NANOS_PER_SECOND / rate);
        }
    }
}
