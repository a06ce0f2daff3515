package dev.affinity.tenants;

import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * Bounded, time-limited cache of verified API keys, keyed by key id, so the request hot path
 * needs no database query. Entries keep the token hash, so a cached key id never vouches for a
 * different secret. Eviction leaves a short tombstone: a lookup that read the database just
 * before a revocation cannot re-insert the revoked key after the eviction arrived.
 *
 * <p>Thread-safe (event loops on several threads share it); O(1) on the hot path. When full, it
 * first drops expired entries and then arbitrary ones — a cache miss only costs one query.
 */
final class KeyCache {

    /** A verified key: its hash (hex), principal, the tenant's rate limit, and last-used bookkeeping. */
    record Entry(String keyHash, Principal principal, int rateLimitPerSecond, long expiresAtMillis,
                 AtomicLong lastTouchedMillis) {
        boolean tombstone() {
            return principal == null;
        }
    }

    private final ConcurrentHashMap<String, Entry> entries = new ConcurrentHashMap<>();
    private final int maxEntries;
    private final long ttlMillis;
    private final LongSupplier clock;

    KeyCache(int maxEntries, long ttlMillis, LongSupplier clockMillis) {
        if (maxEntries <= 0 || ttlMillis <= 0) {
            throw new IllegalArgumentException("maxEntries and ttlMillis must be positive");
        }
        this.maxEntries = maxEntries;
        this.ttlMillis = ttlMillis;
        this.clock = clockMillis;
    }

    long now() {
        return clock.getAsLong();
    }

    /** The live (not expired, not tombstoned) entry for this key id, or null. */
    Entry get(String keyId) {
        Entry e = entries.get(keyId);
        if (e == null || e.tombstone()) {
            return null;
        }
        if (e.expiresAtMillis() <= now()) {
            entries.remove(keyId, e);
            return null;
        }
        return e;
    }

    /** Caches a verified key unless it was evicted (tombstoned) in the meantime; returns the entry. */
    Entry put(String keyId, String keyHash, Principal principal, int rateLimit) {
        long now = now();
        Entry fresh = new Entry(keyHash, principal, rateLimit, now + ttlMillis, new AtomicLong(Long.MIN_VALUE));
        if (entries.size() >= maxEntries) {
            makeRoom(now);
        }
        Entry result = entries.compute(keyId, (k, old) ->
                old != null && old.tombstone() && old.expiresAtMillis() > now ? old : fresh);
        return result == fresh ? fresh : null;
    }

    /** Drops the key and blocks re-insertion for one TTL. */
    void evict(String keyId) {
        entries.put(keyId, new Entry(null, null, 0, now() + ttlMillis, new AtomicLong()));
    }

    int size() {
        return entries.size();
    }

    private void makeRoom(long now) {
        entries.entrySet().removeIf(e -> e.getValue().expiresAtMillis() <= now);
        Iterator<Map.Entry<String, Entry>> it = entries.entrySet().iterator();
        while (entries.size() >= maxEntries && it.hasNext()) {
            it.next();
            it.remove();
        }
    }
}
