package dev.affinity.recommend.serving;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.affinity.tenants.TenantId;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The history cache's own rules, with a loader that records its calls and completes them by hand. */
class HistoryCacheTest {
  static final TenantId A = TenantId.random();
  static final TenantId B = TenantId.random();

  /** Loads recorded in call order; each completes when the test says so. */
  static final class Loads {
    final List<String> calls = new ArrayList<>();
    final List<Promise<UserHistory>> pending = new ArrayList<>();

    synchronized Future<UserHistory> load(TenantId tenant, String user) {
      calls.add((tenant == A ? "A:" : "B:") + user);
      Promise<UserHistory> p = Promise.promise();
      pending.add(p);
      return p.future();
    }

    void completeAll() {
      for (Promise<UserHistory> p : pending) {
        p.tryComplete(new UserHistory(List.of("i" + pending.indexOf(p)), new float[] {1f}));
      }
    }
  }

  @Test
  void concurrentMissesShareOneLoadAndHitsNeedNone() {
    Loads loads = new Loads();
    HistoryCache cache = new HistoryCache(1000, HistoryCache.TTL_NANOS, loads::load);
    Future<UserHistory> first = cache.get(A, "u1");
    Future<UserHistory> second = cache.get(A, "u1");
    assertSame(first, second, "a second miss while loading waits for the same load");
    loads.completeAll();
    assertTrue(cache.get(A, "u1").succeeded(), "a hit is answered at once");
    assertEquals(List.of("A:u1"), loads.calls);
  }

  @Test
  void tenantsNeverShareEntriesAndEvictionIsPerTenant() {
    Loads loads = new Loads();
    HistoryCache cache = new HistoryCache(1000, HistoryCache.TTL_NANOS, loads::load);
    cache.get(A, "u1");
    cache.get(B, "u1");
    loads.completeAll();
    cache.evict(B, Set.of("u1"));
    cache.get(A, "u1");
    cache.get(B, "u1");
    assertEquals(List.of("A:u1", "B:u1", "B:u1"), loads.calls);
  }

  @Test
  void evictingALoadInFlightMakesTheNextRequestReadAgain() {
    Loads loads = new Loads();
    HistoryCache cache = new HistoryCache(1000, HistoryCache.TTL_NANOS, loads::load);
    Future<UserHistory> stale = cache.get(A, "u1");
    cache.evict(A, Set.of("u1"));
    loads.completeAll();
    assertTrue(stale.succeeded(), "those already waiting are answered");
    cache.get(A, "u1");
    assertEquals(List.of("A:u1", "A:u1"), loads.calls, "the load that may predate the change is not kept");
  }

  @Test
  void failedLoadsAndExpiredEntriesAreReadAgain() throws InterruptedException {
    Loads loads = new Loads();
    HistoryCache cache = new HistoryCache(1000, 1_000_000L, loads::load);
    Future<UserHistory> failed = cache.get(A, "u1");
    loads.pending.getFirst().fail("database down");
    assertTrue(failed.failed());
    cache.get(A, "u1");
    loads.completeAll();
    UserHistory first = cache.get(A, "u1").result();
    Thread.sleep(5);
    Future<UserHistory> expired = cache.get(A, "u1");
    assertSame(first, expired.result(), "an expired entry keeps answering while it is re-read");
    cache.get(A, "u1");
    assertEquals(List.of("A:u1", "A:u1", "A:u1"), loads.calls, "after a failure and once after the TTL");
    loads.completeAll();
    assertTrue(cache.get(A, "u1").result() != first, "the re-read replaces the expired entry");
  }

  @Test
  void theSizeStaysBounded() {
    Loads loads = new Loads();
    HistoryCache cache = new HistoryCache(HistoryCache.SEGMENTS * 10, HistoryCache.TTL_NANOS, loads::load);
    for (int u = 0; u < 10_000; u++) {
      cache.get(A, "u" + u);
    }
    assertTrue(cache.size() <= HistoryCache.SEGMENTS * 10, "size " + cache.size());
    assertTrue(cache.size() >= HistoryCache.SEGMENTS * 5, "size " + cache.size());
  }
}
