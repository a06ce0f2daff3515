package dev.affinity.app;

import dev.affinity.http.ApiFeature;
import dev.affinity.http.ProblemHandler;
import dev.affinity.http.RequestIds;
import dev.affinity.metrics.RequestMetricsHandler;
import dev.affinity.tenants.RateLimitHandler;
import dev.affinity.tenants.TenantGuard;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.ext.web.openapi.router.RequestExtractor;
import io.vertx.ext.web.openapi.router.RouterBuilder;
import io.vertx.openapi.contract.OpenAPIContract;
import java.util.List;

/**
 * The HTTP server of one event loop. Routing is built from the OpenAPI contract, which validates every
 * request before a handler sees it; {@code /v1/*} requires a verified credential and obeys the tenant's
 * rate limit; everything else (health, metrics, docs, dashboard) is added by features. The first root handler
 * times every request for the per-tenant, per-route metrics ({@link RequestMetricsHandler}); it reads the route
 * templates from the finished router.
 */
final class HttpVerticle extends VerticleBase {
  /** Session cookie of the dashboard (an admin JWT); also accepted by the API guard. */
  static final String SESSION_COOKIE = "affinity_session";

  private final Services services;
  private final OpenAPIContract contract;
  private final List<ApiFeature> features;
  private HttpServer server;

  HttpVerticle(Services services, OpenAPIContract contract, List<ApiFeature> features) {
    this.services = services;
    this.contract = contract;
    this.features = features;
  }

  /** The port this instance listens on (the real one when configured with port 0). */
  int actualPort() {
    return server.actualPort();
  }

  @Override
  public Future<?> start() {
    TenantGuard guard = new TenantGuard(services.apiKeys(), services.jwt(), services.config().operatorToken(),
        SESSION_COOKIE);
    RateLimitHandler rateLimit = new RateLimitHandler(services.rateLimiter(), services.apiKeys()::rateLimitFor);

    RequestMetricsHandler requestMetrics = services.metrics().requestHandler();
    RouterBuilder builder = RouterBuilder.create(vertx, contract, RequestExtractor.withBodyHandler());
    builder.rootHandler(requestMetrics);
    builder.rootHandler(BodyHandler.create(false).setBodyLimit(services.config().maxBodyBytes()));
    builder.rootHandler(new RequestIds());
    builder.rootHandler(onlyApi(guard));
    builder.rootHandler(onlyApi(rateLimit));
    // Authentication is TenantGuard's job (API keys, sessions, operator token); the contract's
    // security scheme documents it for clients.
    builder.getRoutes().forEach(route -> route.setDoSecurity(false));
    features.forEach(f -> f.mountOperations(builder));
    Router router = builder.createRouter();
    features.forEach(f -> f.mountRoutes(router));
    requestMetrics.bind(router);

    ProblemHandler problems = new ProblemHandler();
    router.route().failureHandler(problems);
    router.errorHandler(404, ctx -> ProblemHandler.send(ctx, 404, "Not found", "No resource at " + ctx.request().path() + "."));
    router.errorHandler(405, ctx -> ProblemHandler.send(ctx, 405, "Method not allowed",
        ctx.request().method() + " is not allowed on " + ctx.request().path() + "."));

    HttpServerOptions options = new HttpServerOptions()
        .setPort(services.config().port())
        .setHost(services.config().host())
        // Answers are small JSON; a compressor in every connection's pipeline cost more than it saved.
        .setCompressionSupported(false)
        .setTcpNoDelay(true);
    return vertx.createHttpServer(options).requestHandler(router).listen().onSuccess(s -> server = s);
  }

  /** The guard and limiter apply to the versioned API only, not to health, docs or the dashboard. */
  private static Handler<RoutingContext> onlyApi(Handler<RoutingContext> handler) {
    return ctx -> {
      if (ctx.request().path().startsWith("/v1/")) {
        handler.handle(ctx);
      } else {
        ctx.next();
      }
    };
  }
}
