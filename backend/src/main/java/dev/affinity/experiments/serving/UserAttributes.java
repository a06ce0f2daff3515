package dev.affinity.experiments.serving;

import dev.affinity.tenants.TenantId;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Users' attributes (the {@code users} table) for experiment targeting, cached per (tenant, user) so a
 * targeted experiment costs no SQL per request once warm. Read only for experiments that have targeting.
 * Bounded (least recently used dropped) and re-read after {@link #TTL_NANOS}: attributes change rarely and
 * a minute-late targeting decision is harmless. The lock is held only for a map operation, never across I/O.
 */
final class UserAttributes {
  static final int CAPACITY = 100_000;
  static final long TTL_NANOS = 60_000_000_000L;
  private static final String SELECT = "select attributes from users where tenant_id = $1 and id = $2";

  private record Key(TenantId tenant, String user) {
  }

  private record Held(Future<JsonObject> value, long expiresAtNanos) {
  }

  private final Pool pool;
  private final Map<Key, Held> cache = new LinkedHashMap<>(16, 0.75f, true) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<Key, Held> eldest) {
      return size() > CAPACITY;
    }
  };

  UserAttributes(Pool pool) {
    this.pool = pool;
  }

  /** The user's attributes; an unknown user has none (an empty object). */
  Future<JsonObject> of(TenantId tenant, String user) {
    Key key = new Key(tenant, user);
    long now = System.nanoTime();
    Held held;
    synchronized (cache) {
      held = cache.get(key);
      if (held != null && !held.value().failed() && now - held.expiresAtNanos() < 0) {
        return held.value();
      }
    }
    Future<JsonObject> load = pool.preparedQuery(SELECT).execute(Tuple.of(tenant.value(), user)).map(rows -> {
      if (rows.size() == 0) {
        return new JsonObject();
      }
      Object a = rows.iterator().next().getValue(0);
      return a instanceof JsonObject j ? j : new JsonObject();
    });
    Held fresh = new Held(load, now + TTL_NANOS);
    synchronized (cache) {
      cache.put(key, fresh);
    }
    load.onFailure(e -> {
      synchronized (cache) {
        cache.remove(key, fresh);
      }
    });
    return load;
  }
}
