package dev.affinity.experiments;

import dev.affinity.experiments.serving.RunningCache;
import dev.affinity.tenants.TenantId;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Everything a tenant admin can do to experiments, in one place for both front doors: the REST API
 * ({@link ExperimentsFeature}) and the dashboard call these same methods, so they apply the same validation
 * ({@link Specs}, {@link Edits}), write the same audit trail (with the caller's subject as actor) and refresh the
 * cluster's running-experiment caches the same way. Answers are the API's JSON shapes (the contract in
 * {@code openapi.yaml}), which keeps the experiment types package-private. Refusals are
 * {@link dev.affinity.http.ApiProblem}s (400 bad input, 404 unknown or another tenant's, 409 not allowed now).
 */
public final class ExperimentService {
  private static final Logger LOG = LoggerFactory.getLogger(ExperimentService.class);

  private final Vertx vertx;
  private final ExperimentStore store;
  private final ResultsQuery results;
  private final TimelineQuery timeline;
  private final RunningCache running;

  ExperimentService(Vertx vertx, Pool pool, RunningCache running) {
    this.vertx = vertx;
    this.store = new ExperimentStore(pool);
    this.results = new ResultsQuery(pool);
    this.timeline = new TimelineQuery(pool);
    this.running = running;
  }

  /** The tenant's experiments, newest first. */
  public Future<JsonArray> list(TenantId tenant) {
    return store.list(tenant).map(all -> {
      JsonArray out = new JsonArray();
      all.forEach(e -> out.add(e.toJson()));
      return out;
    });
  }

  /** One experiment; a 404 when the tenant has none with that id. */
  public Future<JsonObject> get(TenantId tenant, String id) {
    return required(tenant, id).map(Experiment::toJson);
  }

  /** Validates a create body (the API's {@code ExperimentCreate}) and stores a draft. */
  public Future<JsonObject> create(TenantId tenant, JsonObject body, String actor) {
    Spec spec;
    try {
      spec = Specs.parse(body);
    } catch (RuntimeException e) {
      return Future.failedFuture(e);
    }
    return store.create(tenant, spec, actor).map(e -> {
      LOG.info("tenant {} {} created experiment {} in layer '{}' with buckets [{}, {})", tenant, actor, e.id(),
          e.layer(), e.rangeStart(), e.rangeEnd());
      return e.toJson();
    });
  }

  /** Applies an edit (the API's {@code ExperimentUpdate}): fields left out keep their value; see {@link Edits}. */
  public Future<JsonObject> update(TenantId tenant, String id, JsonObject body, String actor) {
    return store.update(tenant, id, body, actor).map(e -> {
      LOG.info("tenant {} {} saved experiment {} at version {}", tenant, actor, id, e.version());
      running.announce(tenant);
      return e.toJson();
    });
  }

  /** Deletes a draft or stopped experiment and its exposures; the audit trail stays. */
  public Future<Void> delete(TenantId tenant, String id, String actor) {
    return store.delete(tenant, id, actor).onSuccess(v -> {
      LOG.info("tenant {} {} deleted experiment {}", tenant, actor, id);
      running.announce(tenant);
    });
  }

  /** draft → running; a 409 otherwise. */
  public Future<JsonObject> start(TenantId tenant, String id, String actor) {
    return transition(tenant, id, Status.RUNNING, actor);
  }

  /** running → stopped, for good; a 409 otherwise. */
  public Future<JsonObject> stop(TenantId tenant, String id, String actor) {
    return transition(tenant, id, Status.STOPPED, actor);
  }

  private Future<JsonObject> transition(TenantId tenant, String id, Status to, String actor) {
    return store.transition(tenant, id, to, actor).map(e -> {
      LOG.info("tenant {} {} set experiment {} to {}", tenant, actor, id, to.wireName());
      running.announce(tenant);
      return e.toJson();
    });
  }

  /** The read-out ({@code ExperimentResults}): counts, rates, uplift, p-values, SRM and the verdict. */
  public Future<JsonObject> results(TenantId tenant, String id, Duration window) {
    return required(tenant, id)
        .compose(e -> results.counts(tenant, e, window).map(counts -> ResultsJson.of(e, counts, window)));
  }

  /**
   * The cumulative read-out over time, per variant and time bucket (see {@link TimelineQuery} and
   * {@link TimelineJson}). The statistics run once per bucket, so they run on a worker thread.
   *
   * @param bucketName "hour", "day", or null to choose by how long the experiment has run
   */
  public Future<JsonObject> timeline(TenantId tenant, String id, Duration window, String bucketName) {
    TimelineQuery.Bucket requested;
    try {
      requested = TimelineQuery.Bucket.parse(bucketName);
    } catch (RuntimeException e) {
      return Future.failedFuture(e);
    }
    return required(tenant, id).compose(e -> {
      TimelineQuery.Bucket bucket = TimelineQuery.Bucket.choose(e, requested);
      return timeline.rows(tenant, e, window, bucket)
          .compose(rows -> vertx.executeBlocking(() -> TimelineJson.of(e, rows, bucket), false));
    });
  }

  /** Who changed what, oldest first; a 404 when the tenant never had such an experiment. */
  public Future<JsonArray> audit(TenantId tenant, String id) {
    return Audit.list(store.pool(), tenant, id).map(entries -> {
      if (entries.isEmpty()) {
        throw ExperimentStore.notFound(id);
      }
      return entries;
    });
  }

  private Future<Experiment> required(TenantId tenant, String id) {
    return store.get(tenant, id).map(e -> e.orElseThrow(() -> ExperimentStore.notFound(id)));
  }
}
