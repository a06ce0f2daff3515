package dev.affinity.experiments;

import dev.affinity.app.Services;
import dev.affinity.experiments.exposure.ExposureLog;
import dev.affinity.experiments.serving.ExperimentChooser;
import dev.affinity.experiments.serving.RunningCache;
import io.vertx.core.Future;
import dev.affinity.http.ApiFeature;
import dev.affinity.http.Requests;
import dev.affinity.http.Responses;
import dev.affinity.tenants.Scope;
import dev.affinity.tenants.TenantGuard;
import dev.affinity.tenants.TenantId;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.openapi.router.RouterBuilder;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code /v1/experiments}: tenant admins define A/B experiments, start and stop them, read their results and
 * their audit trail. Every route needs the admin scope; another tenant's experiment is a 404. Every change is
 * audited with the caller's subject (API key id or admin email) as actor.
 *
 * <p>The feature also owns the node's {@link ExposureLog} ({@link #exposureLog()}), which serving writes to
 * and which must be closed (flushed) when the node stops, and the node's {@link ExperimentChooser}
 * ({@link #chooser()}) over a {@link RunningCache}, which every committed start, stop, edit or delete refreshes
 * cluster-wide ({@link RunningCache#announce}).
 */
public final class ExperimentsFeature implements ApiFeature {
  private static final Logger LOG = LoggerFactory.getLogger(ExperimentsFeature.class);

  private final ExperimentStore store;
  private final ResultsQuery results;
  private final ExposureLog exposureLog;
  private final RunningCache running;
  private final ExperimentChooser chooser;

  public ExperimentsFeature(Services services) {
    this.store = new ExperimentStore(services.pool());
    this.results = new ResultsQuery(services.pool());
    this.exposureLog = new ExposureLog(services.vertx(), services.pool());
    this.running = new RunningCache(services.vertx(), services.pool());
    this.chooser = new ExperimentChooser(running, services.pool());
  }

  /** Which experiment and variant a recommendation request is served under (cached, no SQL when warm). */
  public ExperimentChooser chooser() {
    return chooser;
  }

  /** Where serving records exposures; {@code close()} it on shutdown so nothing buffered is lost. */
  public ExposureLog exposureLog() {
    return exposureLog;
  }

  /** Flushes every buffered exposure before the node stops: accepted data is never lost. */
  @Override
  public Future<Void> close() {
    return exposureLog.close();
  }

  @Override
  public void mountOperations(RouterBuilder api) {
    api.getRoute("listExperiments").addHandler(this::list);
    api.getRoute("createExperiment").addHandler(this::create);
    api.getRoute("getExperiment").addHandler(this::get);
    api.getRoute("updateExperiment").addHandler(this::update);
    api.getRoute("deleteExperiment").addHandler(this::delete);
    api.getRoute("startExperiment").addHandler(this::start);
    api.getRoute("stopExperiment").addHandler(this::stop);
    api.getRoute("experimentResults").addHandler(this::results);
    api.getRoute("experimentAudit").addHandler(this::audit);
  }

  private static TenantId admin(RoutingContext ctx) {
    TenantGuard.requireScope(ctx, Scope.ADMIN);
    return TenantGuard.tenant(ctx);
  }

  private static String actor(RoutingContext ctx) {
    return TenantGuard.principal(ctx).subject();
  }

  private void list(RoutingContext ctx) {
    TenantId tenant = admin(ctx);
    store.list(tenant)
        .onSuccess(all -> {
          JsonArray out = new JsonArray();
          all.forEach(e -> out.add(e.toJson()));
          Responses.json(ctx, 200, new JsonObject().put("experiments", out));
        })
        .onFailure(ctx::fail);
  }

  private void create(RoutingContext ctx) {
    TenantId tenant = admin(ctx);
    Spec spec = Specs.parse(Requests.bodyObject(ctx));
    store.create(tenant, spec, actor(ctx))
        .onSuccess(e -> {
          LOG.info("tenant {} created experiment {} in layer '{}' with buckets [{}, {})", tenant, e.id(), e.layer(),
              e.rangeStart(), e.rangeEnd());
          ctx.response().putHeader("Location", "/v1/experiments/" + e.id());
          Responses.json(ctx, 201, e.toJson());
        })
        .onFailure(ctx::fail);
  }

  private void get(RoutingContext ctx) {
    TenantId tenant = admin(ctx);
    String id = Requests.path(ctx, "experimentId");
    store.get(tenant, id)
        .onSuccess(e -> {
          if (e.isEmpty()) {
            ctx.fail(ExperimentStore.notFound(id));
          } else {
            Responses.json(ctx, 200, e.get().toJson());
          }
        })
        .onFailure(ctx::fail);
  }

  private void update(RoutingContext ctx) {
    TenantId tenant = admin(ctx);
    String id = Requests.path(ctx, "experimentId");
    store.update(tenant, id, Requests.bodyObject(ctx), actor(ctx))
        .onSuccess(e -> {
          LOG.info("tenant {} saved experiment {} at version {}", tenant, id, e.version());
          running.announce(tenant);
          Responses.json(ctx, 200, e.toJson());
        })
        .onFailure(ctx::fail);
  }

  private void delete(RoutingContext ctx) {
    TenantId tenant = admin(ctx);
    String id = Requests.path(ctx, "experimentId");
    store.delete(tenant, id, actor(ctx))
        .onSuccess(v -> {
          LOG.info("tenant {} deleted experiment {}", tenant, id);
          running.announce(tenant);
          Responses.noContent(ctx);
        })
        .onFailure(ctx::fail);
  }

  private void start(RoutingContext ctx) {
    transition(ctx, Status.RUNNING);
  }

  private void stop(RoutingContext ctx) {
    transition(ctx, Status.STOPPED);
  }

  private void transition(RoutingContext ctx, Status to) {
    TenantId tenant = admin(ctx);
    String id = Requests.path(ctx, "experimentId");
    store.transition(tenant, id, to, actor(ctx))
        .onSuccess(e -> {
          LOG.info("tenant {} experiment {} is now {}", tenant, id, to.wireName());
          running.announce(tenant);
          Responses.json(ctx, 200, e.toJson());
        })
        .onFailure(ctx::fail);
  }

  private void results(RoutingContext ctx) {
    TenantId tenant = admin(ctx);
    String id = Requests.path(ctx, "experimentId");
    Duration window = Duration.ofHours(Requests.queryInt(ctx, "attributionWindowHours",
        (int) ResultsQuery.DEFAULT_WINDOW.toHours()));
    store.get(tenant, id)
        .map(e -> e.orElseThrow(() -> ExperimentStore.notFound(id)))
        .compose(e -> results.counts(tenant, e, window).map(counts -> ResultsJson.of(e, counts, window)))
        .onSuccess(body -> Responses.json(ctx, 200, body))
        .onFailure(ctx::fail);
  }

  private void audit(RoutingContext ctx) {
    TenantId tenant = admin(ctx);
    String id = Requests.path(ctx, "experimentId");
    Audit.list(store.pool(), tenant, id)
        .onSuccess(entries -> {
          if (entries.isEmpty()) {
            ctx.fail(ExperimentStore.notFound(id));
          } else {
            Responses.json(ctx, 200, new JsonObject().put("experimentId", id).put("entries", entries));
          }
        })
        .onFailure(ctx::fail);
  }
}
