package dev.affinity.recommend.training;

import dev.affinity.recommend.ModelKind;
import dev.affinity.tenants.TenantId;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.util.Optional;

/**
 * Model versions in {@code models} and the tenant's serving pointer in {@code tenant_settings}. A new
 * version, the switch of {@code active_version} to it and the job's success are one transaction, so no
 * node can ever see an active version without its payload, or a succeeded job without its model.
 */
public final class ModelRepository {
  private final Pool pool;

  public ModelRepository(Pool pool) {
    this.pool = pool;
  }

  /** The tenant's configured default model name, if the tenant has settings. */
  Future<Optional<String>> defaultModel(TenantId tenant) {
    return pool.preparedQuery("select default_model from tenant_settings where tenant_id = $1")
        .execute(Tuple.of(tenant.value()))
        .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.ofNullable(rows.iterator().next().getString(0)));
  }

  /** Sets the model a train request without one uses. */
  public Future<Void> setDefaultModel(TenantId tenant, ModelKind kind) {
    return pool.preparedQuery("insert into tenant_settings (tenant_id, default_model) values ($1, $2) "
            + "on conflict (tenant_id) do update set default_model = excluded.default_model")
        .execute(Tuple.of(tenant.value(), kind.wireName())).mapEmpty();
  }

  /**
   * Stores the next version (max + 1 per tenant), makes it active and marks the job succeeded. The
   * settings row is locked first, so concurrent trainings of one tenant get distinct versions.
   */
  Future<Long> saveAndActivate(TenantId tenant, String jobId, ModelKind kind, double trainSeconds,
      JsonObject metrics, byte[] payload) {
    return pool.withTransaction(conn -> conn
        .preparedQuery("insert into tenant_settings (tenant_id) values ($1) "
            + "on conflict (tenant_id) do update set tenant_id = excluded.tenant_id")
        .execute(Tuple.of(tenant.value()))
        .compose(v -> conn.preparedQuery("insert into models (tenant_id, version, name, train_seconds, metrics, payload) "
                + "select $1, coalesce(max(version), 0) + 1, $2, $3, $4, $5 from models where tenant_id = $1 "
                + "returning version")
            .execute(Tuple.of(tenant.value(), kind.wireName(), trainSeconds, metrics, Buffer.buffer(payload))))
        .map(rows -> rows.iterator().next().getLong(0))
        .compose(version -> conn.preparedQuery("update tenant_settings set active_version = $2 where tenant_id = $1")
            .execute(Tuple.of(tenant.value(), version))
            .compose(v -> conn.preparedQuery("update training_jobs set state = 'succeeded', progress = 1, "
                    + "version = $3, message = $4, finished_at = now() where tenant_id = $1 and id = $2")
                .execute(Tuple.of(tenant.value(), jobId, version, "trained " + kind.wireName() + " v" + version)))
            .map(version)));
  }

  /** {@code {"active", "models": [...]}} newest first, as {@code GET /v1/models} answers. */
  public Future<JsonObject> list(TenantId tenant) {
    Future<Row> settings = pool.preparedQuery("select active_version, default_model from tenant_settings "
            + "where tenant_id = $1")
        .execute(Tuple.of(tenant.value()))
        .map(rows -> rows.size() == 0 ? null : rows.iterator().next());
    Future<JsonArray> models = pool.preparedQuery("select version, name, created_at, train_seconds, metrics "
            + "from models where tenant_id = $1 order by version desc")
        .execute(Tuple.of(tenant.value()))
        .map(rows -> {
          JsonArray out = new JsonArray();
          for (Row r : rows) {
            out.add(new JsonObject()
                .put("version", r.getLong("version"))
                .put("name", r.getString("name"))
                .put("createdAt", TrainingJobs.text(r.getOffsetDateTime("created_at")))
                .put("trainSeconds", r.getDouble("train_seconds"))
                .put("metrics", r.getJsonObject("metrics")));
          }
          return out;
        });
    return Future.all(settings, models).map(v -> new JsonObject()
        .put("active", settings.result() == null ? null : settings.result().getLong(0))
        .put("defaultModel", settings.result() == null ? ModelKind.DEFAULT.wireName() : settings.result().getString(1))
        .put("models", models.result()));
  }
}
