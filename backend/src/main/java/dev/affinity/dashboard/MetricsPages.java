package dev.affinity.dashboard;

import dev.affinity.metrics.NodeMetrics;
import dev.affinity.metrics.TenantFigures;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.internal.VertxInternal;
import io.vertx.ext.web.RoutingContext;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.BiFunction;

/**
 * The operational metrics page ({@code /dashboard/metrics}) and the JSON its script polls
 * ({@code /dashboard/metrics.json}): request rate, latency percentiles and error rate per route, events ingested
 * and the model in use — for the logged-in admin's tenant only, as this node recorded them since it started.
 *
 * <p>Why this node's figures and not the cluster's: every node exports the same series to Prometheus, whose
 * histogram buckets and counters add up across nodes; that is where the fleet-wide view belongs. Gathering the
 * other nodes' registries over the event bus for each page load would put cluster traffic behind a page refresh
 * and still be a guess while a node is joining or leaving. The page says which node answered.
 */
final class MetricsPages {
  private final NodeMetrics metrics;
  private final Vertx vertx;
  private final Pages pages;
  private final BiConsumer<RoutingContext, Handler<Sessions.Session>> withSession;
  private final BiFunction<RoutingContext, Sessions.Session, Map<String, Object>> navVariables;

  MetricsPages(NodeMetrics metrics, Vertx vertx, Pages pages,
      BiConsumer<RoutingContext, Handler<Sessions.Session>> withSession,
      BiFunction<RoutingContext, Sessions.Session, Map<String, Object>> navVariables) {
    this.metrics = metrics;
    this.vertx = vertx;
    this.pages = pages;
    this.withSession = withSession;
    this.navVariables = navVariables;
  }

  void page(RoutingContext ctx) {
    withSession.accept(ctx, session -> {
      TenantFigures figures = metrics.figures(session.tenant().id());
      Map<String, Object> vars = navVariables.apply(ctx, session);
      vars.put("metrics", figures.view());
      vars.put("node", node());
      pages.send(ctx, 200, "metrics.html", vars).onFailure(ctx::fail);
    });
  }

  void json(RoutingContext ctx) {
    withSession.accept(ctx, session -> ctx.response()
        .putHeader("Content-Type", "application/json")
        .end(metrics.figures(session.tenant().id()).toJson().put("node", node()).encode()));
  }

  /** Which node answered: its cluster member id, or "this node" when it runs alone. */
  private String node() {
    VertxInternal vx = (VertxInternal) vertx;
    return vx.isClustered() ? vx.clusterManager().getNodeId() : "this node";
  }
}
