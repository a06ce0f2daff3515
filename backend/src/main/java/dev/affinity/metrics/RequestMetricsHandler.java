package dev.affinity.metrics;

import dev.affinity.tenants.Principal;
import dev.affinity.tenants.TenantGuard;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.PlatformHandler;
import java.util.List;

/**
 * The first root handler of an HTTP verticle: notes when the request arrived and, when its response ends,
 * records the latency and status under the caller and the route template. Everything is decided at the end,
 * because only then are the caller (the guard may have run) and the status known. The caller is a tenant only
 * when {@link TenantGuard} verified a tenant credential; a path or header can never create a tenant label.
 *
 * <p>One instance per verticle (its router's templates), sharing the node's {@link NodeMetrics}. A
 * {@link PlatformHandler}, like Vert.x's own logger and response-time handlers, so it may run before the body
 * handler and time the whole request.
 */
public final class RequestMetricsHandler implements PlatformHandler {
  private final NodeMetrics metrics;
  private RouteTemplates templates = RouteTemplates.of(List.of(), List.of());

  RequestMetricsHandler(NodeMetrics metrics) {
    this.metrics = metrics;
  }

  /** Reads the route templates of the finished router; call once all routes are mounted, before listening. */
  public void bind(Router router) {
    templates = RouteTemplates.of(router);
  }

  @Override
  public void handle(RoutingContext ctx) {
    long start = System.nanoTime();
    ctx.addEndHandler(ended -> record(ctx, start, ended.succeeded()));
    ctx.next();
  }

  /** A response that never ended (the client went away) is counted under status class "other", not as its code. */
  private void record(RoutingContext ctx, long start, boolean ended) {
    long nanos = System.nanoTime() - start;
    Endpoint endpoint = metrics.endpoint(templates.match(ctx.normalizedPath()),
        NodeMetrics.methodIndex(ctx.request().method()));
    Principal p = ctx.get(TenantGuard.PRINCIPAL);
    Object caller = p == null ? NodeMetrics.NO_TENANT : p.tenantId() == null ? NodeMetrics.OPERATOR : p.tenantId();
    endpoint.meters(caller).record(ended ? ctx.response().getStatusCode() : 0, nanos);
  }
}
