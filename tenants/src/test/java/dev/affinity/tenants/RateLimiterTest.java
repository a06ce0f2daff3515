package dev.affinity.tenants;

import org.junit.jupiter.api.Test;

import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RateLimiterTest {

    private final AtomicLong nanos = new AtomicLong(1_000_000_000L);
    private final RateLimiter limiter = new RateLimiter(nanos::get);
    private final TenantId a = new TenantId(UUID.fromString("00000000-0000-0000-0000-00000000000a"));
    private final TenantId b = new TenantId(UUID.fromString("00000000-0000-0000-0000-00000000000b"));

    @Test
    void burstUpToTheLimitThenRefusedWithRetryAfter() {
        for (int i = 0; i < 10; i++) {
            assertEquals(Optional.empty(), limiter.tryAcquire(a, 10), "request " + i);
        }
        assertEquals(Optional.of(1L), limiter.tryAcquire(a, 10));
        assertEquals(Optional.empty(), limiter.tryAcquire(b, 10), "tenants have separate buckets");
    }

    @Test
    void refillsOverTime() {
        for (int i = 0; i < 10; i++) {
            limiter.tryAcquire(a, 10);
        }
        assertTrue(limiter.tryAcquire(a, 10).isPresent());
        nanos.addAndGet(100_000_000L); // 0.1 s at 10/s = one permit
        assertEquals(Optional.empty(), limiter.tryAcquire(a, 10));
        assertTrue(limiter.tryAcquire(a, 10).isPresent());
        nanos.addAndGet(10_000_000_000L); // long idle: refill caps at one second's burst
        for (int i = 0; i < 10; i++) {
            assertEquals(Optional.empty(), limiter.tryAcquire(a, 10));
        }
        assertTrue(limiter.tryAcquire(a, 10).isPresent());
    }

    @Test
    void slowLimitsGiveLongerRetryAfter() {
        TenantId slow = TenantId.random();
        // A limit below one per second cannot be expressed; 1/s: second call must wait one second.
        assertEquals(Optional.empty(), limiter.tryAcquire(slow, 1));
        assertEquals(Optional.of(1L), limiter.tryAcquire(slow, 1));
        nanos.addAndGet(999_000_000L);
        assertEquals(Optional.of(1L), limiter.tryAcquire(slow, 1), "rounded up, never 0");
        nanos.addAndGet(1_000_000L);
        assertEquals(Optional.empty(), limiter.tryAcquire(slow, 1));
    }

    @Test
    void clockGoingBackwardsDoesNotMintPermits() {
        assertEquals(Optional.empty(), limiter.tryAcquire(a, 1));
        nanos.addAndGet(-5_000_000_000L);
        assertTrue(limiter.tryAcquire(a, 1).isPresent());
    }
}
