package dev.affinity.recommend.training;

import dev.affinity.recommend.ModelKind;
import dev.affinity.tenants.TenantId;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowIterator;
import io.vertx.sqlclient.Tuple;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code training_jobs} table: a job's state and progress live in PostgreSQL, not in the memory of
 * the node that runs it, so any node of the cluster can answer "how far is my training?".
 * States: queued → running → succeeded | failed. Progress only moves forward and only while running,
 * so a late progress write can never overwrite the final state.
 */
public final class TrainingJobs {
  private final Pool pool;

  public TrainingJobs(Pool pool) {
    this.pool = pool;
  }

  Future<Void> insert(TenantId tenant, String jobId, ModelKind kind) {
    return pool.preparedQuery("insert into training_jobs (tenant_id, id, model, state, progress, message) "
            + "values ($1, $2, $3, 'queued', 0, 'waiting for a training thread')")
        .execute(Tuple.of(tenant.value(), jobId, kind.wireName())).mapEmpty();
  }

  Future<Void> running(TenantId tenant, String jobId) {
    return pool.preparedQuery("update training_jobs set state = 'running', started_at = now(), "
            + "message = 'loading events' where tenant_id = $1 and id = $2 and state = 'queued'")
        .execute(Tuple.of(tenant.value(), jobId)).mapEmpty();
  }

  Future<Void> progress(TenantId tenant, String jobId, double progress, String message) {
    return pool.preparedQuery("update training_jobs set progress = greatest(progress, $3), message = $4 "
            + "where tenant_id = $1 and id = $2 and state = 'running'")
        .execute(Tuple.of(tenant.value(), jobId, progress, message)).mapEmpty();
  }

  /** Says the job's node is alive (it is queued or running there). */
  Future<Void> heartbeat(TenantId tenant, String jobId) {
    return pool.preparedQuery("update training_jobs set heartbeat_at = now() "
            + "where tenant_id = $1 and id = $2 and state in ('queued', 'running')")
        .execute(Tuple.of(tenant.value(), jobId)).mapEmpty();
  }

  /**
   * Marks failed every queued or running job, of any tenant, whose node stopped sending heartbeats
   * {@code staleSeconds} ago: the node died or was killed mid-training. A maintenance statement, hence
   * the one query here not scoped to a tenant (the table is small: one row per training).
   */
  Future<Integer> reapStale(int staleSeconds) {
    return pool.preparedQuery("update training_jobs set state = 'failed', finished_at = now(), "
            + "message = 'the node that was training this model stopped before it finished; train again' "
            + "where state in ('queued', 'running') and heartbeat_at < now() - make_interval(secs => $1)")
        .execute(Tuple.of(staleSeconds)).map(rows -> rows.rowCount());
  }

  Future<Void> fail(TenantId tenant, String jobId, String message) {
    return pool.preparedQuery("update training_jobs set state = 'failed', message = $3, finished_at = now() "
            + "where tenant_id = $1 and id = $2")
        .execute(Tuple.of(tenant.value(), jobId, message)).mapEmpty();
  }

  /** The job as the API shows it, or null when this tenant has no such job. */
  public Future<JsonObject> get(TenantId tenant, String jobId) {
    return pool.preparedQuery("select id, model, state, progress, message, version, started_at, finished_at "
            + "from training_jobs where tenant_id = $1 and id = $2")
        .execute(Tuple.of(tenant.value(), jobId))
        .map(rows -> {
          RowIterator<Row> it = rows.iterator();
          if (!it.hasNext()) {
            return null;
          }
          return json(it.next());
        });
  }

  /** The tenant's most recent jobs, newest first, in the same shape as {@link #get}. */
  public Future<List<JsonObject>> recent(TenantId tenant, int limit) {
    return pool.preparedQuery("select id, model, state, progress, message, version, started_at, finished_at "
            + "from training_jobs where tenant_id = $1 order by started_at desc, id limit $2")
        .execute(Tuple.of(tenant.value(), limit))
        .map(rows -> {
          List<JsonObject> out = new ArrayList<>();
          for (Row r : rows) {
            out.add(json(r));
          }
          return out;
        });
  }

  private static JsonObject json(Row r) {
    return new JsonObject()
        .put("jobId", r.getString("id"))
        .put("model", r.getString("model"))
        .put("state", r.getString("state"))
        .put("progress", r.getDouble("progress"))
        .put("message", r.getString("message"))
        .put("version", r.getLong("version"))
        .put("startedAt", text(r.getOffsetDateTime("started_at")))
        .put("finishedAt", text(r.getOffsetDateTime("finished_at")));
  }

  static String text(OffsetDateTime t) {
    return t == null ? null : t.toInstant().toString();
  }
}
