package dev.affinity.experiments;

import dev.affinity.http.ApiProblem;
import dev.affinity.tenants.TenantId;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * Experiments in PostgreSQL. Every change runs in one transaction with its audit row. Changes to a layer's
 * ranges first take a transaction-scoped advisory lock on (tenant, layer), so two concurrent creates can
 * never pick the same free gap; changes to one experiment lock its row.
 */
final class ExperimentStore {
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final String LOCK_LAYER = "select pg_advisory_xact_lock(hashtextextended($1::text || '/' || $2, 7))";
  private static final String TAKEN = "select range_start, range_end from experiments"
      + " where tenant_id = $1 and layer = $2 and status in ('draft', 'running') and id <> $3";
  private static final String INSERT = """
      insert into experiments (tenant_id, id, name, hypothesis, layer, range_start, range_end, salt, status,
        primary_metric, targeting, allocation)
      values ($1, $2, $3, $4, $5, $6, $7, $8, 'draft', $9, $10, $11)""";
  private static final String BY_ID = Rows.SELECT + " where e.tenant_id = $1 and e.id = $2";
  private static final String LOCK_BY_ID = BY_ID + " for update of e";
  private static final String LIST = Rows.SELECT + " where e.tenant_id = $1 order by e.created_at desc, e.id";
  private static final String UPDATE = """
      update experiments set name = $3, hypothesis = $4, layer = $5, range_start = $6, range_end = $7,
        primary_metric = $8, targeting = $9, allocation = $10, version = version + 1
      where tenant_id = $1 and id = $2""";
  private static final String DELETE_VARIANTS = "delete from experiment_variants where tenant_id = $1 and experiment_id = $2";
  private static final String DELETE = "delete from experiments where tenant_id = $1 and id = $2";
  private static final String DELETE_EXPOSURES = "delete from exposures where tenant_id = $1 and experiment_id = $2";
  private static final String START = "update experiments set status = 'running', started_at = now(), version = version + 1"
      + " where tenant_id = $1 and id = $2";
  private static final String STOP = "update experiments set status = 'stopped', stopped_at = now(), version = version + 1"
      + " where tenant_id = $1 and id = $2";

  private final Pool pool;

  ExperimentStore(Pool pool) {
    this.pool = pool;
  }

  Pool pool() {
    return pool;
  }

  Future<Experiment> create(TenantId tenant, Spec spec, String actor) {
    String id = "exp_" + randomHex(10);
    String salt = randomHex(16);
    return pool.withTransaction(conn -> allocate(conn, tenant, spec.layer(), spec.width(), id)
        .compose(start -> conn.preparedQuery(INSERT).execute(Tuple.from(List.of(tenant.value(), id, spec.name(),
            spec.hypothesis(), spec.layer(), start, start + spec.width(), salt, spec.primaryMetric(),
            spec.targeting(), spec.allocation().wireName()))))
        .compose(v -> conn.preparedQuery(Rows.INSERT_VARIANTS).execute(Rows.variants(tenant.value(), id,
            spec.variants())))
        .compose(v -> load(conn, tenant, id, false))
        .compose(e -> Audit.record(conn, tenant, id, actor, "created", e.get().toJson()).map(e.get())));
  }

  Future<Optional<Experiment>> get(TenantId tenant, String id) {
    return pool.withConnection(conn -> load(conn, tenant, id, false));
  }

  Future<List<Experiment>> list(TenantId tenant) {
    return pool.preparedQuery(LIST).execute(Tuple.of(tenant.value())).map(rows -> {
      List<Experiment> out = new ArrayList<>();
      rows.forEach(r -> out.add(Rows.experiment(r)));
      return out;
    });
  }

  /** Applies an edit (see {@link Edits}); a 404 for an unknown id, a 409 for a forbidden change. */
  Future<Experiment> update(TenantId tenant, String id, JsonObject body, String actor) {
    return pool.withTransaction(conn -> required(conn, tenant, id).compose(cur -> {
      Edits.Edit edit = Edits.apply(cur, body);
      if (edit.changes().isEmpty()) {
        return Future.succeededFuture(cur);
      }
      Future<Integer> start = edit.moveRange()
          ? allocate(conn, tenant, edit.layer(), edit.width(), id) : Future.succeededFuture(cur.rangeStart());
      return start
          .compose(s -> conn.preparedQuery(UPDATE).execute(Tuple.from(List.of(tenant.value(), id, edit.name(),
              edit.hypothesis(), edit.layer(), s, s + edit.width(), edit.primaryMetric(), edit.targeting(),
              edit.allocation().wireName()))))
          .compose(v -> edit.variantsChanged() ? replaceVariants(conn, tenant, id, edit) : Future.succeededFuture())
          .compose(v -> Audit.record(conn, tenant, id, actor, "updated", new JsonObject().put("changes", edit.changes())))
          .compose(v -> load(conn, tenant, id, false))
          .map(Optional::get);
    }));
  }

