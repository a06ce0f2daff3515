package dev.affinity.recommend.serving;

import dev.affinity.recommend.ModelKind;
import dev.affinity.tenants.TenantId;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The model an experiment variant serves, which need not be the tenant's active one: a variant naming
 * a model serves the tenant's newest version of that model, or the exact version its
 * {@code params.version} pins, so "EASE vs item-kNN" runs side by side whichever is active.
 *
 * <p>When the tenant has no such version (the variant's model was never trained, or the pinned version
 * is another model's), the variant serves the active model — the response's {@code model} label says
 * what actually served, and the dashboard shows it — rather than failing the user's request.
 *
 * <p>Versions are immutable, so decoded versions are kept per node (a small LRU); "newest version of
 * X" changes only when a training finishes, which every node hears on
 * {@link ModelRegistry#ACTIVATED_ADDRESS}, so that answer is cached until then (re-checked after
 * {@link ModelRegistry#EMPTY_RECHECK_NANOS} in case a node missed the message).
 */
public final class VariantModels {
  /** Decoded non-active versions kept per node, across tenants. */
  static final int MAX_VERSIONS = 32;
  private static final Logger LOG = LoggerFactory.getLogger(VariantModels.class);

  private record Key(TenantId tenant, long version) {
  }

  private record Latest(Optional<Long> version, long checkedAtNanos) {
  }

  private final ModelRegistry registry;
  private final ServingStore store;
  private final Map<Key, Future<ServingModel>> versions = new LinkedHashMap<>(16, 0.75f, true);
  private final ConcurrentHashMap<TenantId, ConcurrentHashMap<String, Future<Latest>>> latest =
      new ConcurrentHashMap<>();

  public VariantModels(ModelRegistry registry) {
    this.registry = registry;
    this.store = registry.store();
    registry.vertx().eventBus().<JsonObject>consumer(ModelRegistry.ACTIVATED_ADDRESS, msg -> {
      JsonObject body = msg.body();
      TenantId.parse(body == null ? null : body.getString("tenant")).ifPresent(latest::remove);
    });
  }

  /**
   * What a variant on {@code model} (with an optional pinned {@code version}) serves; the active model
   * for popularity variants (which serve its popularity list) and as the fallback.
   */
  public Future<ServingModel> resolve(TenantId tenant, String model, Long version) {
    if (model == null || model.equals(ModelKind.POPULARITY.wireName())) {
      return registry.get(tenant);
    }
    Future<Optional<Long>> wanted = version != null ? Future.succeededFuture(Optional.of(version))
        : latestVersion(tenant, model);
    return wanted.compose(v -> v.isEmpty() ? registry.get(tenant) : registry.get(tenant).compose(active -> {
      if (active != null && active.version() == v.get()) {
        return Future.succeededFuture(active);
      }
      return version(tenant, v.get()).map(m -> {
        if (m != null && m.model().kind().wireName().equals(model)) {
          return m;
        }
        return active;
      });
    }));
  }

  private Future<Optional<Long>> latestVersion(TenantId tenant, String model) {
    ConcurrentHashMap<String, Future<Latest>> byName = latest.computeIfAbsent(tenant, t -> new ConcurrentHashMap<>());
    Future<Latest> cached = byName.get(model);
    if (cached != null && (!cached.isComplete() || (cached.succeeded() && fresh(cached.result())))) {
      return cached.map(Latest::version);
    }
    Future<Latest> loading = store.latestVersion(tenant, model).map(v -> new Latest(v, System.nanoTime()));
    byName.put(model, loading);
    loading.onFailure(e -> byName.remove(model, loading));
    return loading.map(Latest::version);
  }

  private static boolean fresh(Latest l) {
    return l.version().isPresent() || System.nanoTime() - l.checkedAtNanos() < ModelRegistry.EMPTY_RECHECK_NANOS;
  }

  /** A stored version, decoded once per node (null when the tenant has no such version). */
  private Future<ServingModel> version(TenantId tenant, long version) {
    Key key = new Key(tenant, version);
    Future<ServingModel> f;
    synchronized (versions) {
      f = versions.get(key);
      if (f == null) {
        f = store.version(tenant, version).compose(found -> found.isEmpty() ? Future.succeededFuture(null)
            : registry.decode(found.get()));
        versions.put(key, f);
        if (versions.size() > MAX_VERSIONS) {
          versions.remove(versions.keySet().iterator().next());
        }
        Future<ServingModel> mine = f;
        f.onSuccess(m -> {
          if (m == null) { // not (yet) stored: ask again next time
            synchronized (versions) {
              versions.remove(key, mine);
            }
          }
        });
        f.onFailure(e -> {
          LOG.warn("tenant={} could not load model version {} for an experiment: {}", tenant, version, e.toString());
          synchronized (versions) {
            versions.remove(key, mine);
          }
        });
      }
    }
    return f;
  }
}
