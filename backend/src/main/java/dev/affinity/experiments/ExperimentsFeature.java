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
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.openapi.router.RouterBuilder;
import java.time.Duration;

/**
 * {@code /v1/experiments}: tenant admins define A/B experiments, start and stop them, read their results and
 * their audit trail. Every route needs the admin scope; another tenant's experiment is a 404. Every change is
 * audited with the caller's subject (API key id or admin email) as actor.
 *
 * <p>The feature also owns the node's {@link ExposureLog} ({@link #exposureLog()}), which serving writes to
 * and which must be closed (flushed) when the node stops, and the node's {@link ExperimentChooser}
 * ({@link #chooser()}) over a {@link RunningCache}, which every committed start, stop, edit or delete refreshes
 * cluster-wide ({@link RunningCache#announce}). The handlers only translate HTTP: what they do is
 * {@link ExperimentService} ({@link #service()}), which the dashboard calls too. It also runs the node's
 * {@link BanditJob} ({@link #bandit()}), which re-allocates the traffic of {@code "allocation": "thompson"}
 * experiments and refreshes the same caches the same way.
 */
public final class ExperimentsFeature implements ApiFeature {
  private final ExperimentService service;
  private final ExposureLog exposureLog;
  private final ExperimentChooser chooser;
  private final BanditJob bandit;

  public ExperimentsFeature(Services services) {
    RunningCache running = new RunningCache(services.vertx(), services.pool());
    this.service = new ExperimentService(services.vertx(), services.pool(), running);
    this.exposureLog = new ExposureLog(services.vertx(), services.pool());
    this.chooser = new ExperimentChooser(running, services.pool());
    this.bandit = new BanditJob(services.vertx(), services.pool(), running, services.config().bandit());
    bandit.start();
  }

  /** The operations on experiments, shared with the dashboard. */
  public ExperimentService service() {
    return service;
  }

  /** Which experiment and variant a recommendation request is served under (cached, no SQL when warm). */
  public ExperimentChooser chooser() {
    return chooser;
  }

  /** Where serving records exposures; {@code close()} it on shutdown so nothing buffered is lost. */
  public ExposureLog exposureLog() {
    return exposureLog;
  }

  /** This node's bandit job; it runs on its own timer, and tests call {@link BanditJob#runOnce()} directly. */
  public BanditJob bandit() {
    return bandit;
  }

  /** Stops the bandit's timer and flushes every buffered exposure before the node stops: no accepted data is lost. */
  @Override
  public Future<Void> close() {
    bandit.stop();
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
    service.list(admin(ctx))
        .onSuccess(all -> Responses.json(ctx, 200, new JsonObject().put("experiments", all)))
        .onFailure(ctx::fail);
  }

  private void create(RoutingContext ctx) {
    service.create(admin(ctx), Requests.bodyObject(ctx), actor(ctx))
        .onSuccess(e -> {
          ctx.response().putHeader("Location", "/v1/experiments/" + e.getString("id"));
          Responses.json(ctx, 201, e);
        })
        .onFailure(ctx::fail);
  }

  private void get(RoutingContext ctx) {
    service.get(admin(ctx), Requests.path(ctx, "experimentId"))
        .onSuccess(e -> Responses.json(ctx, 200, e))
        .onFailure(ctx::fail);
  }

  private void update(RoutingContext ctx) {
    TenantId tenant = admin(ctx);
    service.update(tenant, Requests.path(ctx, "experimentId"), Requests.bodyObject(ctx), actor(ctx))
        .onSuccess(e -> Responses.json(ctx, 200, e))
        .onFailure(ctx::fail);
  }

  private void delete(RoutingContext ctx) {
    TenantId tenant = admin(ctx);
    service.delete(tenant, Requests.path(ctx, "experimentId"), actor(ctx))
        .onSuccess(v -> Responses.noContent(ctx))
        .onFailure(ctx::fail);
  }

  private void start(RoutingContext ctx) {
    TenantId tenant = admin(ctx);
    service.start(tenant, Requests.path(ctx, "experimentId"), actor(ctx))
        .onSuccess(e -> Responses.json(ctx, 200, e))
        .onFailure(ctx::fail);
  }

  private void stop(RoutingContext ctx) {
    TenantId tenant = admin(ctx);
    service.stop(tenant, Requests.path(ctx, "experimentId"), actor(ctx))
        .onSuccess(e -> Responses.json(ctx, 200, e))
        .onFailure(ctx::fail);
  }

  private void results(RoutingContext ctx) {
    TenantId tenant = admin(ctx);
    Duration window = Duration.ofHours(Requests.queryInt(ctx, "attributionWindowHours",
        (int) ResultsQuery.DEFAULT_WINDOW.toHours()));
    service.results(tenant, Requests.path(ctx, "experimentId"), window)
        .onSuccess(body -> Responses.json(ctx, 200, body))
        .onFailure(ctx::fail);
  }

  private void audit(RoutingContext ctx) {
    TenantId tenant = admin(ctx);
    String id = Requests.path(ctx, "experimentId");
    service.audit(tenant, id)
        .onSuccess(entries -> Responses.json(ctx, 200,
            new JsonObject().put("experimentId", id).put("entries", entries)))
        .onFailure(ctx::fail);
  }
}