  /**
   * Deletes a draft or stopped experiment with its exposures (its results go with it; the audit trail stays);
   * a running one must be stopped first (409).
   */
  Future<Void> delete(TenantId tenant, String id, String actor) {
    return pool.withTransaction(conn -> required(conn, tenant, id).compose(cur -> {
      if (cur.status() == Status.RUNNING) {
        throw ApiProblem.conflict("Experiment '" + id + "' is running; stop it before deleting it.");
      }
      return conn.preparedQuery(DELETE).execute(Tuple.of(tenant.value(), id))
          .compose(v -> conn.preparedQuery(DELETE_EXPOSURES).execute(Tuple.of(tenant.value(), id)))
          .compose(gone -> Audit.record(conn, tenant, id, actor, "deleted", new JsonObject()
              .put("status", cur.status().wireName()).put("name", cur.name())
              .put("exposuresDeleted", gone.rowCount())));
    }));
  }

  /** draft → running or running → stopped; any other transition is a 409 that says what is allowed. */
  Future<Experiment> transition(TenantId tenant, String id, Status to, String actor) {
    Status from = to == Status.RUNNING ? Status.DRAFT : Status.RUNNING;
    String verb = to == Status.RUNNING ? "start" : "stop";
    return pool.withTransaction(conn -> required(conn, tenant, id).compose(cur -> {
      if (cur.status() != from) {
        throw ApiProblem.conflict("Experiment '" + id + "' is " + cur.status().wireName() + "; only a "
            + from.wireName() + " experiment can " + verb + (to == Status.RUNNING && cur.status() == Status.STOPPED
            ? " (a stopped experiment never runs again: create a new one)" : "") + ".");
      }
      return conn.preparedQuery(to == Status.RUNNING ? START : STOP).execute(Tuple.of(tenant.value(), id))
          .compose(v -> Audit.record(conn, tenant, id, actor, to == Status.RUNNING ? "started" : "stopped",
              new JsonObject().put("from", from.wireName()).put("to", to.wireName())))
          .compose(v -> load(conn, tenant, id, false))
          .map(Optional::get);
    }));
  }

  private Future<Experiment> required(SqlConnection conn, TenantId tenant, String id) {
    return load(conn, tenant, id, true).map(e -> e.orElseThrow(() -> notFound(id)));
  }

  static ApiProblem notFound(String id) {
    return ApiProblem.notFound("No experiment '" + id + "'.");
  }

  private static Future<Optional<Experiment>> load(SqlConnection conn, TenantId tenant, String id, boolean lock) {
    return conn.preparedQuery(lock ? LOCK_BY_ID : BY_ID).execute(Tuple.of(tenant.value(), id)).map(rows -> {
      for (Row r : rows) {
        return Optional.of(Rows.experiment(r));
      }
      return Optional.empty();
    });
  }

  /** Locks the layer and returns the start of a free range of {@code width} buckets (409 if none). */
  private static Future<Integer> allocate(SqlConnection conn, TenantId tenant, String layer, int width, String self) {
    return conn.preparedQuery(LOCK_LAYER).execute(Tuple.of(tenant.value().toString(), layer))
        .compose(v -> conn.preparedQuery(TAKEN).execute(Tuple.of(tenant.value(), layer, self)))
        .map(rows -> {
          List<Layers.Range> taken = new ArrayList<>();
          rows.forEach(r -> taken.add(new Layers.Range(r.getInteger(0), r.getInteger(1))));
          return Layers.allocate(layer, taken, width);
        });
  }

  private static Future<Void> replaceVariants(SqlConnection conn, TenantId tenant, String id, Edits.Edit edit) {
    return conn.preparedQuery(DELETE_VARIANTS).execute(Tuple.of(tenant.value(), id))
        .compose(v -> conn.preparedQuery(Rows.INSERT_VARIANTS).execute(Rows.variants(tenant.value(), id,
            edit.variants())))
        .mapEmpty();
  }

  private static String randomHex(int bytes) {
    byte[] b = new byte[bytes];
    RANDOM.nextBytes(b);
    return HexFormat.of().formatHex(b);
  }
}
