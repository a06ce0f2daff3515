package dev.affinity.events;

import dev.affinity.http.ApiProblem;
import dev.affinity.tenants.TenantId;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.util.Optional;
import java.util.UUID;

/**
 * Writes event batches: one transaction per batch that claims the idempotency key (if any), creates
 * missing users and items, and inserts every event with one statement. The caller answers only after
 * the returned future succeeds, i.e. after the commit.
 */
final class EventStore {
  private static final String CREATE_USERS = "insert into users (tenant_id, id) select $1, u from unnest($2::text[]) u"
      + " on conflict do nothing";
  /** Returns the ids it created, which serving nodes then add to their catalogue caches. */
  private static final String CREATE_ITEMS = "insert into items (tenant_id, id) select $1, i from unnest($2::text[]) i"
      + " on conflict do nothing returning id";
  private static final String INSERT_EVENTS = """
      insert into events (tenant_id, user_id, item_id, type, value, ts, recommendation_id)
      select $1, * from unnest($2::text[], $3::text[], $4::text[], $5::float8[], $6::timestamptz[], $7::text[])""";
  private static final String CLAIM_KEY = "insert into idempotency_keys (tenant_id, key, request_hash, response)"
      + " values ($1, $2, $3, $4) on conflict do nothing";
  private static final String READ_KEY = "select request_hash, response from idempotency_keys"
      + " where tenant_id = $1 and key = $2";

  /**
   * What a batch produced: the response body, whether it was replayed from an earlier request, and the
   * items it created (none when replayed).
   */
  record Outcome(JsonObject response, boolean replayed, String[] newItems) {
  }

  private final Pool pool;

  EventStore(Pool pool) {
    this.pool = pool;
  }

  /**
   * Stores the batch. With an idempotency key, the key is claimed in the same transaction: a concurrent
   * request with the same key waits on the unique key and then sees it taken, so a batch counts once.
   *
   * @param key         the Idempotency-Key, or null
   * @param requestHash SHA-256 of the raw body (hex), compared on retries; null without a key
   */
  Future<Outcome> ingest(TenantId tenant, EventBatch batch, String key, String requestHash) {
    JsonObject response = new JsonObject().put("accepted", batch.size());
    return pool.withTransaction(conn -> claim(conn, tenant, key, requestHash, response)
        .compose(prior -> prior.isPresent()
            ? Future.succeededFuture(new Outcome(prior.get(), true, new String[0]))
            : insert(conn, tenant.value(), batch).map(created -> new Outcome(response, false, created))));
  }

  /**
   * The stored response of an earlier batch sent with {@code key}, if any; 409 when that batch had a
   * different body (the same rule as {@link #ingest}).
   */
  Future<Optional<JsonObject>> prior(TenantId tenant, String key, String requestHash) {
    return pool.preparedQuery(READ_KEY).execute(Tuple.of(tenant.value(), key)).map(rows -> {
      if (rows.size() == 0) {
        return Optional.empty();
      }
      return Optional.of(stored(rows.iterator().next(), key, requestHash));
    });
  }

  private static JsonObject stored(Row row, String key, String requestHash) {
    if (!requestHash.equals(row.getString("request_hash"))) {
      throw ApiProblem.conflict("Idempotency-Key '" + key + "' was already used for a different batch;"
          + " use a new key for new data, and resend exactly the same body when retrying");
    }
    return row.getJsonObject("response");
  }

  /** Empty when this request may proceed (no key, or the key is newly claimed); else the stored response. */
  private static Future<Optional<JsonObject>> claim(SqlConnection conn, TenantId tenant, String key,
      String requestHash, JsonObject response) {
    if (key == null) {
      return Future.succeededFuture(Optional.empty());
    }
    return conn.preparedQuery(CLAIM_KEY).execute(Tuple.of(tenant.value(), key, requestHash, response))
        .compose(claimed -> {
          if (claimed.rowCount() == 1) {
            return Future.succeededFuture(Optional.empty());
          }
          return conn.preparedQuery(READ_KEY).execute(Tuple.of(tenant.value(), key))
              .map(rows -> Optional.of(stored(rows.iterator().next(), key, requestHash)));
        });
  }

  /**
   * The three statements are pipelined on the connection (sent without waiting for each other); they
   * still run in order, and a failure aborts the transaction, so the batch stays all or nothing. Yields
   * the ids of the items the batch created.
   */
  private static Future<String[]> insert(SqlConnection conn, UUID tenant, EventBatch b) {
    Future<?> users = conn.preparedQuery(CREATE_USERS).execute(Tuple.of(tenant, (Object) b.distinctUsers()));
    Future<RowSet<Row>> items = conn.preparedQuery(CREATE_ITEMS).execute(Tuple.of(tenant, (Object) b.distinctItems()));
    Future<?> events = conn.preparedQuery(INSERT_EVENTS).execute(Tuple.of(tenant, b.userIds(), b.itemIds(),
        b.types(), b.values(), b.timestamps(), b.recommendationIds()));
    return Future.all(users, items, events).map(v -> {
      RowSet<Row> created = items.result();
      String[] ids = new String[created.size()];
      int n = 0;
      for (Row r : created) {
        ids[n++] = r.getString(0);
      }
      return ids;
    });
  }
}
