package dev.affinity.ops;

import dev.affinity.app.Services;
import dev.affinity.http.ApiFeature;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.StaticHandler;
import io.vertx.micrometer.PrometheusScrapingHandler;
import io.vertx.core.internal.VertxInternal;

/**
 * Operational endpoints outside the versioned API: liveness and readiness for orchestrators,
 * Prometheus metrics, the OpenAPI document and its browsable docs (served from the jar, no CDN).
 */
public final class OpsFeature implements ApiFeature {
  static final String SWAGGER_UI = "META-INF/resources/webjars/swagger-ui/5.27.1";

  private final Services services;

  public OpsFeature(Services services) {
    this.services = services;
  }

  @Override
  public void mountRoutes(Router router) {
    router.get("/health/live").handler(this::live);
    router.get("/health/ready").handler(this::ready);
    router.get("/metrics").handler(PrometheusScrapingHandler.create(services.metricsRegistry()));
    router.get("/openapi.yaml").handler(this::openapi);
    router.get("/docs").handler(this::docsPage);
    router.get("/docs/init.js").handler(this::docsInit);
    router.get("/docs/assets/*").handler(StaticHandler.create(SWAGGER_UI).setCachingEnabled(true));
  }

  private void live(RoutingContext ctx) {
    ctx.json(new JsonObject().put("status", "UP"));
  }

  private void ready(RoutingContext ctx) {
    services.pool().query("select 1").execute()
        .onSuccess(rows -> ctx.json(readiness(true, null)))
        .onFailure(err -> ctx.response().setStatusCode(503)
            .putHeader("Content-Type", "application/json")
            .end(readiness(false, err.getMessage()).encode()));
  }

  private JsonObject readiness(boolean dbUp, String dbError) {
    VertxInternal vx = (VertxInternal) services.vertx();
    JsonObject cluster = vx.isClustered()
        ? new JsonObject().put("clustered", true).put("members", vx.clusterManager().getNodes().size())
        : new JsonObject().put("clustered", false);
    JsonObject db = new JsonObject().put("status", dbUp ? "UP" : "DOWN");
    if (dbError != null) {
      db.put("error", dbError);
    }
    return new JsonObject()
        .put("status", dbUp ? "UP" : "DOWN")
        .put("database", db)
        .put("cluster", cluster)
        .put("gpu", new JsonObject()
            .put("active", services.gpu().cudaActive())
            .put("description", services.gpu().description()));
  }

  private void openapi(RoutingContext ctx) {
    services.vertx().fileSystem().readFile("openapi.yaml")
        .onSuccess(buf -> ctx.response().putHeader("Content-Type", "application/yaml").end(buf))
        .onFailure(ctx::fail);
  }

  private void docsPage(RoutingContext ctx) {
    ctx.response().putHeader("Content-Type", "text/html; charset=utf-8").end("""
        <!doctype html>
        <html lang="en">
        <head>
          <meta charset="utf-8"><title>Affinity API</title>
          <link rel="stylesheet" href="/docs/assets/swagger-ui.css">
        </head>
        <body>
          <div id="swagger-ui"></div>
          <script src="/docs/assets/swagger-ui-bundle.js"></script>
          <script src="/docs/init.js"></script>
        </body>
        </html>
        """);
  }

  private void docsInit(RoutingContext ctx) {
    ctx.response().putHeader("Content-Type", "text/javascript").end(
        "window.ui = SwaggerUIBundle({url: '/openapi.yaml', dom_id: '#swagger-ui'});\n");
  }
}
