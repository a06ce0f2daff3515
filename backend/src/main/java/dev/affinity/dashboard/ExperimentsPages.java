package dev.affinity.dashboard;

import dev.affinity.experiments.ExperimentService;
import dev.affinity.tenants.TenantId;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.time.Duration;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * The experiments pages: the list, one experiment's results (read-out, charts, audit trail) and the start/stop
 * confirmation. Everything goes through {@link ExperimentService}, the same code the REST API calls, with the
 * signed-in admin's email as the audit actor; another tenant's experiment is the same 404 as a missing one.
 * Forms are in {@link ExperimentFormPages}.
 *
 * <p>Start and stop are two steps without any script: the results page links to a confirmation page that says
 * what will happen, and only that page's POST form (with the CSRF token) changes anything.
 */
final class ExperimentsPages {
  /** The attribution window the dashboard reads results with: the API's default. */
  static final Duration WINDOW = Duration.ofHours(24);

  private final ExperimentService experiments;
  private final Pages pages;
  private final Csrf csrf;
  private final BiConsumer<RoutingContext, Handler<Sessions.Session>> withSession;

  ExperimentsPages(ExperimentService experiments, Pages pages, Csrf csrf,
      BiConsumer<RoutingContext, Handler<Sessions.Session>> withSession) {
    this.experiments = experiments;
    this.pages = pages;
    this.csrf = csrf;
    this.withSession = withSession;
  }

  /** {@code GET /dashboard/experiments}. */
  void list(RoutingContext ctx) {
    withSession.accept(ctx, session -> experiments.list(session.tenant().id())
        .compose(all -> {
          Map<String, Object> vars = ApiKeysPages.navVariables(session, csrf.tokenFor(ctx));
          vars.put("experiments", ExperimentViews.summaries(all));
          return pages.send(ctx, 200, "experiments.html", vars);
        })
        .onFailure(ctx::fail));
  }

  /** {@code GET /dashboard/experiments/:id}: the read-out, the charts' data URL and the audit trail. */
  void results(RoutingContext ctx) {
    withSession.accept(ctx, session -> {
      TenantId tenant = session.tenant().id();
      String id = ctx.pathParam("id");
      Future<JsonObject> experiment = experiments.get(tenant, id);
      experiment
          .compose(e -> Future.all(experiments.results(tenant, id, WINDOW), experiments.audit(tenant, id)))
          .compose(all -> {
            Map<String, Object> vars = ApiKeysPages.navVariables(session, csrf.tokenFor(ctx));
            vars.put("experiment", ExperimentViews.summary(experiment.result()));
            vars.put("results", ExperimentViews.results(all.resultAt(0)));
            vars.put("audit", ExperimentViews.audit(all.resultAt(1)));
            return pages.send(ctx, 200, "experiment.html", vars);
          })
          .onFailure(ctx::fail);
    });
  }

  /**
   * {@code GET /dashboard/experiments/:id/timeline[?bucket=hour|day]}: the charts' data, cumulative per bucket
   * (see {@code TimelineJson}). Same session and tenant as the pages; never cached.
   */
  void timeline(RoutingContext ctx) {
    withSession.accept(ctx, session -> experiments
        .timeline(session.tenant().id(), ctx.pathParam("id"), WINDOW, ctx.request().getParam("bucket"))
        .compose(json -> ctx.response().setStatusCode(200)
            .putHeader("Content-Type", "application/json; charset=utf-8")
            .end(json.encode()))
        .onFailure(ctx::fail));
  }

  /** {@code GET /dashboard/experiments/:id/start}: asks before starting. */
  void confirmStart(RoutingContext ctx) {
    confirm(ctx, "start");
  }

  /** {@code GET /dashboard/experiments/:id/stop}: asks before stopping for good. */
  void confirmStop(RoutingContext ctx) {
    confirm(ctx, "stop");
  }

  private void confirm(RoutingContext ctx, String action) {
    withSession.accept(ctx, session -> experiments.get(session.tenant().id(), ctx.pathParam("id"))
        .compose(e -> {
          Map<String, Object> vars = ApiKeysPages.navVariables(session, csrf.tokenFor(ctx));
          vars.put("experiment", ExperimentViews.summary(e));
          vars.put("action", action);
          return pages.send(ctx, 200, "experiment-confirm.html", vars);
        })
        .onFailure(ctx::fail));
  }

  /** {@code POST /dashboard/experiments/:id/start} (CSRF-checked before it gets here). */
  void start(RoutingContext ctx) {
    withSession.accept(ctx, session -> {
      String id = ctx.pathParam("id");
      experiments.start(session.tenant().id(), id, session.admin().subject())
          .compose(e -> Pages.redirect(ctx, resultsUrl(id)))
          .onFailure(ctx::fail);
    });
  }

  /** {@code POST /dashboard/experiments/:id/stop} (CSRF-checked before it gets here). */
  void stop(RoutingContext ctx) {
    withSession.accept(ctx, session -> {
      String id = ctx.pathParam("id");
      experiments.stop(session.tenant().id(), id, session.admin().subject())
          .compose(e -> Pages.redirect(ctx, resultsUrl(id)))
          .onFailure(ctx::fail);
    });
  }

  /** Experiment ids are server-made ({@code exp_} and hex), so they need no escaping in a path. */
  static String resultsUrl(String id) {
    return "/dashboard/experiments/" + id;
  }
}
