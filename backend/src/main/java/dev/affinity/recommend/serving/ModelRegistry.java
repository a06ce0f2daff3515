package dev.affinity.recommend.serving;

import dev.affinity.recommend.model.ModelCodec;
import dev.affinity.recommend.model.TrainedModel;
import dev.affinity.tenants.TenantId;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The models this node serves, one per tenant, swapped atomically. A finished training publishes
 * {@code {"tenant","version"}} on the clustered address {@link #ACTIVATED_ADDRESS}; every node loads that
 * version from PostgreSQL, decodes it on a worker thread and swaps it in — never an older version over a
 * newer one. A tenant not yet in memory is loaded lazily from {@code tenant_settings.active_version}: once,
 * with concurrent requests sharing the one load. "No model yet" is cached too, but re-checked after
 * {@link #EMPTY_RECHECK_NANOS}, so a node that missed an activation message cannot stay on cold start.
 */
public final class ModelRegistry {
  /** Clustered event-bus address of model switches; body {@code {"tenant": uuid, "version": n}}. */
  public static final String ACTIVATED_ADDRESS = "affinity.models.activated";
  static final long EMPTY_RECHECK_NANOS = 10_000_000_000L;
  private static final Logger LOG = LoggerFactory.getLogger(ModelRegistry.class);

  /** What a node knows of a tenant: its model (null for none) and when that was last read. */
  private record Slot(ServingModel model, long checkedAtNanos) {
  }

  /**
   * Told when this node starts serving a tenant a model (first load or switch), e.g. for metrics. Calls for one
   * tenant may race; like the registry, a listener should never let an older version replace a newer one.
   */
  @FunctionalInterface
  public interface Listener {
    void serving(TenantId tenant, ServingModel model);
  }

  private final Vertx vertx;
  private final ServingStore store;
  private final Listener listener;
  private final ConcurrentHashMap<TenantId, Future<Slot>> slots = new ConcurrentHashMap<>();
  /** Kept so the registration lives as long as the registry; Vert.x unregisters it on close. */
  private final MessageConsumer<JsonObject> activations;

  public ModelRegistry(Vertx vertx, Pool pool, Listener listener) {
    this.vertx = vertx;
    this.store = new ServingStore(pool);
    this.listener = listener;
    this.activations = vertx.eventBus().consumer(ACTIVATED_ADDRESS, this::onActivated);
  }

  ServingStore store() {
    return store;
  }

  Vertx vertx() {
    return vertx;
  }

  /** The tenant's serving model, or null when it has none; loads it on first use. */
  public Future<ServingModel> get(TenantId tenant) {
    while (true) {
      Future<Slot> current = slots.get(tenant);
      if (current != null && usable(current)) {
        return current.succeeded() ? Future.succeededFuture(current.result().model()) : current.map(Slot::model);
      }
      Promise<Slot> promise = Promise.promise();
      Future<Slot> mine = promise.future();
      boolean won = current == null ? slots.putIfAbsent(tenant, mine) == null : slots.replace(tenant, current, mine);
      if (!won) {
        continue;
      }
      load(tenant).onComplete(ar -> {
        if (ar.failed()) {
          slots.remove(tenant, mine);
          promise.fail(ar.cause());
        } else {
          promise.complete(new Slot(ar.result(), System.nanoTime()));
          if (ar.result() != null && slots.get(tenant) == mine) {
            listener.serving(tenant, ar.result());
          }
        }
      });
      return mine.map(Slot::model);
    }
  }

  private static boolean usable(Future<Slot> f) {
    if (!f.isComplete()) {
      return true;
    }
    if (f.failed()) {
      return false;
    }
    Slot s = f.result();
    return s.model() != null || System.nanoTime() - s.checkedAtNanos() < EMPTY_RECHECK_NANOS;
  }

  private Future<ServingModel> load(TenantId tenant) {
    return store.active(tenant).compose(found -> found.isEmpty() ? Future.succeededFuture(null)
        : decode(found.get()).onSuccess(m -> LOG.info("tenant={} loaded active model {} ({})", tenant, m.label(),
            m.model())));
  }

  Future<ServingModel> decode(ServingStore.Stored stored) {
    return vertx.executeBlocking(() -> new ServingModel(ModelCodec.decode(stored.payload()), stored.version()), false);
  }

  /**
   * Serves this model for the tenant from now on, unless a newer version is already served. Used by the
   * training node (which has the model in memory) and by activation messages.
   */
  public void install(TenantId tenant, ServingModel model) {
    Slot fresh = new Slot(model, System.nanoTime());
    Future<Slot> now = slots.compute(tenant, (k, old) -> {
      if (old != null && old.succeeded() && old.result().model() != null
          && old.result().model().version() >= model.version()) {
        return old;
      }
      return Future.succeededFuture(fresh);
    });
    if (now.result() == fresh) {
      listener.serving(tenant, model);
    }
  }

  /** Installs a freshly trained model here and tells every node (this one included) to switch. */
  public void activate(TenantId tenant, long version, TrainedModel model) {
    install(tenant, new ServingModel(model, version));
    vertx.eventBus().publish(ACTIVATED_ADDRESS, new JsonObject().put("tenant", tenant.toString()).put("version", version));
  }

  /** The version currently served from memory, if any (no loading); for tests and diagnostics. */
  public Optional<Long> servedVersion(TenantId tenant) {
    Future<Slot> f = slots.get(tenant);
    return f == null || !f.succeeded() || f.result().model() == null ? Optional.empty()
        : Optional.of(f.result().model().version());
  }

  private void onActivated(Message<JsonObject> msg) {
    JsonObject body = msg.body();
    Optional<TenantId> parsed = TenantId.parse(body == null ? null : body.getString("tenant"));
    Long version = body == null ? null : body.getLong("version");
    if (parsed.isEmpty() || version == null) {
      LOG.warn("ignoring malformed model activation {}", body);
      return;
    }
    TenantId tenant = parsed.get();
    if (servedVersion(tenant).map(v -> v >= version).orElse(false)) {
      return;
    }
    store.version(tenant, version)
        .compose(found -> found.isEmpty()
            ? Future.failedFuture(new IllegalStateException("version " + version + " is not in the database"))
            : decode(found.get()))
        .onSuccess(m -> {
          install(tenant, m);
          LOG.info("tenant={} switched to model {} ({})", tenant, m.label(), m.model());
        })
        .onFailure(e -> LOG.error("tenant={} could not load activated model version {}", tenant, version, e));
  }
}
