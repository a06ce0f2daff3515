package dev.affinity.catalog;

import dev.affinity.tenants.TenantId;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.util.Optional;

/** The {@code users} table (and, for erasure, the user's events). Every statement is scoped by tenant. */
final class UserStore {
  private static final String UPSERT = """
      insert into users (tenant_id, id, attributes)
      select $1, r.id, r.attributes::jsonb from unnest($2::text[], $3::text[]) as r(id, attributes)
      on conflict (tenant_id, id) do update set attributes = excluded.attributes""";

  private final Pool pool;

  UserStore(Pool pool) {
    this.pool = pool;
  }

  /** Ids must be unique and sorted (a fixed lock order keeps concurrent batches from deadlocking). */
  Future<Integer> upsert(TenantId tenant, String[] ids, String[] attributes) {
    return pool.preparedQuery(UPSERT)
        .execute(Tuple.of(tenant.value(), ids, attributes))
        .map(rows -> rows.rowCount());
  }

  /** The user with their event count. */
  Future<Optional<JsonObject>> get(TenantId tenant, String id) {
    return pool.preparedQuery("select u.id, u.attributes, (select count(*) from events e"
            + " where e.tenant_id = $1 and e.user_id = $2) as events from users u where u.tenant_id = $1 and u.id = $2")
        .execute(Tuple.of(tenant.value(), id))
        .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(toJson(rows.iterator().next())));
  }

  /**
   * Erases the user and all their events in one transaction, so an erasure is never half done.
   * True when there was anything to erase.
   */
  Future<Boolean> erase(TenantId tenant, String id) {
    Tuple key = Tuple.of(tenant.value(), id);
    return pool.withTransaction(conn -> conn.preparedQuery("delete from events where tenant_id = $1 and user_id = $2")
        .execute(key)
        .compose(events -> conn.preparedQuery("delete from users where tenant_id = $1 and id = $2").execute(key)
            .map(users -> events.rowCount() + users.rowCount() > 0)));
  }

  private static JsonObject toJson(Row row) {
    return new JsonObject()
        .put("id", row.getString("id"))
        .put("attributes", row.getJsonObject("attributes"))
        .put("events", row.getLong("events"));
  }
}
