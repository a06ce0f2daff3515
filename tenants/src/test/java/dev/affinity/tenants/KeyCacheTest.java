package dev.affinity.tenants;

import org.junit.jupiter.api.Test;

import java.util.EnumSet;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class KeyCacheTest {

    private final AtomicLong millis = new AtomicLong(1_000);
    private final KeyCache cache = new KeyCache(3, 60_000, millis::get);
    private final Principal p = new Principal(TenantId.random(), EnumSet.of(Scope.INGEST), "k", Principal.Kind.API_KEY);

    @Test
    void entriesExpireAfterTheTtl() {
        assertNotNull(cache.put("a", "h", p, 10));
        assertNotNull(cache.get("a"));
        millis.addAndGet(60_000);
        assertNull(cache.get("a"));
    }

    @Test
    void sizeIsBounded() {
        for (int i = 0; i < 100; i++) {
            cache.put("k" + i, "h", p, 10);
        }
        assertTrue(cache.size() <= 3, "size " + cache.size());
        assertNotNull(cache.get("k99"), "the newest entry is kept");
    }

    @Test
    void evictionBlocksAStaleReinsertUntilTheTtlPasses() {
        cache.put("a", "h", p, 10);
        cache.evict("a");
        assertNull(cache.get("a"));
        assertNull(cache.put("a", "h", p, 10), "a lookup that raced the revocation must not re-cache");
        assertNull(cache.get("a"));
        millis.addAndGet(60_001);
        assertNotNull(cache.put("a", "h", p, 10));
        assertEquals(p, cache.get("a").principal());
    }
}
