package dev.affinity.experiments;

import dev.affinity.tenants.TenantId;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;

/**
 * Who changed what in an experiment, written in the same transaction as the change, so the trail and
 * the experiment can never disagree. Rows outlive the experiment: a deleted experiment's trail says who
 * deleted it.
 */
final class Audit {
  private static final String INSERT = "insert into experiment_audit (tenant_id, experiment_id, actor, action, details)"
      + " values ($1, $2, $3, $4, $5)";
  private static final String LIST = "select seq, at, actor, action, details from experiment_audit"
      + " where tenant_id = $1 and experiment_id = $2 order by seq";

  private Audit() {
  }

  static Future<Void> record(SqlClient conn, TenantId tenant, String experimentId, String actor, String action,
      JsonObject details) {
    return conn.preparedQuery(INSERT).execute(Tuple.of(tenant.value(), experimentId, actor, action, details))
        .mapEmpty();
  }

  /** The trail, oldest first; empty when this tenant never had such an experiment. */
  static Future<JsonArray> list(Pool pool, TenantId tenant, String experimentId) {
    return pool.preparedQuery(LIST).execute(Tuple.of(tenant.value(), experimentId)).map(rows -> {
      JsonArray out = new JsonArray();
      for (Row r : rows) {
        out.add(new JsonObject()
            .put("seq", r.getLong("seq"))
            .put("at", r.getOffsetDateTime("at").toInstant().toString())
            .put("actor", r.getString("actor"))
            .put("action", r.getString("action"))
            .put("details", r.getJsonObject("details")));
      }
      return out;
    });
  }
}
