package dev.affinity.recommend.serving;

import dev.affinity.tenants.TenantId;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.util.LinkedHashMap;
import java.util.Map;
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
 * older than {@link #TTL_NANOS} is re-read anyway, which bounds the damage of a lost message. Evicting an
 * entry whose load is still in flight drops it too, so a load that read the database before the change
 * committed is served at most to the requests already waiting for it.
 */
final class HistoryCache {
  static final int DEFAULT_CAPACITY = 200_000;
  static final long TTL_NANOS = 60_000_000_000L;
  static final int SEGMENTS = 16;

  private record Key(TenantId tenant, String user) {
  }

  /** A history, loaded or loading, and when its load started. */
  private record Held(Future<UserHistory> value, long loadedAtNanos) {
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
    synchronized (segment) {
      entry = segment.get(key);
      if (entry == null || entry.value().failed()
          || entry.value().isComplete() && now - entry.loadedAtNanos() > ttlNanos) {
        promise = Promise.promise();
        entry = new Held(promise.future(), now);
        segment.put(key, entry);
      }
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

  private Segment segment(Key key) {
    int h = key.hashCode();
    return segments[(h ^ (h >>> 16)) & (SEGMENTS - 1)];
  }
}
