package dev.affinity.recommend.serving;

import dev.affinity.recommend.EventWeights;
import dev.affinity.tenants.TenantId;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The SQL the serving path needs, each one round trip with {@code tenant_id} first so it runs on the
 * tables' leading index columns: a user's history, the catalogue filter over candidates, stored model
 * payloads, and live popularity for tenants that never trained.
 */
final class ServingStore {
  /** A stored payload with its version. */
  record Stored(long version, byte[] payload) {
  }

  /** A user's positively-weighted items with their summed weights. */
  record History(List<String> items, float[] weights) {
    static final History EMPTY = new History(List.of(), new float[0]);
  }

  private final Pool pool;

  ServingStore(Pool pool) {
    this.pool = pool;
  }

  Future<Optional<Stored>> active(TenantId tenant) {
    return pool.preparedQuery("select m.version, m.payload from tenant_settings s join models m "
            + "on m.tenant_id = s.tenant_id and m.version = s.active_version where s.tenant_id = $1")
        .execute(Tuple.of(tenant.value()))
        .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(stored(rows.iterator().next())));
  }

  Future<Optional<Stored>> version(TenantId tenant, long version) {
    return pool.preparedQuery("select version, payload from models where tenant_id = $1 and version = $2")
        .execute(Tuple.of(tenant.value(), version))
        .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(stored(rows.iterator().next())));
  }

  private static Stored stored(Row r) {
    return new Stored(r.getLong(0), r.getBuffer(1).getBytes());
  }

  Future<History> history(TenantId tenant, String userId) {
    return pool.preparedQuery("select item_id, sum(" + EventWeights.SQL + ") as w from events "
            + "where tenant_id = $1 and user_id = $2 group by item_id having sum(" + EventWeights.SQL + ") > 0")
        .execute(Tuple.of(tenant.value(), userId))
        .map(rows -> {
          if (rows.size() == 0) {
            return History.EMPTY;
          }
          List<String> items = new ArrayList<>(rows.size());
          float[] weights = new float[rows.size()];
          for (Row r : rows) {
            weights[items.size()] = r.getDouble(1).floatValue();
            items.add(r.getString(0));
          }
          return new History(items, weights);
        });
  }

  /** The candidates that exist for the tenant, are active and (when given) carry the category. */
  Future<Set<String>> servable(TenantId tenant, Collection<String> ids, String category) {
    if (ids.isEmpty()) {
      return Future.succeededFuture(Set.of());
    }
    return pool.preparedQuery("select id from items where tenant_id = $1 and id = any($2) and active "
            + "and ($3::text is null or $3::text = any(categories))")
        .execute(Tuple.of(tenant.value(), (Object) ids.toArray(new String[0]), category))
        .map(rows -> {
          Set<String> out = new HashSet<>(rows.size() * 2);
          for (Row r : rows) {
            out.add(r.getString(0));
          }
          return out;
        });
  }

  /** Active flags of those ids that exist for the tenant (absent id = no such item). */
  // (Object) casts keep a String[] from being spread into Tuple.of's varargs.
  Future<Map<String, Boolean>> activeFlags(TenantId tenant, Collection<String> ids) {
    return pool.preparedQuery("select id, active from items where tenant_id = $1 and id = any($2)")
        .execute(Tuple.of(tenant.value(), (Object) ids.toArray(new String[0])))
        .map(rows -> {
          Map<String, Boolean> out = new HashMap<>(rows.size() * 2);
          for (Row r : rows) {
            out.put(r.getString(0), r.getBoolean(1));
          }
          return out;
        });
  }

  /**
   * Popularity computed from the events table, for tenants without a trained model: distinct users
   * with a positive summed weight per active item, most first, ties by id.
   */
  Future<List<Recommender.Scored>> livePopular(TenantId tenant, String category, Set<String> skip, int count) {
    return pool.preparedQuery("select p.item_id, count(*) as users from ("
            + "select user_id, item_id from events where tenant_id = $1 group by user_id, item_id "
            + "having sum(" + EventWeights.SQL + ") > 0) p "
            + "join items i on i.tenant_id = $1 and i.id = p.item_id "
            + "where i.active and ($2::text is null or $2::text = any(i.categories)) and not (p.item_id = any($3)) "
            + "group by p.item_id order by users desc, p.item_id limit $4")
        .execute(Tuple.of(tenant.value(), category, (Object) skip.toArray(new String[0]), count))
        .map(rows -> {
          List<Recommender.Scored> out = new ArrayList<>(rows.size());
          for (Row r : rows) {
            out.add(new Recommender.Scored(r.getString(0), r.getLong(1)));
          }
          return out;
        });
  }
}
