package dev.affinity.recommend.serving;

import dev.affinity.tenants.TenantId;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BiFunction;

/**
 * This node's copy of users' histories (their positively-weighted items with summed weights, exactly what
 * {@link ServingStore#history} returns), so a recommendation for a known user needs no SQL. Keyed by
 * (tenant, user): one tenant's entries can never answer for another.
 *
 * <p>Bounded: {@link #SEGMENTS} access-ordered {@link LinkedHashMap}s, each holding {@code capacity /
 * SEGMENTS} users and dropping its least recently used entry beyond that; a segment lock is held only for
 * a map operation, never across I/O. A miss stores the pending load at once, so concurrent misses for one
 * user share one query. Freshness: {@link #evict} on every change message ({@link ServingEvents}); an entry
 * older than about {@link #TTL_NANOS} is re-read anyway, which bounds the damage of a lost message. That
 * re-read happens in the background while the expired copy keeps answering (stale-while-revalidate), and
 * each entry's deadline is jittered by up to a quarter of the TTL: otherwise every user loaded in one burst
 * would expire in the same instant and queue a burst of queries in front of live requests. Evicting an
 * entry whose load is still in flight drops it too, so a load that read the database before the change
 * committed is served at most to the requests already waiting for it.
 */
final class HistoryCache {
  static final int DEFAULT_CAPACITY = 200_000;
  static final long TTL_NANOS = 60_000_000_000L;
  static final int SEGMENTS = 16;

  private record Key(TenantId tenant, String user) {
  }

  /** A history, loaded or loading, when it is due for a re-read, and whether one is under way. */
  private record Held(Future<UserHistory> value, long expiresAtNanos, AtomicBoolean refreshing) {
  }

  private static final class Segment extends LinkedHashMap<Key, Held> {
    private final int capacity;

    Segment(int capacity) {
      super(16, 0.75f, true);
      this.capacity = capacity;
    }

    @Override
    protected boolean removeEldestEntry(Map.Entry<Key, Held> eldest) {
      return size() > capacity;
    }
  }

  private final Segment[] segments = new Segment[SEGMENTS];
  private final BiFunction<TenantId, String, Future<UserHistory>> loader;
  private final long ttlNanos;

  HistoryCache(int capacity, long ttlNanos, BiFunction<TenantId, String, Future<UserHistory>> loader) {
    for (int s = 0; s < SEGMENTS; s++) {
      segments[s] = new Segment(Math.max(1, capacity / SEGMENTS));
    }
    this.loader = loader;
    this.ttlNanos = ttlNanos;
  }

  /** The user's history: at once when cached, else from one shared load. */
  Future<UserHistory> get(TenantId tenant, String user) {
    Key key = new Key(tenant, user);
    Segment segment = segment(key);
    long now = System.nanoTime();
    Held entry;
    Promise<UserHistory> promise = null;
    Held stale = null;
    synchronized (segment) {
      entry = segment.get(key);
      if (entry == null || entry.value().failed()) {
        promise = Promise.promise();
        entry = new Held(promise.future(), expiry(now), new AtomicBoolean());
        segment.put(key, entry);
      } else if (entry.value().succeeded() && now - entry.expiresAtNanos() > 0
          && entry.refreshing().compareAndSet(false, true)) {
        stale = entry;
      }
    }
    if (stale != null) {
      refresh(tenant, user, key, segment, stale);
    }
    if (promise != null) {
      Held mine = entry;
      Promise<UserHistory> p = promise;
      loader.apply(tenant, user).onComplete(ar -> {
        if (ar.failed()) {
          remove(key, mine);
        }
        p.handle(ar);
      });
    }
    return entry.value();
  }

  /** Re-reads an expired entry in the background; the result replaces it unless it was evicted meanwhile. */
  private void refresh(TenantId tenant, String user, Key key, Segment segment, Held stale) {
    loader.apply(tenant, user).onComplete(ar -> {
      if (ar.failed()) {
        stale.refreshing().set(false);
        return;
      }
      Held fresh = new Held(Future.succeededFuture(ar.result()), expiry(System.nanoTime()), new AtomicBoolean());
      synchronized (segment) {
        segment.replace(key, stale, fresh);
      }
    });
  }

  private long expiry(long now) {
    return now + ttlNanos - ThreadLocalRandom.current().nextLong(ttlNanos / 4 + 1);
  }

  /** Forgets these users of the tenant (loaded or loading); the next request reads them again. */
  void evict(TenantId tenant, Iterable<String> users) {
    for (String user : users) {
      Key key = new Key(tenant, user);
      Segment segment = segment(key);
      synchronized (segment) {
        segment.remove(key);
      }
    }
  }

  /** Cached users over all tenants (loaded or loading); for tests and diagnostics. */
  int size() {
    int n = 0;
    for (Segment s : segments) {
      synchronized (s) {
        n += s.size();
      }
    }
    return n;
  }

  private void remove(Key key, Held entry) {
    Segment segment = segment(key);
    synchronized (segment) {
      segment.remove(key, entry);
    }
  }

  /**
   * The segment from the top bits of a multiplicative hash. Not from the low bits: each segment's map
   * picks buckets from the low bits of the same spread hash, so keys sharing those bits would crowd a
   * sixteenth of its buckets into long (treeified, equals-heavy) chains.
   */
  private Segment segment(Key key) {
    return segments[(key.hashCode() * 0x9E3779B9) >>> (Integer.SIZE - Integer.numberOfTrailingZeros(SEGMENTS))];
  }
}
