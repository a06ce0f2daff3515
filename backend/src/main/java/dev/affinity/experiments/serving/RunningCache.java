package dev.affinity.experiments.serving;

import dev.affinity.experiments.ActiveExperiment;
import dev.affinity.experiments.RunningExperiments;
import dev.affinity.tenants.TenantId;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This node's copy of each tenant's running experiments, so the recommendation path reads them without SQL:
 * experiments change rarely and every request needs them. Keyed by tenant. Fresh because every start, stop,
 * edit or delete publishes {@value #CHANGED} on the clustered event bus (see {@link #announce}) and each node
 * evicts that tenant on it; a lost message is bounded by the {@link #TTL_NANOS} safety TTL. A miss stores the
 * pending load at once, so concurrent misses share one query; evicting drops a load in flight too, so a read
 * from before the change is served only to requests already waiting for it.
 */
public final class RunningCache {
  /** Published after a commit that changed a tenant's experiments: {@code {"tenant": uuid}}. */
  public static final String CHANGED = "affinity.experiments.changed";
  static final long TTL_NANOS = 30_000_000_000L;
  private static final Logger LOG = LoggerFactory.getLogger(RunningCache.class);

  private record Held(Future<List<ActiveExperiment>> value, long expiresAtNanos) {
  }

  private final Vertx vertx;
  private final RunningExperiments source;
  private final ConcurrentHashMap<TenantId, Held> byTenant = new ConcurrentHashMap<>();
  /** Kept so the registration lives as long as the cache; Vert.x unregisters it on close. */
  private final MessageConsumer<JsonObject> consumer;

  public RunningCache(Vertx vertx, Pool pool) {
    this.vertx = vertx;
    this.source = new RunningExperiments(pool);
    this.consumer = vertx.eventBus().<JsonObject>consumer(CHANGED, msg -> {
      JsonObject body = msg.body();
      TenantId.parse(body == null ? null : body.getString("tenant")).ifPresentOrElse(this::evict,
          () -> LOG.warn("ignoring malformed {} message {}", CHANGED, body));
    });
  }

  /** The tenant's running experiments: at once when cached, else from one shared query. */
  public Future<List<ActiveExperiment>> of(TenantId tenant) {
    long now = System.nanoTime();
    Held held = byTenant.get(tenant);
    if (held != null && !held.value().failed() && now - held.expiresAtNanos() < 0) {
      return held.value();
    }
    Held fresh = new Held(source.of(tenant), now + TTL_NANOS);
    if (held == null ? byTenant.putIfAbsent(tenant, fresh) != null : !byTenant.replace(tenant, held, fresh)) {
      Held winner = byTenant.get(tenant);
      if (winner != null) {
        return winner.value();
      }
    }
    fresh.value().onFailure(e -> byTenant.remove(tenant, fresh));
    return fresh.value();
  }

  /** Forgets the tenant's experiments (loaded or loading); the next request reads them again. */
  public void evict(TenantId tenant) {
    byTenant.remove(tenant);
  }

  /**
   * After a commit that changed the tenant's experiments: evicts here at once (the caller reads its own
   * write on this node) and tells every node of the cluster.
   */
  public void announce(TenantId tenant) {
    evict(tenant);
    vertx.eventBus().publish(CHANGED, new JsonObject().put("tenant", tenant.toString()));
  }
}
