package dev.affinity.events;

import dev.affinity.http.ApiProblem;
import dev.affinity.tenants.TenantId;
import dev.affinity.tenants.TenantRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The per-tenant event quota ({@code tenants.max_events}): a batch that would take the tenant past it
 * is refused whole with 429 and stores nothing. A shared counter row would serialise every ingestion
 * transaction of a tenant, so the check is soft instead: each node counts the tenant's events once
 * (one index scan), adds what it commits itself, and re-counts at least every {@link #RECOUNT_NANOS}
 * so other nodes' inserts are seen. Concurrent batches on several nodes can overshoot the quota by
 * at most what they add in that window. An operator's change of the quota drops the cached figure on
 * every node at once.
 */
final class EventQuota {
  static final long RECOUNT_NANOS = 60_000_000_000L;
  /** Quota refusals are not rate limits: advise clients to retry much later (after an operator acts). */
  static final String RETRY_AFTER_SECONDS = "3600";

  private record Usage(long maxEvents, AtomicLong stored, long countedAtNanos) {
  }

  private final Pool pool;
  private final ConcurrentHashMap<TenantId, Future<Usage>> usage = new ConcurrentHashMap<>();

  EventQuota(Vertx vertx, Pool pool) {
    this.pool = pool;
    vertx.eventBus().<JsonObject>consumer(TenantRegistry.LIMITS_ADDRESS, msg -> {
      if (msg.body().containsKey("maxEvents")) {
        TenantId.parse(msg.body().getString("tenant", "")).ifPresent(usage::remove);
      }
    });
  }

  /** Succeeds when {@code events} more fit in the tenant's quota; fails with a 429 problem otherwise. */
  Future<Void> admit(TenantId tenant, int events) {
    return usage(tenant).compose(u -> {
      long stored = u.stored().get();
      if (stored + events > u.maxEvents()) {
        return Future.failedFuture(new ApiProblem(429, "Event quota reached",
            "This tenant may store " + u.maxEvents() + " events and has " + stored + "; this batch of " + events
                + " would exceed it. Nothing was stored. Delete old users' data or ask the operator to raise"
                + " the quota (PATCH /v1/tenants/{id} with maxEvents)."));
      }
      return Future.succeededFuture();
    });
  }

  /** Counts a committed batch. */
  void stored(TenantId tenant, int events) {
    Future<Usage> f = usage.get(tenant);
    if (f != null && f.succeeded()) {
      f.result().stored().addAndGet(events);
    }
  }

  private Future<Usage> usage(TenantId tenant) {
    Future<Usage> current = usage.get(tenant);
    if (current != null && !current.failed()
        && (!current.succeeded() || System.nanoTime() - current.result().countedAtNanos() < RECOUNT_NANOS)) {
      return current;
    }
    Future<Usage> fresh = count(tenant);
    usage.put(tenant, fresh);
    // While re-counting, an earlier figure still answers (it is at most one window old).
    return current != null && current.succeeded() ? current : fresh;
  }

  private Future<Usage> count(TenantId tenant) {
    long started = System.nanoTime();
    return pool.preparedQuery("select t.max_events, (select count(*) from events e where e.tenant_id = $1) "
            + "from tenants t where t.id = $1")
        .execute(Tuple.of(tenant.value()))
        .map(rows -> {
          Row r = rows.iterator().next();
          return new Usage(r.getLong(0), new AtomicLong(r.getLong(1)), started);
        });
  }
}
