package dev.affinity.recommend.serving;

import dev.affinity.recommend.EventWeights;
import dev.affinity.tenants.TenantId;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The SQL the serving path needs, each one round trip with {@code tenant_id} first so it runs on the
 * tables' leading index columns: a user's history and a tenant's catalogue (both read on cache misses
 * only, see {@link HistoryCache} and {@link CatalogueCache}), stored model payloads, and live popularity
 * for tenants that never trained.
 */
final class ServingStore {
  /** A stored payload with its version. */
  record Stored(long version, byte[] payload) {
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

  /** The newest version trained as {@code name}, or empty when the tenant never trained it. */
  Future<Optional<Long>> latestVersion(TenantId tenant, String name) {
    return pool.preparedQuery("select max(version) from models where tenant_id = $1 and name = $2")
        .execute(Tuple.of(tenant.value(), name))
        .map(rows -> Optional.ofNullable(rows.iterator().next().getLong(0)));
  }

  private static Stored stored(Row r) {
    return new Stored(r.getLong(0), r.getBuffer(1).getBytes());
  }

  /**
   * Every item the user interacted with and their summed weights, clamped at 0: items whose weights
   * cancel out or are negative (a dislike) still count as seen, so they are never recommended back,
   * but add nothing to the scores. Oldest first, by each item's latest event, as
   * {@code Recommender.scoreHistory} expects (sequence-aware models weight the recent end).
   */
  Future<UserHistory> history(TenantId tenant, String userId) {
    return pool.preparedQuery("select item_id, greatest(sum(" + EventWeights.SQL + "), 0) as w from events "
            + "where tenant_id = $1 and user_id = $2 group by item_id order by max(ts), item_id")
        .execute(Tuple.of(tenant.value(), userId))
        .map(rows -> {
          if (rows.size() == 0) {
            return UserHistory.EMPTY;
          }
          List<String> items = new ArrayList<>(rows.size());
          float[] weights = new float[rows.size()];
          for (Row r : rows) {
            weights[items.size()] = r.getDouble(1).floatValue();
            items.add(r.getString(0));
          }
          return new UserHistory(items, weights);
        });
  }

  /** The tenant's whole catalogue as serving filters it (one query, on first use and on reload). */
  Future<Map<String, Catalogue.Item>> catalogue(TenantId tenant) {
    return pool.preparedQuery("select id, active, categories from items where tenant_id = $1 "
            + "and deleted_at is null")
        .execute(Tuple.of(tenant.value()))
        .map(ServingStore::items);
  }

  /** Those of the ids that exist for the tenant (absent id = no such item); re-read after a change. */
  // (Object) casts keep a String[] from being spread into Tuple.of's varargs.
  Future<Map<String, Catalogue.Item>> catalogueItems(TenantId tenant, Collection<String> ids) {
    return pool.preparedQuery("select id, active, categories from items where tenant_id = $1 and id = any($2) "
            + "and deleted_at is null")
        .execute(Tuple.of(tenant.value(), (Object) ids.toArray(new String[0])))
        .map(ServingStore::items);
  }

  private static Map<String, Catalogue.Item> items(RowSet<Row> rows) {
    Map<String, Catalogue.Item> out = new HashMap<>(Math.max(16, rows.size() * 2));
    for (Row r : rows) {
      String[] categories = r.getArrayOfStrings(2);
      out.put(r.getString(0), new Catalogue.Item(r.getBoolean(1), categories == null ? new String[0] : categories));
    }
    return out;
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
