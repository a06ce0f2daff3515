package dev.affinity.catalog;

import dev.affinity.tenants.TenantId;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.util.Optional;

/** The {@code items} table. Every statement is scoped by tenant, which leads every key. */
final class ItemStore {
  /**
   * One statement for the whole batch: each column travels as one array. Categories go as JSON text per
   * row because PostgreSQL arrays cannot be ragged (no text[][] with rows of different lengths).
   */
  private static final String UPSERT = """
      insert into items (tenant_id, id, categories, attributes, text, active, ts, updated_at)
      select $1, r.id, array(select jsonb_array_elements_text(r.categories::jsonb)), r.attributes::jsonb,
             r.text, r.active, r.ts, now()
      from unnest($2::text[], $3::text[], $4::text[], $5::text[], $6::boolean[], $7::timestamptz[])
           as r(id, categories, attributes, text, active, ts)
      on conflict (tenant_id, id) do update set categories = excluded.categories,
          attributes = excluded.attributes, text = excluded.text, active = excluded.active, ts = excluded.ts,
          updated_at = now(), deleted_at = null""";

  private final Pool pool;

  ItemStore(Pool pool) {
    this.pool = pool;
  }

  /** Inserts or replaces all items atomically (one statement is one transaction). */
  Future<Integer> upsert(TenantId tenant, ItemBatch b) {
    return pool.preparedQuery(UPSERT)
        .execute(Tuple.of(tenant.value(), b.ids(), b.categories(), b.attributes(), b.texts(), b.active(),
            b.timestamps()))
        .map(rows -> rows.rowCount());
  }

  Future<Optional<JsonObject>> get(TenantId tenant, String id) {
    return pool.preparedQuery("select id, categories, attributes, text, active, ts from items"
            + " where tenant_id = $1 and id = $2 and deleted_at is null")
        .execute(Tuple.of(tenant.value(), id))
        .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(toJson(rows.iterator().next())));
  }

  /**
   * True when the item existed. Leaves a tombstone (see the V9 migration): the row stays, inactive and
   * emptied, so a later event for the item cannot bring it back; an upsert does.
   */
  Future<Boolean> delete(TenantId tenant, String id) {
    return pool.preparedQuery("update items set deleted_at = now(), active = false, categories = '{}', "
            + "attributes = '{}', text = null, updated_at = now() "
            + "where tenant_id = $1 and id = $2 and deleted_at is null")
        .execute(Tuple.of(tenant.value(), id))
        .map(rows -> rows.rowCount() > 0);
  }

  private static JsonObject toJson(Row row) {
    JsonObject item = new JsonObject()
        .put("id", row.getString("id"))
        .put("categories", new JsonArray(java.util.List.of(row.getArrayOfStrings("categories"))))
        .put("attributes", row.getJsonObject("attributes"));
    String text = row.getString("text");
    if (text != null) {
      item.put("text", text);
    }
    return item.put("active", row.getBoolean("active"))
        .put("timestamp", row.getOffsetDateTime("ts").toInstant().toString());
  }
}
