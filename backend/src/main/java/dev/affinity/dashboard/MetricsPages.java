package dev.affinity.dashboard;

import dev.affinity.metrics.ClusterFigures;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.BiFunction;

/**
 * The operational metrics page ({@code /dashboard/metrics}) and the JSON its script polls
 * ({@code /dashboard/metrics.json}): request rate, latency percentiles and error rate per route, events ingested
 * and the model in use — for the logged-in admin's tenant only, gathered from every node of the cluster
 * ({@link ClusterFigures}) since each started. The page says how many nodes answered.
 */
final class MetricsPages {
  private final ClusterFigures figures;
  private final Pages pages;
  private final BiConsumer<RoutingContext, Handler<Sessions.Session>> withSession;
  private final BiFunction<RoutingContext, Sessions.Session, Map<String, Object>> navVariables;

  MetricsPages(ClusterFigures figures, Pages pages, BiConsumer<RoutingContext, Handler<Sessions.Session>> withSession,
      BiFunction<RoutingContext, Sessions.Session, Map<String, Object>> navVariables) {
    this.figures = figures;
    this.pages = pages;
    this.withSession = withSession;
    this.navVariables = navVariables;
  }

  void page(RoutingContext ctx) {
    withSession.accept(ctx, session -> figures.of(session.tenant().id())
        .compose(f -> {
          Map<String, Object> vars = navVariables.apply(ctx, session);
          vars.put("metrics", f.view());
          return pages.send(ctx, 200, "metrics.html", vars);
        })
        .onFailure(ctx::fail));
  }

  void json(RoutingContext ctx) {
    withSession.accept(ctx, session -> figures.of(session.tenant().id())
        .compose(f -> ctx.response().putHeader("Content-Type", "application/json").end(f.toJson().encode()))
        .onFailure(ctx::fail));
  }
}
