package dev.affinity.experiments;

import dev.affinity.tenants.TenantId;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The bandit's SQL. Every node runs the job, so every write here is conditional and applied at most once:
 * <ul>
 *   <li><b>due:</b> an experiment is due when the bandit has not looked at it for one interval
 *       ({@code coalesce(bandit_checked_at, started_at)}); each look stamps {@code bandit_checked_at}, so the cluster
 *       looks at an experiment about once per interval whatever the number of nodes;</li>
 *   <li><b>version:</b> new weights are written only if the experiment is still at the version the weights were
 *       computed from (and still running, thompson and due). The first writer bumps the version; a second node that
 *       computed from the same version updates no row and writes nothing, so a re-allocation, its audit entry and
 *       its cache eviction happen once. The row lock of the {@code update} serialises the racers; under read
 *       committed the loser re-checks the condition against the winner's row.</li>
 * </ul>
 * An admin's edit or stop in between also bumps the version, so the bandit never overwrites what it did not see.
 */
final class BanditStore {
  static final String ACTOR = "bandit";
  static final String ACTION = "reallocated";
  /** Maintenance read across tenants (like the training reaper's): the only query without a tenant. */
  private static final String DUE = """
      select tenant_id, id from experiments
      where status = 'running' and allocation = 'thompson'
        and coalesce(bandit_checked_at, started_at) <= now() - $1::bigint * interval '1 second'
      order by coalesce(bandit_checked_at, started_at), tenant_id, id
      limit $2""";
  private static final String CONDITION = """
      where tenant_id = $1 and id = $2 and version = $3 and status = 'running' and allocation = 'thompson'
        and coalesce(bandit_checked_at, started_at) <= now() - $4::bigint * interval '1 second'""";
  private static final String CHECKED = "update experiments set bandit_checked_at = now() " + CONDITION;
  private static final String CLAIM = "update experiments set bandit_checked_at = now(), version = version + 1 "
      + CONDITION;
  private static final String BY_ID = Rows.SELECT + " where e.tenant_id = $1 and e.id = $2";
  private static final String WEIGHTS = """
      update experiment_variants v set weight = t.w
      from unnest($3::text[], $4::float8[]) as t(n, w)
      where v.tenant_id = $1 and v.experiment_id = $2 and v.name = t.n""";

  /** A running thompson experiment whose look is due. */
  record Due(TenantId tenant, String id) {
  }

  private final Pool pool;

  BanditStore(Pool pool) {
    this.pool = pool;
  }

  /** Up to {@code limit} due experiments of all tenants, longest-waiting first. */
  Future<List<Due>> due(Duration interval, int limit) {
    return pool.preparedQuery(DUE).execute(Tuple.of(interval.toSeconds(), limit)).map(rows -> {
      List<Due> out = new ArrayList<>();
      for (Row r : rows) {
        out.add(new Due(new TenantId(r.getUUID("tenant_id")), r.getString("id")));
      }
      return out;
    });
  }

  /**
   * Records a look that left the weights as they are; false when the experiment changed or another node looked
   * first (the version and due conditions).
   */
  Future<Boolean> checked(TenantId tenant, Experiment seen, Duration interval) {
    return pool.preparedQuery(CHECKED).execute(condition(tenant.value(), seen, interval))
        .map(rows -> rows.rowCount() == 1);
  }

  /**
   * Writes new weights computed from {@code seen}, bumps the version and records the audit entry, in one
   * transaction; empty when another caller got there first or the experiment changed (nothing is written then).
   *
   * @param to       the new weights in percent by variant name, every variant of {@code seen}
   * @param evidence the counts they were computed from, for the audit entry
   */
  Future<Optional<Experiment>> apply(TenantId tenant, Experiment seen, Map<String, Double> to, JsonObject evidence,
      Duration interval) {
    for (Variant v : seen.variants()) {
      if (!(to.get(v.name()) instanceof Double w) || !(w > 0 && w <= 100)) {
        throw new IllegalArgumentException("new weight of '" + v.name() + "' must be in (0, 100], got " + to);
      }
    }
    UUID t = tenant.value();
    return pool.withTransaction(conn -> conn.preparedQuery(CLAIM).execute(condition(t, seen, interval))
        .compose(claimed -> {
          if (claimed.rowCount() == 0) {
            return Future.succeededFuture(Optional.<Experiment>empty());
          }
          JsonObject from = new JsonObject();
          JsonObject next = new JsonObject();
          seen.variants().forEach(v -> {
            from.put(v.name(), v.weight());
            next.put(v.name(), to.get(v.name()));
          });
          JsonObject details = new JsonObject().put("from", from).put("to", next)
              .put("version", seen.version() + 1).put("evidence", evidence);
          Tuple weights = Tuple.tuple().addUUID(t).addString(seen.id())
              .addArrayOfString(seen.variants().stream().map(Variant::name).toArray(String[]::new))
              .addArrayOfDouble(seen.variants().stream().map(v -> to.get(v.name())).toArray(Double[]::new));
          return conn.preparedQuery(WEIGHTS).execute(weights)
              .compose(v -> Audit.record(conn, tenant, seen.id(), ACTOR, ACTION, details))
              .compose(v -> conn.preparedQuery(BY_ID).execute(Tuple.of(t, seen.id())))
              .map(rows -> Optional.of(Rows.experiment(rows.iterator().next())));
        }));
  }

  private static Tuple condition(UUID tenant, Experiment seen, Duration interval) {
    return Tuple.of(tenant, seen.id(), seen.version(), interval.toSeconds());
  }
}
